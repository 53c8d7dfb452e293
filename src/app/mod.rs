//! The debugger's state and what each key does to it: the cursor (timestep, layer, cell, unit),
//! breakpoints, playing, the timeline's quantity and the `:` command line. It knows nothing of
//! where its frames go: [`event_loop::run`] drives it on any ratatui backend from any event
//! source, [`terminal`] is the thin runner for a real terminal, [`frame`] renders without one.

pub mod breakpoint;
pub mod command;
pub mod event_loop;
pub mod frame;
mod terminal;

use std::time::Duration;

use crate::keys::{self, Action, HELP_BINDINGS, Key, PROMPT_BINDINGS};
use crate::model::trace::{CellTrace, Input, Quantity};
use crate::session::Session;
use crate::ui::scale::Extent;
use crate::ui::{self, Look};
use breakpoint::{Breakpoint, Scope};

pub use frame::{bench_render, frame};
pub use terminal::run_terminal;

/// What happens to the debugger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// A left click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    /// The screen is now this many columns and rows.
    Resize(u16, u16),
    /// Time for the next step while playing.
    Tick,
    /// The process was asked to stop (SIGTERM, SIGHUP).
    Stop,
}

/// Playing speeds, in timesteps per second.
pub const SPEEDS: [u32; 7] = [1, 2, 4, 8, 16, 32, 64];

/// Where the student is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    /// The original timestep index, 0..T.
    pub t: usize,
    /// Index into [`App::recurrent`].
    pub layer: usize,
    /// 0 forward, 1 backward (Bidirectional).
    pub cell: usize,
    pub unit: usize,
}

/// The tabs of the information pane, when it cannot show all three at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Info {
    Lesson,
    Shapes,
    Output,
}

impl Info {
    pub const ALL: [Info; 3] = [Info::Lesson, Info::Shapes, Info::Output];

    pub fn title(self) -> &'static str {
        match self {
            Info::Lesson => "Lesson",
            Info::Shapes => "Shapes",
            Info::Output => "Output",
        }
    }
}

/// A line of feedback under the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The debugger.
#[derive(Debug)]
pub struct App {
    pub session: Session,
    /// The model's recurrent layers (indices into its layers), top to bottom.
    pub recurrent: Vec<usize>,
    /// Number of timesteps.
    pub steps: usize,
    pub cursor: Cursor,
    pub breakpoints: Vec<Breakpoint>,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// What the timeline shows.
    pub timeline: Quantity,
    pub info: Info,
    pub help: bool,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// The `:` command line while it is open.
    pub prompt: Option<String>,
    pub message: Option<Message>,
    pub look: Look,
    /// The screen size, for mouse clicks.
    pub size: (u16, u16),
    pub quit: bool,
    /// The first timestep whose token is not padding (id 0), for token inputs.
    pub first_word: Option<usize>,
    /// The narrative entry last shown, so that its `look_at` applies once.
    last_note: Option<usize>,
    /// Per recurrent layer and cell, the largest |x| and |c| of the run (the scales' ends).
    extents: Vec<Vec<Extent>>,
}

impl App {
    pub fn new(session: Session, look: Look) -> App {
        let recurrent: Vec<usize> = session
            .model
            .layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.config.is_recurrent())
            .map(|(k, _)| k)
            .collect();
        let steps = session.trace.input.timesteps();
        let first_word = match &session.trace.input {
            Input::Tokens(ids) if ids.first() == Some(&0) => ids.iter().position(|&id| id != 0),
            _ => None,
        };
        let extents = recurrent
            .iter()
            .map(|&l| session.trace.layers[l].cells.iter().map(Extent::of).collect())
            .collect();
        let mut app = App {
            extents,
            session,
            recurrent,
            steps,
            cursor: Cursor::default(),
            breakpoints: Vec::new(),
            playing: false,
            speed: 2,
            timeline: Quantity::H,
            info: Info::Lesson,
            help: false,
            help_scroll: 0,
            prompt: None,
            message: None,
            look,
            size: (0, 0),
            quit: false,
            first_word,
            last_note: None,
        };
        app.follow_note();
        app
    }

    /// The focused cell's recorded run, if the model has a recurrent layer.
    pub fn cell(&self) -> Option<&CellTrace> {
        let layer = *self.recurrent.get(self.cursor.layer)?;
        self.session.trace.layers[layer].cells.get(self.cursor.cell)
    }

    /// The largest |x| and |c| of a cell of a recurrent layer over the run.
    pub fn extent(&self, layer: usize, cell: usize) -> Extent {
        self.extents
            .get(layer)
            .and_then(|cells| cells.get(cell))
            .copied()
            .unwrap_or_default()
    }

    /// The focused layer's index into the model's layers.
    pub fn layer_index(&self) -> Option<usize> {
        self.recurrent.get(self.cursor.layer).copied()
    }

    /// The time between steps while playing.
    pub fn tick_interval(&self) -> Option<Duration> {
        self.playing
            .then(|| Duration::from_secs_f64(1.0 / f64::from(SPEEDS[self.speed])))
    }

    /// Handle one event; true when the screen must be drawn again.
    pub fn handle(&mut self, event: Event) -> bool {
        match event {
            Event::Key(key) => {
                self.key(key);
                true
            }
            Event::Click { column, row } => {
                let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
                match ui::hit(self, area, column, row) {
                    Some(ui::Hit::Unit { layer, cell, unit }) => {
                        self.cursor.layer = layer;
                        self.cursor.cell = cell;
                        self.cursor.unit = unit;
                        self.follow_note();
                        true
                    }
                    Some(ui::Hit::Step(t)) => {
                        self.goto(t);
                        true
                    }
                    None => false,
                }
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                true
            }
            Event::Tick => {
                if !self.playing {
                    return false;
                }
                if self.cursor.t + 1 >= self.steps {
                    self.playing = false;
                    self.say("end of the sequence: paused");
                } else {
                    self.cursor.t += 1;
                    self.follow_note();
                    if let Some(b) = self.hit_at(self.cursor.t) {
                        self.playing = false;
                        let text = self.stopped_text(&b);
                        self.say(text);
                    }
                }
                true
            }
            Event::Stop => {
                self.quit = true;
                false
            }
        }
    }

    fn key(&mut self, key: Key) {
        if self.prompt.is_some() {
            return self.prompt_key(key);
        }
        self.message = None;
        if self.help {
            let most = ui::help::max_scroll(self, self.size.0, self.size.1.saturating_sub(2));
            match keys::action_in(HELP_BINDINGS, key) {
                Some(Action::CloseHelp) => self.help = false,
                Some(Action::Quit) => self.quit = true,
                Some(Action::ScrollDown) => self.help_scroll = (self.help_scroll + 1).min(most),
                Some(Action::ScrollUp) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::ScrollPageDown) => self.help_scroll = (self.help_scroll + keys::HELP_PAGE).min(most),
                Some(Action::ScrollPageUp) => self.help_scroll = self.help_scroll.saturating_sub(keys::HELP_PAGE),
                _ => {}
            }
            return;
        }
        match keys::action_for(key) {
            Some(action) => self.act(action),
            None if key == Key::Esc => self.playing = false,
            None => self.error(format!("{key} does nothing here; ? lists the keys")),
        }
    }

    fn prompt_key(&mut self, key: Key) {
        let Some(line) = self.prompt.as_mut() else { return };
        match keys::action_in(PROMPT_BINDINGS, key) {
            Some(Action::RunLine) => {
                let line = self.prompt.take().unwrap_or_default();
                self.message = None;
                self.execute(&line);
            }
            Some(Action::CancelLine) => self.prompt = None,
            Some(Action::Quit) => self.quit = true,
            Some(Action::ClearLine) => line.clear(),
            Some(Action::EraseChar) if line.is_empty() => self.prompt = None,
            Some(Action::EraseChar) => {
                line.pop();
            }
            Some(_) => {}
            None => {
                if let Key::Char(c) = key {
                    line.push(c);
                }
            }
        }
    }

    /// Do what a key's action says.
    pub fn act(&mut self, action: Action) {
        let last = self.steps.saturating_sub(1);
        let t = self.cursor.t;
        match action {
            Action::NextStep => self.goto((t + 1).min(last)),
            Action::PrevStep => self.goto(t.saturating_sub(1)),
            Action::FirstStep => self.goto(0),
            Action::LastStep => self.goto(last),
            Action::PageForward => self.goto((t + keys::PAGE).min(last)),
            Action::PageBack => self.goto(t.saturating_sub(keys::PAGE)),
            Action::FirstWord => match self.first_word {
                Some(w) => {
                    self.goto(w);
                    self.say(format!("t={w}: the first token after the padding"));
                }
                None => self.error("this lesson's input has no padding tokens (id 0) to skip"),
            },
            Action::GotoPrompt => self.prompt = Some("goto ".into()),
            Action::NextLayer => self.focus_layer(self.cursor.layer + 1),
            Action::PrevLayer => {
                if let Some(l) = self.cursor.layer.checked_sub(1) {
                    self.focus_layer(l);
                }
            }
            Action::NextUnit => {
                let units = self.cell().map_or(1, CellTrace::units);
                self.cursor.unit = (self.cursor.unit + 1) % units;
            }
            Action::PrevUnit => {
                let units = self.cell().map_or(1, CellTrace::units);
                self.cursor.unit = (self.cursor.unit + units - 1) % units;
            }
            Action::SwitchDirection => {
                let cells = self
                    .layer_index()
                    .map_or(1, |l| self.session.trace.layers[l].cells.len());
                if cells > 1 {
                    self.cursor.cell = (self.cursor.cell + 1) % cells;
                } else {
                    self.error("this layer has one direction; d switches the cells of a Bidirectional layer");
                }
            }
            Action::PlayPause => {
                if self.playing {
                    self.playing = false;
                } else if t >= last {
                    self.goto(0);
                    self.playing = true;
                } else {
                    self.playing = true;
                }
            }
            Action::Faster => {
                self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
                self.say(format!("{} steps per second", SPEEDS[self.speed]));
            }
            Action::Slower => {
                self.speed = self.speed.saturating_sub(1);
                self.say(format!("{} steps per second", SPEEDS[self.speed]));
            }
            Action::ToggleBreakpoint => {
                if let Some(k) = self.breakpoints.iter().position(|b| *b == Breakpoint::At(t)) {
                    self.breakpoints.remove(k);
                    self.say(format!("breakpoint at t={t} removed"));
                } else {
                    self.breakpoints.push(Breakpoint::At(t));
                    self.say(format!("breakpoint at t={t}; n continues to the next breakpoint"));
                }
            }
            Action::Continue => self.continue_to((t + 1..self.steps).find_map(|s| self.hit_at(s).map(|b| (s, b)))),
            Action::ReverseContinue => self.continue_to((0..t).rev().find_map(|s| self.hit_at(s).map(|b| (s, b)))),
            Action::NextQuantity | Action::PrevQuantity => {
                let all = Quantity::ALL;
                let k = all.iter().position(|q| *q == self.timeline).unwrap_or(0);
                let k = if action == Action::NextQuantity {
                    (k + 1) % all.len()
                } else {
                    (k + all.len() - 1) % all.len()
                };
                self.timeline = all[k];
            }
            Action::NextInfo => {
                let k = Info::ALL.iter().position(|i| *i == self.info).unwrap_or(0);
                self.info = Info::ALL[(k + 1) % Info::ALL.len()];
            }
            Action::CommandLine => self.prompt = Some(String::new()),
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Quit => self.quit = true,
            // The help screen's and the command line's own keys, handled in their mode.
            Action::CloseHelp
            | Action::ScrollDown
            | Action::ScrollUp
            | Action::ScrollPageDown
            | Action::ScrollPageUp
            | Action::RunLine
            | Action::CancelLine
            | Action::ClearLine
            | Action::EraseChar => {}
        }
    }

    /// Move to timestep t (clamped to the sequence).
    pub fn goto(&mut self, t: usize) {
        self.cursor.t = t.min(self.steps.saturating_sub(1));
        self.follow_note();
    }

    fn focus_layer(&mut self, layer: usize) {
        if layer >= self.recurrent.len() {
            return;
        }
        self.cursor.layer = layer;
        let cells = &self.session.trace.layers[self.recurrent[layer]].cells;
        self.cursor.cell = self.cursor.cell.min(cells.len() - 1);
        self.cursor.unit = self.cursor.unit.min(cells[self.cursor.cell].units() - 1);
        self.follow_note();
    }

    /// The first breakpoint that stops at t.
    fn hit_at(&self, t: usize) -> Option<Breakpoint> {
        self.breakpoints.iter().find(|b| b.hits(&self.session, t)).cloned()
    }

    fn continue_to(&mut self, found: Option<(usize, Breakpoint)>) {
        self.playing = false;
        match found {
            Some((t, b)) => {
                self.goto(t);
                let text = self.stopped_text(&b);
                self.say(text);
            }
            None if self.breakpoints.is_empty() => {
                self.error("no breakpoints yet: b sets one at t, :break sets a condition")
            }
            None => self.error("no breakpoint stops in that direction"),
        }
    }

    fn stopped_text(&self, b: &Breakpoint) -> String {
        let t = self.cursor.t;
        match b.measured(&self.session, t) {
            Some(v) => format!("stopped at t={t}: {} (it is {v:.4})", b.describe(&self.session)),
            None => format!("stopped at t={t}: breakpoint {}", b.describe(&self.session)),
        }
    }

    /// Where a typed condition applies when it names no layer.
    pub fn scope(&self) -> Scope<'_> {
        Scope {
            session: &self.session,
            recurrent: &self.recurrent,
            layer: self.layer_index().unwrap_or(0),
            cell: self.cursor.cell,
        }
    }

    /// Apply the narrative's `look_at` when a new entry comes into view.
    fn follow_note(&mut self) {
        let Some(layer) = self.layer_index() else { return };
        let name = &self.session.model.layers[layer].name;
        let note = self.session.lesson.note_for(self.cursor.t, self.steps, name);
        let index = note.and_then(|n| self.session.lesson.narrative.iter().position(|m| std::ptr::eq(m, n)));
        if index != self.last_note {
            self.last_note = index;
            if let Some(q) = note.and_then(|n| n.look_at) {
                self.timeline = q;
            }
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }
}
