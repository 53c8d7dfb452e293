//! How the screen looks: the options the command line gives (`--theme`, `--colors`, `--ascii`),
//! and the theme, colour depth and glyphs they choose with what the terminal says of itself.

use super::glyphs::{self, Glyphs};
use super::theme::{Depth, Theme, ThemeName};

/// How the screen should look, as the command line says (`--theme`, `--colors`, `--ascii`).
#[derive(Debug, Clone, clap::Args, Default)]
pub struct DisplayOptions {
    /// Colour theme (each paints its own background).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,
    /// Colours to use, instead of what TERM, COLORTERM and NO_COLOR say.
    #[arg(long, value_enum, value_name = "DEPTH")]
    pub colors: Option<Depth>,
    /// Draw with ASCII only, for terminals without Unicode block glyphs.
    #[arg(long)]
    pub ascii: bool,
}

/// What a terminal says of itself: its TERM, COLORTERM and NO_COLOR, from the process
/// environment or from what an SSH client sent. Nothing here reads the environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct TermInfo<'a> {
    pub term: Option<&'a str>,
    pub colorterm: Option<&'a str>,
    pub no_color: Option<&'a str>,
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

    /// From the command line and the terminal: `--colors` wins, else [`Depth::detect`];
    /// `--theme` wins, else mono when there are no colours and dark when there are.
    pub fn choose(display: &DisplayOptions, terminal: TermInfo) -> Look {
        let depth = display
            .colors
            .unwrap_or_else(|| Depth::detect(terminal.term, terminal.colorterm, terminal.no_color));
        let theme = display.theme.unwrap_or(if depth == Depth::Mono {
            ThemeName::Mono
        } else {
            ThemeName::Dark
        });
        Look::new(theme, depth, display.ascii)
    }
}
