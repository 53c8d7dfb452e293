//! Colour themes (dark, light, mono, high-contrast) as data, and the colour scales: sequential for
//! gates (0..1), diverging for signed values (candidate, h, c, x). What the terminal can show
//! ([`Depth::detect`]) decides how they are written: truecolor, the nearest of the xterm 256
//! colours, the nearest of the 16 ANSI colours, or no colour at all.

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

/// How many colours the terminal shows (`--colors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Depth {
    /// No colour at all: bold, dim and reverse only.
    Mono,
    /// The 16 ANSI colours, whatever RGB the terminal gives them.
    #[value(name = "16")]
    Ansi16,
    /// The xterm 256-colour palette (its 6×6×6 cube and grey ramp).
    #[value(name = "256")]
    Indexed256,
    /// 24-bit colour.
    #[value(name = "truecolor")]
    TrueColor,
}

impl Depth {
    /// What a terminal can show, from its TERM, COLORTERM and NO_COLOR as given (the process
    /// environment for `run` and `frame`, what the SSH client sent for `serve`): mono for NO_COLOR
    /// (set and not empty), no TERM, `dumb` and the monochrome terminals; truecolor when
    /// COLORTERM says `truecolor` or `24bit`, or the TERM is a direct-colour one (`xterm-direct`,
    /// `*-truecolor`, `*-24bit`: terminfo's names for 24-bit terminals); 256 colours for a
    /// `*-256color` TERM; else 16.
    pub fn detect(term: Option<&str>, colorterm: Option<&str>, no_color: Option<&str>) -> Depth {
        let term = term.unwrap_or("");
        let monochrome = matches!(term, "" | "dumb" | "vt100" | "vt102" | "vt220" | "ansi-mono")
            || term.ends_with("-mono")
            || term.ends_with("-m");
        if no_color.is_some_and(|v| !v.is_empty()) || monochrome {
            Depth::Mono
        } else if colorterm.is_some_and(|c| c.eq_ignore_ascii_case("truecolor") || c.eq_ignore_ascii_case("24bit"))
            || ["-direct", "-truecolor", "-24bit"]
                .iter()
                .any(|end| term.ends_with(end))
        {
            Depth::TrueColor
        } else if term.ends_with("-256color") {
            Depth::Indexed256
        } else {
            Depth::Ansi16
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

/// A theme's colours, all in one place. Every theme paints its own background, so what is
/// drawn on it reads the same on a dark and a light terminal (and its contrast can be checked:
/// `theme_tests.rs` takes every pair).
#[derive(Debug, Clone, Copy)]
struct Palette {
    /// The screen's background.
    background: Rgb,
    /// The header and footer's background.
    bar_bg: Rgb,
    text: Rgb,
    dim: Rgb,
    /// Titles and key names, on the screen and on the bars.
    accent: Rgb,
    bar_fg: Rgb,
    error: Rgb,
    /// The value scales, drawn on the screen's background (shades and numbers).
    sequential: [Rgb; 5],
    diverging: [Rgb; 5],
}

const DARK: Palette = Palette {
    background: (18, 18, 24),
    bar_bg: (30, 32, 48),
    text: (220, 220, 220),
    dim: (150, 150, 160),
    accent: (80, 200, 230),
    bar_fg: (230, 230, 230),
    error: (255, 80, 80),
    sequential: [
        (140, 130, 170),
        (70, 170, 200),
        (40, 185, 150),
        (140, 210, 80),
        (253, 231, 37),
    ],
    diverging: [
        (60, 190, 255),
        (150, 200, 240),
        (200, 200, 200),
        (244, 154, 123),
        (255, 100, 80),
    ],
};

const LIGHT: Palette = Palette {
    background: (250, 250, 250),
    bar_bg: (225, 228, 238),
    text: (20, 20, 20),
    dim: (40, 50, 90),
    accent: (0, 60, 200),
    bar_fg: (10, 10, 10),
    error: (180, 0, 0),
    sequential: [(30, 30, 200), (60, 30, 200), (150, 0, 160), (200, 0, 60), (150, 0, 0)],
    diverging: [(20, 40, 200), (30, 40, 200), (30, 30, 30), (170, 30, 30), (180, 0, 0)],
};

/// For projectors: white and yellow on black, the bars navy.
const HIGH_CONTRAST: Palette = Palette {
    background: (0, 0, 0),
    bar_bg: (0, 0, 135),
    text: (255, 255, 255),
    dim: (200, 200, 200),
    accent: (255, 255, 0),
    bar_fg: (255, 255, 255),
    error: (255, 170, 170),
    sequential: [
        (0, 160, 255),
        (0, 200, 255),
        (0, 255, 120),
        (255, 255, 0),
        (255, 255, 255),
    ],
    diverging: [
        (0, 170, 255),
        (120, 210, 255),
        (255, 255, 255),
        (255, 190, 0),
        (255, 110, 60),
    ],
};

/// The theme in use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    pub depth: Depth,
    /// None draws no colour: the mono theme, or a terminal without colours.
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
        let palette = palette.filter(|_| depth != Depth::Mono);
        Theme { name, depth, palette }
    }

    fn color(&self, rgb: Rgb) -> Color {
        to_depth(rgb, self.depth)
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
            Some(p) => Style::new().fg(self.color(p.text)).bg(self.color(p.background)),
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

    /// The header and footer bars. Where the bars' background comes out as the screen's (the
    /// dark theme at 16 colours: both are black), they are drawn reversed instead, as in mono,
    /// so that they still stand apart: the text colour becomes the bar, and what is patched onto
    /// it (keys, errors) shows as blocks of its colour.
    pub fn bar(&self) -> Style {
        match &self.palette {
            Some(p) if self.color(p.bar_bg) == self.color(p.background) => Style::new()
                .fg(self.color(p.bar_fg))
                .bg(self.color(p.background))
                .add_modifier(Modifier::REVERSED),
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
        let rgb = (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2));
        // The value cells are most of what changes from step to step: their colours are the
        // nearest of the 256, a short escape sequence, even on a truecolor terminal (the shade
        // glyph carries the level as well).
        let depth = match self.depth {
            Depth::TrueColor => Depth::Indexed256,
            other => other,
        };
        Style::new().fg(to_depth(rgb, depth))
    }
}

/// A theme colour at a terminal's depth: itself in truecolor, the nearest of the xterm 256
/// colours, or the nearest of the 16 ANSI colours by their xterm default RGB; the terminal's
/// default colour in mono.
pub fn to_depth(rgb: Rgb, depth: Depth) -> Color {
    match depth {
        Depth::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
        Depth::Indexed256 => Color::Indexed(xterm256(rgb)),
        Depth::Ansi16 => ANSI16[nearest16(rgb)].0,
        Depth::Mono => Color::Reset,
    }
}

/// The 16 ANSI colours in their order (0 black … 15 bright white), each with xterm's default RGB
/// for it (xterm's XTerm-col.ad). A terminal may give them other RGB; these are what the nearest
/// colour is measured against.
pub const ANSI16: [(Color, Rgb); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// Squared distance between two colours in RGB.
fn distance(a: Rgb, b: Rgb) -> i32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The index of the nearest of the 16 ANSI colours (by xterm's default RGB).
fn nearest16(rgb: Rgb) -> usize {
    (0..ANSI16.len())
        .min_by_key(|&k| distance(ANSI16[k].1, rgb))
        .unwrap_or(0)
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
    if distance((grey, grey, grey), (r, g, b)) < distance(cube, (r, g, b)) {
        232 + grey_index
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
