//! Screens without a terminal: `lstm-tui frame` (replay keys, print the frame as text or with
//! ANSI colours) and `lstm-tui bench --render` (time single steps drawn through a real crossterm
//! backend into memory, and count the bytes and cells that change).

use std::time::Instant;

use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::debugger::{Debugger, Event};
use crate::error::{Error, Kind, Result};
use crate::keys::{self, Key};
use crate::session::Session;
use crate::ui::DisplayOptions;
use crate::ui::Look;
use crate::ui::theme::Depth;

/// The largest screen `frame` and `bench --render` draw, columns and rows: the screen's
/// buffers grow with its area.
pub const MAX_SIZE: (u16, u16) = (1000, 500);

/// Parse `120x40` (or `120×40`) into columns and rows, at most [`MAX_SIZE`].
pub fn parse_size(size: &str) -> Result<(u16, u16)> {
    let (most_w, most_h) = MAX_SIZE;
    let bad = || {
        Error::new(Kind::Size {
            given: size.to_string(),
            most: (most_w, most_h),
        })
    };
    let (w, h) = size.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let w: u16 = w.trim().parse().map_err(|_| bad())?;
    let h: u16 = h.trim().parse().map_err(|_| bad())?;
    if w == 0 || h == 0 || w > most_w || h > most_h {
        return Err(bad());
    }
    Ok((w, h))
}

/// A debugger on a screen of a given size with the keys replayed, as a user would type them.
pub fn replay(session: Session, look: Look, size: (u16, u16), keys: &[Key]) -> Debugger {
    let mut debugger = Debugger::new(session, look, size);
    for key in keys {
        if debugger.app.quit {
            break;
        }
        debugger.handle(Event::Key(*key));
    }
    debugger
}

/// The debugger drawn into a buffer of its screen's size.
pub fn render(debugger: &mut Debugger) -> Buffer {
    let (w, h) = debugger.screen.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test backend never fails");
    terminal
        .draw(|f| debugger.render(f.area(), f.buffer_mut()))
        .expect("a test backend never fails");
    terminal.backend().buffer().clone()
}

/// `lstm-tui frame`: the screen after replaying KEYS.
pub fn frame(session: Session, size: &str, keys: &str, ansi: bool, display: &DisplayOptions) -> Result<String> {
    let size = parse_size(size)?;
    let keys = keys::parse_keys(keys).map_err(|e| Error::new(Kind::Keys(e)))?;
    let mut debugger = replay(session, super::look_from_env(display), size, &keys);
    let buffer = render(&mut debugger);
    Ok(if ansi { to_ansi(&buffer) } else { to_text(&buffer) })
}

/// The buffer as plain text, one line per row, trailing spaces removed.
pub fn to_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        for x in area.left()..area.right() {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn sgr_color(color: Color, foreground: bool, codes: &mut Vec<String>) {
    let base = if foreground { 30 } else { 40 };
    match color {
        Color::Reset => {}
        Color::Rgb(r, g, b) => codes.push(format!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(i) => codes.push(format!("{};5;{i}", base + 8)),
        other => {
            // The 16 named colours: ratatui numbers them in ANSI order.
            let named = [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ];
            if let Some(k) = named.iter().position(|c| *c == other) {
                let code = if k < 8 { base + k } else { base + 60 + k - 8 };
                codes.push(code.to_string());
            }
        }
    }
}

/// The buffer with ANSI escape sequences for colours and text attributes.
pub fn to_ansi(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut last = None;
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            let style = (cell.fg, cell.bg, cell.modifier);
            if last != Some(style) {
                let mut codes = vec!["0".to_string()];
                for (m, code) in [
                    (Modifier::BOLD, "1"),
                    (Modifier::DIM, "2"),
                    (Modifier::ITALIC, "3"),
                    (Modifier::UNDERLINED, "4"),
                    (Modifier::REVERSED, "7"),
                ] {
                    if cell.modifier.contains(m) {
                        codes.push(code.into());
                    }
                }
                sgr_color(cell.fg, true, &mut codes);
                sgr_color(cell.bg, false, &mut codes);
                out.push_str(&format!("\x1b[{}m", codes.join(";")));
                last = Some(style);
            }
            out.push_str(cell.symbol());
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

/// A terminal stand-in that counts the bytes written to it.
#[derive(Debug, Clone, Default)]
pub struct Counter(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One step's cost at a screen size.
#[derive(Debug, Clone, Copy)]
pub struct StepCost {
    pub micros: f64,
    pub bytes: usize,
    pub cells: usize,
}

/// A debugger drawn through a crossterm backend into a byte counter, stepping forward to the
/// end of the sequence and back (from the first real token, where the input is padded): what one
/// step costs a real terminal.
pub struct Stepper {
    debugger: Debugger,
    terminal: Terminal<CrosstermBackend<Counter>>,
    written: Counter,
    previous: Buffer,
    forward: bool,
}

impl Stepper {
    pub fn new(session: Session, look: Look, size: (u16, u16)) -> Stepper {
        let written = Counter::default();
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
        };
        let mut terminal =
            Terminal::with_options(CrosstermBackend::new(written.clone()), options).expect("a counter never fails");
        let mut debugger = Debugger::new(session, look, size);
        if let Some(t) = debugger.app.first_word {
            debugger.app.goto(t);
        }
        let previous = terminal
            .draw(|f| debugger.render(f.area(), f.buffer_mut()))
            .expect("a counter never fails")
            .buffer
            .clone();
        Stepper {
            debugger,
            terminal,
            written,
            previous,
            forward: true,
        }
    }

    /// The key of the next step: Right to the end, then Left back.
    fn press(&mut self) {
        let (t, steps) = (self.debugger.app.cursor.t, self.debugger.app.steps);
        let first = self.debugger.app.first_word.unwrap_or(0);
        if steps > first + 1 && (t + 1 == steps || t == first) {
            self.forward = t == first;
        }
        let key = if self.forward { Key::Right } else { Key::Left };
        self.debugger.handle(Event::Key(key));
    }

    /// One step, as a user makes it: a key handled, and the frame drawn, diffed against the
    /// last one and written.
    pub fn step(&mut self) {
        self.press();
        self.terminal
            .draw(|f| self.debugger.render(f.area(), f.buffer_mut()))
            .expect("a counter never fails");
    }

    /// One step with its cost: the time it took, the bytes written and the cells that changed.
    pub fn measured_step(&mut self) -> StepCost {
        self.written.0.set(0);
        let start = Instant::now();
        self.press();
        let done = self
            .terminal
            .draw(|f| self.debugger.render(f.area(), f.buffer_mut()))
            .expect("a counter never fails");
        let micros = start.elapsed().as_secs_f64() * 1e6;
        let cells = self.previous.diff(done.buffer).len();
        self.previous = done.buffer.clone();
        StepCost {
            micros,
            bytes: self.written.0.get(),
            cells,
        }
    }
}

/// The cost of `repeat` single steps.
pub fn step_costs(session: &Session, look: Look, size: (u16, u16), repeat: usize) -> Vec<StepCost> {
    let mut stepper = Stepper::new(session.clone(), look, size);
    (0..repeat).map(|_| stepper.measured_step()).collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `lstm-tui bench --render`: one JSON line (without its newline) with the median cost of a step.
pub fn bench_render(session: &Session, size: &str, repeat: usize) -> Result<String> {
    let (w, h) = parse_size(size)?;
    let repeat = repeat.max(1);
    // Colours as this terminal would get them (COLORTERM, NO_COLOR). Warm up first, as a
    // running debugger would be.
    let look = super::look_from_env(&DisplayOptions::default());
    step_costs(session, look, (w, h), repeat.min(20));
    let costs = step_costs(session, look, (w, h), repeat);
    let line = serde_json::json!({
        "source": session.source,
        "size": format!("{w}x{h}"),
        "colors": match (look.theme.name, look.theme.depth) {
            (crate::ui::theme::ThemeName::Mono, _) | (_, Depth::Mono) => "none",
            (_, Depth::TrueColor) => "truecolor",
            (_, Depth::Indexed256) => "256",
            (_, Depth::Ansi16) => "16",
        },
        "steps": costs.len(),
        "render_us": median(costs.iter().map(|c| c.micros).collect()),
        "bytes_per_step": median(costs.iter().map(|c| c.bytes as f64).collect()),
        "max_bytes_per_step": costs.iter().map(|c| c.bytes).max().unwrap_or(0),
        "cells_changed": median(costs.iter().map(|c| c.cells as f64).collect()),
    });
    Ok(line.to_string())
}
