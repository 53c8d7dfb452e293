//! How the screen looks: the options the command line gives (`--theme`, `--ascii`), and the
//! theme and glyphs they choose, with NO_COLOR and COLORTERM from the environment.

use super::glyphs::{self, Glyphs};
use super::theme::{Depth, Theme, ThemeName};

/// How the screen should look, as the command line says (`--theme`, `--ascii`).
#[derive(Debug, Clone, clap::Args, Default)]
pub struct DisplayOptions {
    /// Colour theme.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,
    /// Draw with ASCII only, for terminals without Unicode block glyphs.
    #[arg(long)]
    pub ascii: bool,
}

/// How the screen looks: colours and glyphs.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    pub glyphs: &'static Glyphs,
}

impl Default for Look {
    /// Dark, truecolor, Unicode.
    fn default() -> Self {
        Look {
            theme: Theme::named(ThemeName::Dark, Depth::TrueColor),
            glyphs: &glyphs::UNICODE,
        }
    }
}

impl Look {
    pub fn new(theme: ThemeName, depth: Depth, ascii: bool) -> Look {
        Look {
            theme: Theme::named(theme, depth),
            glyphs: if ascii { &glyphs::ASCII } else { &glyphs::UNICODE },
        }
    }

    /// From the command line and the environment: `--theme` wins, then NO_COLOR means mono,
    /// else dark; truecolor when COLORTERM says so.
    pub fn from_env(display: &DisplayOptions) -> Look {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let theme = display
            .theme
            .unwrap_or(if no_color { ThemeName::Mono } else { ThemeName::Dark });
        Look::new(theme, Depth::from_env(), display.ascii)
    }
}
