//! The characters the screen is drawn with: Unicode block shades, or plain ASCII (`--ascii`) for
//! terminals and fonts without them.

/// One glyph set.
#[derive(Debug, PartialEq, Eq)]
pub struct Glyphs {
    /// Eight shades from low to high: a value's height, readable without colour.
    pub ramp: [&'static str; 8],
    /// Marks a value that rose or fell by a tenth of its scale or more since the previous step.
    pub up: &'static str,
    pub down: &'static str,
    /// The rule between side-by-side panes.
    pub vrule: &'static str,
    /// More content to the left and right of a window.
    pub more_left: &'static str,
    pub more_right: &'static str,
    /// More rows above and below a window.
    pub more_up: &'static str,
    pub more_down: &'static str,
    pub playing: &'static str,
    pub paused: &'static str,
    pub times: &'static str,
    pub minus: &'static str,
    pub dot: &'static str,
    pub ellipsis: &'static str,
    pub sigma: &'static str,
    pub bar: &'static str,
    pub range: &'static str,
    pub plus_minus: &'static str,
    /// From one thing to another: 64 features → 32 units.
    pub arrow: &'static str,
    /// A question answered right, wrong, or not yet (the class's roster).
    pub right: &'static str,
    pub wrong: &'static str,
    pub unanswered: &'static str,
}

pub const UNICODE: Glyphs = Glyphs {
    ramp: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
    up: "↑",
    down: "↓",
    vrule: "│",
    more_left: "◂",
    more_right: "▸",
    more_up: "▴",
    more_down: "▾",
    playing: "▶",
    paused: "‖",
    times: "×",
    minus: "−",
    dot: "·",
    ellipsis: "…",
    sigma: "σ",
    bar: "█",
    range: "‥",
    plus_minus: "±",
    arrow: "→",
    right: "✓",
    wrong: "✗",
    unanswered: "·",
};

pub const ASCII: Glyphs = Glyphs {
    ramp: [".", ":", "-", "=", "+", "*", "#", "@"],
    up: "^",
    down: "v",
    vrule: "|",
    more_left: "<",
    more_right: ">",
    more_up: "^",
    more_down: "v",
    playing: ">",
    paused: "||",
    times: "x",
    minus: "-",
    dot: "*",
    ellipsis: "...",
    sigma: "sigmoid",
    bar: "#",
    range: "..",
    plus_minus: "+-",
    arrow: "->",
    right: "+",
    wrong: "x",
    unanswered: ".",
};

impl Glyphs {
    /// The shade for a level in 0..1.
    pub fn shade(&self, level: f32) -> &'static str {
        let k = (level.clamp(0.0, 1.0) * self.ramp.len() as f32) as usize;
        self.ramp[k.min(self.ramp.len() - 1)]
    }

    /// An activation's symbol in this glyph set (σ for sigmoid).
    pub fn activation(&self, a: crate::model::activation::Activation) -> String {
        a.symbol().replace("σ", self.sigma)
    }
}
