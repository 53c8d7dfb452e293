//! Drawing only: the debugger's screen from the app's state and the recorded trace.
//!
//! ```text
//! compact (80×24 and up)                     wide (120×34 and up)
//! ┌ header: title · t · layer · unit · play ┐  ┌ header ──────────────────────────────────┐
//! │ ▸ lstm_1 (None, 8, 32)  focused layer    │  │ layer panes, all       │ inspector       │
//! │ x(t) ▅ ▃ ▂ …                             │  │ unfolded when they fit │                 │
//! │ f / i / g / o / c(t-1) / c(t) / h(t)     │  │                        ├─────────────────┤
//! │   lstm_2 … h(t) ▅▃▂  (folded layers)    │  │                        │ lesson          │
//! │ timeline: units × time, unit over time   │  ├────────────────────────┤ shapes          │
//! │ inspector          │ lesson|shapes|output│  │ timeline               │ output          │
//! └ footer: key hints, messages, : line ─────┘  └ footer ─────────────────────────────────┘
//! ```
//!
//! Each pane has its own file; [`layout`] decides where they go, and mouse clicks use the same
//! geometry ([`hit`]).

pub mod footer;
pub mod glyphs;
pub mod header;
pub mod help;
pub mod inspector;
pub mod layer;
pub mod lesson;
pub mod output;
pub mod scale;
pub mod shapes;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod too_small;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::app::{App, Info};
use glyphs::Glyphs;
use text::put;
use theme::{Depth, Theme, ThemeName};

/// The smallest screen the debugger draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

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

/// Where each pane goes on a screen of a given size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub body: Rect,
    /// Recurrent layer (index into `App::recurrent`), its area, and whether it is folded to a line.
    pub layers: Vec<(usize, Rect, bool)>,
    pub timeline: Rect,
    pub inspector: Rect,
    pub info: Rect,
    pub footer: Rect,
    /// Vertical rules between side-by-side panes.
    pub rules: Vec<Rect>,
}

/// Split the screen, or `None` when it is too small.
pub fn layout(app: &App, area: Rect) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let footer_h = 1 + u16::from(app.prompt.is_some() && app.message.is_some());
    let header = Rect::new(area.x, area.y, area.width, 1);
    let footer = Rect::new(area.x, area.bottom() - footer_h, area.width, footer_h);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1 - footer_h);
    let wide = area.width >= 120 && area.height >= 34;
    let (left, inspector, info, rule) = if wide {
        // The layers get what they need to show every unit, the inspector at least 42 columns.
        let need = (0..app.recurrent.len())
            .map(|k| layer::full_width(app, k))
            .max()
            .unwrap_or(0);
        let left_w = need.clamp(area.width / 2, area.width - 43);
        let right_w = area.width - left_w - 1;
        let left = Rect::new(body.x, body.y, left_w, body.height);
        let rx = left.right() + 1;
        let inspector = Rect::new(rx, body.y, right_w, inspector::HEIGHT);
        let info = Rect::new(
            rx,
            body.y + inspector::HEIGHT + 1,
            right_w,
            body.height - inspector::HEIGHT - 1,
        );
        (left, inspector, info, Rect::new(rx - 1, body.y, 1, body.height))
    } else {
        let bottom_h = if body.height >= 30 {
            inspector::HEIGHT + 3
        } else {
            inspector::HEIGHT
        };
        let y = body.bottom() - bottom_h;
        let insp_w = (body.width * 2 / 5).clamp(38, 60);
        let inspector = Rect::new(body.x, y, insp_w, bottom_h);
        let info = Rect::new(body.x + insp_w + 1, y, body.width - insp_w - 1, bottom_h);
        let rule = Rect::new(body.x + insp_w, y, 1, bottom_h);
        (
            Rect::new(body.x, body.y, body.width, body.height - bottom_h),
            inspector,
            info,
            rule,
        )
    };
    let min_timeline = if wide { 6 } else { 4 };
    let layers = stack_layers(app, left, min_timeline);
    let used: u16 = layers.iter().map(|(_, r, _)| r.height).sum();
    let timeline = Rect::new(left.x, left.y + used, left.width, left.height - used);
    Some(Screen {
        header,
        body,
        layers,
        timeline,
        inspector,
        info,
        footer,
        rules: vec![rule],
    })
}

/// The layer panes from the top of `area`: the focused one unfolded, the others unfolded while
/// the timeline keeps `min_timeline` rows, else folded to one line (nearest to the focus first).
fn stack_layers(app: &App, area: Rect, min_timeline: u16) -> Vec<(usize, Rect, bool)> {
    let n = app.recurrent.len();
    if n == 0 {
        return vec![];
    }
    let full: Vec<u16> = (0..n).map(|k| layer::full_height(app, k)).collect();
    let mut unfolded = vec![false; n];
    let focus = app.cursor.layer.min(n - 1);
    unfolded[focus] = true;
    let height = |unfolded: &[bool]| -> u16 { (0..n).map(|k| if unfolded[k] { full[k] } else { 1 }).sum() };
    let mut order: Vec<usize> = (0..n).filter(|k| *k != focus).collect();
    order.sort_by_key(|k| k.abs_diff(focus));
    for k in order {
        unfolded[k] = true;
        if height(&unfolded) + min_timeline > area.height {
            unfolded[k] = false;
        }
    }
    let mut y = area.y;
    let mut out = Vec::new();
    for k in 0..n {
        let h = if unfolded[k] { full[k] } else { 1 };
        if y + h > area.bottom().saturating_sub(2) {
            break;
        }
        out.push((k, Rect::new(area.x, y, area.width, h), !unfolded[k]));
        y += h;
    }
    out
}

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Unit { layer: usize, cell: usize, unit: usize },
    Step(usize),
}

/// The unit or timestep at a screen position.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<Hit> {
    if app.help || app.prompt.is_some() {
        return None;
    }
    let screen = layout(app, area)?;
    for (layer, rect, folded) in &screen.layers {
        if *folded || !rect.contains((column, row).into()) {
            continue;
        }
        for grid in layer::grids(app, *layer, *rect) {
            if let Some(unit) = grid.unit_at(column, row) {
                return Some(Hit::Unit {
                    layer: *layer,
                    cell: grid.cell,
                    unit,
                });
            }
        }
    }
    if screen.timeline.contains((column, row).into()) {
        return timeline::columns(app, screen.timeline)
            .step_at(column, row)
            .map(Hit::Step);
    }
    None
}

/// The information pane: lesson, shapes and output stacked when they fit, else as tabs.
fn render_info(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.look.theme;
    let g = app.look.glyphs;
    let needs = [
        lesson::lines(app, area.width).len(),
        shapes::lines(app, area.width).len(),
        output::lines(app, area.width).len(),
    ];
    let total: usize = needs.iter().map(|n| n + 1).sum();
    if total <= usize::from(area.height) {
        let mut y = area.y;
        for (info, need) in Info::ALL.iter().zip(needs) {
            put(buf, area.x, y, info.title(), theme.title(), area.right());
            let h = need as u16;
            draw_info(app, *info, Rect::new(area.x, y + 1, area.width, h), buf);
            y += h + 1;
        }
        return;
    }
    let mut x = area.x;
    for (k, info) in Info::ALL.iter().enumerate() {
        if k > 0 {
            x = put(buf, x, area.y, &format!(" {} ", g.vrule), theme.dim(), area.right());
        }
        let style = if *info == app.info { theme.focus() } else { theme.dim() };
        x = put(buf, x, area.y, info.title(), style, area.right());
    }
    put(buf, x, area.y, "  (i)", theme.dim(), area.right());
    let rest = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(1));
    draw_info(app, app.info, rest, buf);
}

fn draw_info(app: &App, info: Info, area: Rect, buf: &mut Buffer) {
    match info {
        Info::Lesson => lesson::render(app, area, buf),
        Info::Shapes => shapes::render(app, area, buf),
        Info::Output => output::render(app, area, buf),
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self;
        buf.set_style(area, app.look.theme.base());
        let Some(screen) = layout(app, area) else {
            too_small::render(app, area, buf);
            return;
        };
        header::render(app, screen.header, buf);
        if !app.help {
            for rule in &screen.rules {
                for y in rule.top()..rule.bottom() {
                    put(
                        buf,
                        rule.x,
                        y,
                        app.look.glyphs.vrule,
                        app.look.theme.dim(),
                        rule.right(),
                    );
                }
            }
        }
        if app.help {
            help::render(app, screen.body, buf);
        } else {
            if screen.layers.is_empty() {
                let text = "this model has no recurrent layer to step through";
                put(
                    buf,
                    screen.body.x,
                    screen.body.y,
                    text,
                    app.look.theme.dim(),
                    screen.body.right(),
                );
            }
            for (layer, rect, folded) in &screen.layers {
                if *folded {
                    layer::render_folded(app, *layer, *rect, buf);
                } else {
                    layer::render(app, *layer, *rect, buf);
                }
            }
            timeline::render(app, screen.timeline, buf);
            inspector::render(app, screen.inspector, buf);
            render_info(app, screen.info, buf);
        }
        footer::render(app, screen.footer, buf);
    }
}
