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
//! Each pane has its own file and draws from a [`View`] (the app with this screen's look);
//! [`layout`] decides where they go. A [`Screen`] is one screen's presentation: it draws frames,
//! keeps where the last one put units and timesteps (for clicks), and keeps the help screen's
//! scroll within what it shows.

pub mod footer;
pub mod glyphs;
pub mod header;
pub mod help;
pub mod inspector;
pub mod layer;
pub mod lesson;
pub mod look;
pub mod output;
pub mod page;
pub mod plain;
pub mod question;
pub mod scale;
pub mod scroll;
pub mod shapes;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod too_small;
pub mod values;
pub mod view;
pub mod weights;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;
use unicode_width::UnicodeWidthStr;

use crate::app::mistake::Mistake;
use crate::app::{App, Info, Mode, Request};
use crate::model::cell::Direction;
use scale::Extent;
use text::put;
use theme::{Theme, ThemeName};

pub use look::{DisplayOptions, Look, TermInfo};
pub use view::View;

/// Where each pane goes on a screen of a given size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panes {
    pub header: Rect,
    pub body: Rect,
    /// Recurrent layer (counted as `app::layers` does), its area, and whether it is folded to a line.
    pub layers: Vec<(usize, Rect, bool)>,
    /// The other layers (index into the model's layers: Dense, Flatten, ...), the same way.
    pub plain: Vec<(usize, Rect, bool)>,
    pub timeline: Rect,
    pub inspector: Rect,
    pub info: Rect,
    pub footer: Rect,
    /// Vertical rules between side-by-side panes.
    pub rules: Vec<Rect>,
}

/// Split the screen, or `None` when it is too small.
pub fn layout(app: &App, area: Rect) -> Option<Panes> {
    if area.width < too_small::MIN_WIDTH || area.height < too_small::MIN_HEIGHT {
        return None;
    }
    let footer_h = footer::height(app, area.width);
    let header = Rect::new(area.x, area.y, area.width, 1);
    let footer = Rect::new(area.x, area.bottom() - footer_h, area.width, footer_h);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1 - footer_h);
    let wide = area.width >= 120 && area.height >= 34;
    let (left, inspector, info, rule) = if wide {
        // The layers get what they need to show every unit, the inspector at least 40 columns
        // (at 120, 64 units one column each).
        let need = (0..app.recurrent.len())
            .map(|k| layer::full_width(app, k, layer::words(area.width)))
            .max()
            .unwrap_or(0);
        let left_w = need.clamp(area.width / 2, area.width - 41);
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
    let stack = stack_layers(app, left, min_timeline);
    let used: u16 = stack.iter().map(|(_, r, _)| r.height).sum();
    let (mut layers, mut plain) = (Vec::new(), Vec::new());
    for (m, rect, folded) in stack {
        match app.recurrent.iter().position(|&l| l == m) {
            Some(k) => layers.push((k, rect, folded)),
            None => plain.push((m, rect, folded)),
        }
    }
    let timeline = Rect::new(left.x, left.y + used, left.width, left.height - used);
    Some(Panes {
        header,
        body,
        layers,
        plain,
        timeline,
        inspector,
        info,
        footer,
        rules: vec![rule],
    })
}

/// The layer panes from the top of `area`, one per layer of the model (index into its layers),
/// in its order: the focused one unfolded, the others unfolded while the timeline keeps
/// `min_timeline` rows, else folded to one line (nearest to the focus first); when even the
/// folded lines do not fit, those of layers without cells are left out first, farthest from
/// the focus first.
fn stack_layers(app: &App, area: Rect, min_timeline: u16) -> Vec<(usize, Rect, bool)> {
    let n = app.session.model.layers.len();
    let Some(focus) = app.focused_layer() else {
        return vec![];
    };
    let full: Vec<u16> = (0..n)
        .map(|m| match app.recurrent.iter().position(|&l| l == m) {
            Some(k) => layer::full_height(app, k),
            None => plain::HEIGHT,
        })
        .collect();
    let mut unfolded = vec![false; n];
    unfolded[focus] = true;
    let height = |unfolded: &[bool]| -> u16 { (0..n).map(|k| if unfolded[k] { full[k] } else { 1 }).sum() };
    let mut order: Vec<usize> = (0..n).filter(|k| *k != focus).collect();
    order.sort_by_key(|k| k.abs_diff(focus));
    for &k in &order {
        unfolded[k] = true;
        if height(&unfolded) + min_timeline > area.height {
            unfolded[k] = false;
        }
    }
    let mut shown = vec![true; n];
    let used = |shown: &[bool]| -> u16 {
        (0..n)
            .filter(|k| shown[*k])
            .map(|k| if unfolded[k] { full[k] } else { 1 })
            .sum()
    };
    // Folded lines of layers without cells give way first, while the timeline is short of its
    // rows; then any, farthest first, down to two rows of timeline.
    let recurrent = |k: &usize| app.recurrent.contains(k);
    let plain_first = order.iter().rev().filter(|k| !recurrent(k));
    for &k in plain_first {
        if used(&shown) + min_timeline <= area.height {
            break;
        }
        shown[k] = false;
    }
    for &k in order.iter().rev() {
        if used(&shown) + 2 <= area.height {
            break;
        }
        shown[k] = false;
    }
    let mut y = area.y;
    let mut out = Vec::new();
    for k in (0..n).filter(|k| shown[*k]) {
        let h = if unfolded[k] { full[k] } else { 1 }.min(area.bottom().saturating_sub(y));
        out.push((k, Rect::new(area.x, y, area.width, h), !unfolded[k]));
        y += h;
    }
    out
}

/// The information pane: lesson, shapes and output stacked when they fit, else as tabs; where
/// the tabs' titles went.
fn render_info(view: &View, area: Rect, buf: &mut Buffer) -> Vec<(Rect, Info)> {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let needs = [
        lesson::lines(view, area.width).len(),
        shapes::lines(view, area.width).len(),
        output::lines(view, area.width).len(),
    ];
    let total: usize = needs.iter().map(|n| n + 1).sum();
    if total <= usize::from(area.height) {
        let mut y = area.y;
        for (info, need) in Info::ALL.iter().zip(needs) {
            let x = put(buf, area.x, y, info.title(), theme.title(), area.right());
            if let (Info::Lesson, Some(n)) = (info, lesson::number(app)) {
                put(buf, x, y, &format!("  {n}"), theme.dim(), area.right());
            }
            let h = need as u16;
            draw_info(view, *info, Rect::new(area.x, y + 1, area.width, h), 0, buf);
            y += h + 1;
        }
        return vec![];
    }
    let mut x = area.x;
    let mut tabs = Vec::new();
    for (k, info) in Info::ALL.iter().enumerate() {
        if k > 0 {
            x = put(buf, x, area.y, &format!(" {} ", g.vrule), theme.dim(), area.right());
        }
        let style = if *info == app.cursor.info {
            theme.focus()
        } else {
            theme.dim()
        };
        let start = x;
        x = put(buf, x, area.y, info.title(), style, area.right());
        tabs.push((Rect::new(start, area.y, x - start, 1), *info));
    }
    x = put(buf, x, area.y, "  (i)", theme.dim(), area.right());
    if let Some(n) = lesson::number(app) {
        let n = format!("  {n}");
        let nx = area.right().saturating_sub(n.width() as u16);
        if nx >= x {
            put(buf, nx, area.y, &n, theme.dim(), area.right());
        }
    }
    draw_info(view, app.cursor.info, tab_area(area), app.info_scroll, buf);
    tabs
}

/// Below the tabs' titles.
fn tab_area(info: Rect) -> Rect {
    Rect::new(info.x, info.y + 1, info.width, info.height.saturating_sub(1))
}

/// How many lines the information pane's open tab has in the pane at `area`; none to scroll
/// when all three show stacked.
fn info_lines(view: &View, area: Rect) -> (usize, usize) {
    let w = area.width;
    let needs = [
        lesson::lines(view, w).len(),
        shapes::lines(view, w).len(),
        output::lines(view, w).len(),
    ];
    if needs.iter().map(|n| n + 1).sum::<usize>() <= usize::from(area.height) {
        return (0, 0);
    }
    let rest = tab_area(area);
    let len = match view.app.cursor.info {
        Info::Lesson => lesson::len_in(view, rest),
        Info::Shapes => needs[1],
        Info::Output => needs[2],
    };
    (len, usize::from(rest.height))
}

fn draw_info(view: &View, info: Info, area: Rect, scroll: u16, buf: &mut Buffer) {
    match info {
        Info::Lesson => lesson::render(view, scroll, area, buf),
        Info::Shapes => shapes::render(view, scroll, area, buf),
        Info::Output => output::render(view, scroll, area, buf),
    }
}

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A unit of a cell of a recurrent layer (counted as `app::layers` does).
    Unit {
        layer: usize,
        cell: Direction,
        unit: usize,
    },
    Step(usize),
    /// The title of a tab of the information pane.
    Tab(Info),
}

/// A pane the mouse wheel can scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// A recurrent layer (counted as `app::layers` does): its window of units.
    Layer(usize),
    /// The timeline: its steps.
    Timeline,
    /// The information pane (Lesson, Shapes or Output): its open tab's lines.
    Info,
}

/// Where the last frame drew what a click can land on (as a ratatui `StatefulWidget` keeps its
/// state): the units of the unfolded layers, the timeline's columns, the information pane's
/// tabs, and the panes the wheel scrolls. Empty while the help screen, the weights view or the
/// command line is open.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    layers: Vec<(usize, Rect, Vec<layer::Grid>)>,
    timeline: Option<(Rect, timeline::Columns)>,
    tabs: Vec<(Rect, Info)>,
    panes: Vec<(Rect, Pane)>,
}

impl Hits {
    /// The pane at a screen position, if the wheel scrolls it.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        self.panes
            .iter()
            .find(|(rect, _)| rect.contains((column, row).into()))
            .map(|(_, pane)| *pane)
    }

    /// What is drawn at a screen position, if a click there means something.
    pub fn at(&self, column: u16, row: u16) -> Option<Hit> {
        for (layer, rect, grids) in &self.layers {
            if !rect.contains((column, row).into()) {
                continue;
            }
            for grid in grids {
                if let Some(unit) = grid.unit_at(column, row) {
                    return Some(Hit::Unit {
                        layer: *layer,
                        cell: grid.cell,
                        unit,
                    });
                }
            }
        }
        if let Some((_, info)) = self.tabs.iter().find(|(r, _)| r.contains((column, row).into())) {
            return Some(Hit::Tab(*info));
        }
        let (rect, columns) = self.timeline.as_ref()?;
        if rect.contains((column, row).into()) {
            return columns.step_at(column, row).map(Hit::Step);
        }
        None
    }
}

/// One screen onto a debugger: how it looks, the ends of its scales, its size and where its last
/// frame put what a click can land on. Several screens can show one app, each its own way.
#[derive(Debug, Clone)]
pub struct Screen {
    pub look: Look,
    /// Columns and rows.
    pub size: (u16, u16),
    /// Per recurrent layer and cell, the largest |x| and |c| of the run (the scales' ends).
    extents: Vec<Vec<Extent>>,
    hits: Hits,
    /// A word in the header from whoever runs this screen (in a class: following, exploring).
    pub badge: Option<String>,
    /// A page drawn instead of the panes (the presenter's roster), from whoever runs this screen.
    pub page: Option<page::Page>,
    /// A class's screen (`lstm-tui serve`): the help lists the class's keys.
    pub class: bool,
}

impl Screen {
    pub fn new(app: &App, look: Look, size: (u16, u16)) -> Screen {
        let layers = app.layers();
        let extents = (0..layers.count())
            .map(|k| layers.cells(k).iter().map(Extent::of).collect())
            .collect();
        Screen {
            look,
            size,
            extents,
            hits: Hits::default(),
            badge: None,
            page: None,
            class: false,
        }
    }

    /// The app as this screen presents it.
    pub fn view<'a>(&'a self, app: &'a App) -> View<'a> {
        View {
            app,
            look: &self.look,
            extents: &self.extents,
            badge: self.badge.as_deref(),
            class: self.class,
        }
    }

    /// Draw the app into `area` of `buf`, and keep where its units and timesteps went.
    pub fn render(&mut self, app: &App, area: Rect, buf: &mut Buffer) {
        if let Some(page) = &self.page {
            self.hits = Hits::default();
            page::render(page, &self.look, self.badge.as_deref(), area, buf);
            return;
        }
        let view = View {
            app,
            look: &self.look,
            extents: &self.extents,
            badge: self.badge.as_deref(),
            class: self.class,
        };
        view.render(area, buf, &mut self.hits);
    }

    /// What the last frame drew at a screen position, if a click there means something.
    pub fn hit(&self, column: u16, row: u16) -> Option<Hit> {
        self.hits.at(column, row)
    }

    /// The pane the last frame drew at a screen position, if the wheel scrolls it.
    pub fn pane(&self, column: u16, row: u16) -> Option<Pane> {
        self.hits.pane_at(column, row)
    }

    /// After the app has handled an event: keep the help screen's, the weights view's and the
    /// information pane's scroll within what this screen shows, and answer what the app asked
    /// (a theme by name, or the line reopened with why not).
    pub fn settle(&mut self, app: &mut App) {
        let (w, body) = (self.size.0, self.size.1.saturating_sub(2));
        let most = match app.mode {
            Mode::Help { .. } => help::max_scroll(self.look.glyphs, w, body, self.class),
            Mode::Weights { .. } => weights::max_scroll(&self.view(app), w, body),
            _ => 0,
        };
        if let Mode::Help { scroll } | Mode::Weights { scroll } = &mut app.mode {
            *scroll = (*scroll).min(most);
        }
        if app.info_scroll > 0 {
            let area = Rect::new(0, 0, self.size.0, self.size.1);
            let most = layout(app, area).map_or(0, |panes| {
                let (len, room) = info_lines(&self.view(app), panes.info);
                scroll::max_scroll(len, room)
            });
            app.info_scroll = app.info_scroll.min(most as u16);
        }
        if let Some(Request::Theme(name)) = app.take_request() {
            match <ThemeName as clap::ValueEnum>::from_str(&name, true) {
                Ok(theme) => self.look.theme = Theme::named(theme, self.look.theme.depth),
                Err(_) => app.refuse(&Mistake::ThemeWhat { found: name }),
            }
        }
    }
}

impl StatefulWidget for View<'_> {
    type State = Hits;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Hits) {
        let view = &self;
        let app = self.app;
        let (theme, g) = (&self.look.theme, self.look.glyphs);
        *hits = Hits::default();
        buf.set_style(area, theme.base());
        let Some(panes) = layout(app, area) else {
            too_small::render(view, area, buf);
            return;
        };
        header::render(view, panes.header, buf);
        match app.mode {
            Mode::Help { scroll } => {
                help::render(view, scroll, panes.body, buf);
                footer::render(view, panes.footer, buf);
                return;
            }
            Mode::Weights { scroll } => {
                footer::render(view, panes.footer, buf);
                weights::render(view, scroll, panes.body, panes.footer, buf);
                return;
            }
            _ => {}
        }
        // With the command line open, a click does nothing.
        let clickable = app.mode == Mode::Normal;
        for rule in &panes.rules {
            for y in rule.top()..rule.bottom() {
                put(buf, rule.x, y, g.vrule, theme.dim(), rule.right());
            }
        }
        for (m, rect, folded) in &panes.plain {
            if *folded {
                plain::render_folded(view, *m, *rect, buf);
            } else {
                plain::render(view, *m, *rect, buf);
            }
        }
        for (layer, rect, folded) in &panes.layers {
            if clickable {
                hits.panes.push((*rect, Pane::Layer(*layer)));
            }
            if *folded {
                layer::render_folded(view, *layer, *rect, buf);
            } else {
                let grids = layer::render(view, *layer, *rect, buf);
                if clickable {
                    hits.layers.push((*layer, *rect, grids));
                }
            }
        }
        let columns = timeline::render(view, panes.timeline, buf);
        if clickable {
            hits.timeline = Some((panes.timeline, columns));
            hits.panes.push((panes.timeline, Pane::Timeline));
        }
        inspector::render(view, panes.inspector, buf);
        let tabs = render_info(view, panes.info, buf);
        if clickable {
            hits.tabs = tabs;
            hits.panes.push((panes.info, Pane::Info));
        }
        if app.question().is_some() {
            question::render(view, &panes, buf);
        }
        footer::render(view, panes.footer, buf);
    }
}
