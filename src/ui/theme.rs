//! Colour themes (dark, light, mono, high-contrast) as data, and the colour scales: sequential for
//! gates (0..1), diverging for signed values (candidate, h, c, x). Truecolor where the terminal
//! says so, else the nearest of the 256 xterm colours; mono uses no colour at all.

use ratatui::style::{Color, Modifier, Style};

/// The colour themes, as `--theme` and `:theme` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
    /// Strong contrast for projectors.
    HighContrast,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    TrueColor,
    Indexed256,
}

impl Depth {
    /// Truecolor when COLORTERM says `truecolor` or `24bit`, else 256 colours.
    pub fn from_env() -> Depth {
        match std::env::var("COLORTERM") {
            Ok(v) if v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit") => Depth::TrueColor,
            _ => Depth::Indexed256,
        }
    }
}

/// Which colour scale a value is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ramp {
    /// 0 .. 1, low to high.
    Sequential,
    /// −m .. m, negative to positive through a neutral middle.
    Diverging,
}

type Rgb = (u8, u8, u8);

/// Distinct colours along a scale: one per shade glyph.
const SCALE_STEPS: usize = 8;

/// A theme's colours, all in one place.
#[derive(Debug, Clone, Copy)]
struct Palette {
    text: Rgb,
    dim: Rgb,
    accent: Rgb,
    bar_bg: Rgb,
    bar_fg: Rgb,
    error: Rgb,
    sequential: [Rgb; 5],
    diverging: [Rgb; 5],
    /// Paint the background too (high contrast forces black).
    background: Option<Rgb>,
}

const DARK: Palette = Palette {
    text: (220, 220, 220),
    dim: (130, 130, 140),
    accent: (95, 175, 255),
    bar_bg: (40, 44, 60),
    bar_fg: (230, 230, 230),
    error: (255, 95, 95),
    sequential: [
        (72, 40, 120),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ],
    diverging: [
        (70, 110, 255),
        (141, 176, 254),
        (200, 200, 200),
        (244, 154, 123),
        (235, 50, 50),
    ],
    background: None,
};

const LIGHT: Palette = Palette {
    text: (30, 30, 30),
    dim: (110, 110, 110),
    accent: (0, 90, 200),
    bar_bg: (215, 220, 235),
    bar_fg: (20, 20, 20),
    error: (190, 0, 0),
    sequential: [
        (200, 200, 225),
        (120, 140, 200),
        (33, 125, 140),
        (40, 150, 60),
        (150, 110, 0),
    ],
    diverging: [
        (20, 60, 200),
        (90, 130, 230),
        (120, 120, 120),
        (220, 110, 70),
        (180, 10, 30),
    ],
    background: None,
};

const HIGH_CONTRAST: Palette = Palette {
    text: (255, 255, 255),
    dim: (200, 200, 200),
    accent: (255, 255, 0),
    bar_bg: (255, 255, 255),
    bar_fg: (0, 0, 0),
    error: (255, 80, 80),
    sequential: [
        (0, 90, 255),
        (0, 200, 255),
        (0, 255, 120),
        (255, 255, 0),
        (255, 255, 255),
    ],
    diverging: [
        (0, 140, 255),
        (120, 210, 255),
        (255, 255, 255),
        (255, 190, 0),
        (255, 60, 0),
    ],
    background: Some((0, 0, 0)),
};

/// The theme in use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    pub depth: Depth,
    palette: Option<Palette>,
}

impl Theme {
    pub fn named(name: ThemeName, depth: Depth) -> Theme {
        let palette = match name {
            ThemeName::Dark => Some(DARK),
            ThemeName::Light => Some(LIGHT),
            ThemeName::HighContrast => Some(HIGH_CONTRAST),
            ThemeName::Mono => None,
        };
        Theme { name, depth, palette }
    }

    fn color(&self, rgb: Rgb) -> Color {
        match self.depth {
            Depth::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
            Depth::Indexed256 => Color::Indexed(xterm256(rgb)),
        }
    }

    fn fg(&self, pick: impl Fn(&Palette) -> Rgb) -> Style {
        match &self.palette {
            Some(p) => Style::new().fg(self.color(pick(p))),
            None => Style::new(),
        }
    }

    /// The whole screen's base style.
    pub fn base(&self) -> Style {
        match &self.palette {
            Some(p) => {
                let s = Style::new().fg(self.color(p.text));
                match p.background {
                    Some(bg) => s.bg(self.color(bg)),
                    None => s,
                }
            }
            None => Style::new(),
        }
    }

    pub fn dim(&self) -> Style {
        match self.palette {
            Some(_) => self.fg(|p| p.dim),
            None => Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// Pane titles.
    pub fn title(&self) -> Style {
        self.fg(|p| p.accent).add_modifier(Modifier::BOLD)
    }

    /// The header and footer bars.
    pub fn bar(&self) -> Style {
        match &self.palette {
            Some(p) => Style::new().fg(self.color(p.bar_fg)).bg(self.color(p.bar_bg)),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Key names in hints and help.
    pub fn key(&self) -> Style {
        self.fg(|p| p.accent).add_modifier(Modifier::BOLD)
    }

    /// What has the focus (the focused unit, layer, the cursor column).
    pub fn focus(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(|p| p.error).add_modifier(Modifier::BOLD)
    }

    /// The colour for a value at `level` (0..1) along a ramp, in as many steps as there are
    /// shades (so colour and shade always agree, and neighbours often share a colour); plain
    /// text in mono.
    pub fn scale(&self, ramp: Ramp, level: f32) -> Style {
        let Some(p) = &self.palette else { return Style::new() };
        let steps = SCALE_STEPS as f32;
        let level = ((level.clamp(0.0, 1.0) * steps).floor().min(steps - 1.0) + 0.5) / steps;
        let stops = match ramp {
            Ramp::Sequential => &p.sequential,
            Ramp::Diverging => &p.diverging,
        };
        let x = level.clamp(0.0, 1.0) * (stops.len() - 1) as f32;
        let k = (x.floor() as usize).min(stops.len() - 2);
        let f = x - k as f32;
        let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * f).round() as u8;
        let (a, b) = (stops[k], stops[k + 1]);
        // The value cells are most of what changes from step to step: their colours are the
        // nearest of the 256, a short escape sequence, even on a truecolor terminal (the shade
        // glyph carries the level as well).
        Style::new().fg(Color::Indexed(xterm256((mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)))))
    }
}

/// The nearest colour of the xterm 256-colour palette (the 6×6×6 cube or the grey ramp).
pub fn xterm256((r, g, b): Rgb) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest = |v: u8| {
        LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(k, _)| k)
    };
    let (ri, gi, bi) = (nearest(r), nearest(g), nearest(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let grey_index = ((u32::from(r) + u32::from(g) + u32::from(b)) / 3).saturating_sub(3) / 10;
    let grey_index = grey_index.min(23) as u8;
    let grey = 8 + 10 * grey_index;
    let dist = |c: Rgb| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(c.0, r) + d(c.1, g) + d(c.2, b)
    };
    if dist((grey, grey, grey)) < dist(cube) {
        232 + grey_index
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_cube_and_greys() {
        assert_eq!(xterm256((0, 0, 0)), 16);
        assert_eq!(xterm256((255, 255, 255)), 231);
        assert_eq!(xterm256((255, 0, 0)), 196);
        assert_eq!(xterm256((128, 128, 128)), 244);
    }

    #[test]
    fn mono_has_no_colour() {
        let t = Theme::named(ThemeName::Mono, Depth::TrueColor);
        assert_eq!(t.scale(Ramp::Diverging, 0.9), Style::new());
        assert_eq!(t.base(), Style::new());
    }
}
