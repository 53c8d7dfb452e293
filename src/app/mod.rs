//! The debugger's state and what each key does to it: the cursor (timestep, layer, cell, unit),
//! breakpoints, playing, the timeline's quantity, the information tab and the mode (the panes,
//! the help screen, the `:` command line or a lesson's question). It is plain state, cheap to clone, and knows nothing
//! of a screen: `ui` draws it, `tui` feeds it keys and ticks (and turns clicks into focus and
//! goto before it sees them).

pub mod breakpoint;
pub mod command;
pub mod course;
pub mod layers;
pub mod mistake;
mod notes;
pub mod quiz;
pub mod sort;

use std::sync::Arc;
use std::time::Duration;

use crate::keys::{self, Action, BINDINGS, HELP_BINDINGS, Key, PROMPT_BINDINGS, QUESTION_BINDINGS, WEIGHTS_BINDINGS};
use crate::model::cell::{Direction, Quantity};
use crate::model::trace::{CellTrace, Input};
use crate::session::Session;
use breakpoint::{Breakpoint, Scope};
use layers::Layers;
use quiz::Quiz;

/// The most characters a paste leaves on the `:` line.
pub const MAX_PASTE: usize = 200;

/// Playing speeds, in timesteps per second.
pub const SPEEDS: [u32; 7] = [1, 2, 4, 8, 16, 32, 64];

/// Where the student is looking: the timestep, the focused layer, cell and unit, the open
/// information tab and the timeline's quantity. Small and `Copy`: a classroom copies it from a
/// presenter's app into its followers' ([`App::position`], [`App::follow`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The original timestep index, 0..T.
    pub t: usize,
    /// The focused recurrent layer, counted as [`Layers`] does (index into [`App::recurrent`]).
    pub layer: usize,
    /// Which of the layer's cells: forward, or backward in a Bidirectional layer.
    pub cell: Direction,
    pub unit: usize,
    /// The information tab shown when the pane cannot show all three.
    pub info: Info,
    /// What the timeline shows.
    pub timeline: Quantity,
    /// Each row on its own scale rather than the fixed ranges (gates 0‥1, the rest ±1).
    pub auto_scale: bool,
    /// A layer without cells in focus (index into the model's layers: a Dense, Flatten,
    /// Embedding or Dropout); `layer` stays the recurrent layer the timeline, the inspector and
    /// breakpoints read.
    pub plain: Option<usize>,
    /// The note `>` or `<` last went to (index into the narrative), shown first while it
    /// applies; any other move lets the most specific note lead again.
    pub note: Option<usize>,
}

impl Default for Cursor {
    /// The first timestep of the first layer, the lesson tab, h on the timeline.
    fn default() -> Self {
        Cursor {
            t: 0,
            layer: 0,
            cell: Direction::Forward,
            unit: 0,
            info: Info::Lesson,
            timeline: Quantity::H,
            auto_scale: false,
            plain: None,
            note: None,
        }
    }
}

/// A cursor in a lesson: what one app tells another to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The session's source: a built-in lesson id, a lesson file or a model file.
    pub lesson: String,
    pub cursor: Cursor,
    /// The layer whose units `:sort` put in order, so that a follower's panes are in the same
    /// order as the leader's.
    pub sorted: Option<sort::Sorted>,
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

/// What the keys act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The panes.
    Normal,
    /// The `?` help screen, scrolled down this many lines (whoever draws it keeps this within
    /// what there is to scroll).
    Help { scroll: u16 },
    /// The weights view of the focused unit, scrolled down this many lines (kept within what
    /// there is by whoever draws it, as for the help).
    Weights { scroll: u16 },
    /// The `:` command line, with the text typed so far.
    Prompt(String),
    /// A lesson's question (index into its questions), with the number typed so far.
    Question { question: usize, typed: String },
}

/// What the debugger asks of the screen it is drawn on; the screen takes it after each event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `:theme NAME` (the line reopens with an error if the screen has no such theme).
    Theme(String),
}

/// The debugger.
#[derive(Debug, Clone)]
pub struct App {
    pub session: Arc<Session>,
    /// The model's recurrent layers (indices into its layers), top to bottom.
    pub recurrent: Vec<usize>,
    /// Number of timesteps.
    pub steps: usize,
    pub cursor: Cursor,
    pub breakpoints: Vec<Breakpoint>,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    pub mode: Mode,
    pub message: Option<Message>,
    /// Lines the lesson, shapes or output pane is scrolled down when its text does not fit
    /// (whoever draws it keeps this within what there is to scroll); back to the top when the
    /// cursor moves.
    pub info_scroll: u16,
    /// The load's warning the message line showed last (index into the session's warnings).
    warning: usize,
    pub quit: bool,
    /// The first timestep whose token is not padding (id 0), for token inputs.
    pub first_word: Option<usize>,
    /// A layer whose units `:sort` put in order.
    pub sorted: Option<sort::Sorted>,
    /// The narrative entry last shown, so that its `look_at` applies once.
    last_note: Option<usize>,
    /// Asked of the screen, not yet taken.
    request: Option<Request>,
    /// The answers to the lesson's questions.
    quiz: Quiz,
    /// Whether the lesson's questions are asked (true but in a class, for now).
    pub asks: bool,
}

impl App {
    pub fn new(session: impl Into<Arc<Session>>) -> App {
        let session: Arc<Session> = session.into();
        let questions = session.lesson.questions.len();
        let recurrent: Vec<usize> = session
            .model
            .layers
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.cells().is_empty())
            .map(|(k, _)| k)
            .collect();
        let steps = session.trace.input.timesteps();
        let first_word = match &session.trace.input {
            Input::Tokens(ids) if ids.first() == Some(&0) => ids.iter().position(|&id| id != 0),
            _ => None,
        };
        let mut app = App {
            session,
            recurrent,
            steps,
            cursor: Cursor::default(),
            breakpoints: Vec::new(),
            playing: false,
            speed: 2,
            mode: Mode::Normal,
            message: None,
            info_scroll: 0,
            warning: 0,
            quit: false,
            first_word,
            sorted: None,
            last_note: None,
            request: None,
            quiz: Quiz::new(questions),
            asks: true,
        };
        if app.recurrent.is_empty() && !app.session.model.layers.is_empty() {
            app.cursor.plain = Some(0);
        }
        app.warn_at_start();
        // The first screen leads with the lesson's first note when it applies there, so that
        // `>` from there visits every note.
        app.cursor.note = app.session.lesson.tour(steps).first().copied();
        if !app.cursor.note.is_some_and(|k| app.notes_in_view().contains(&k)) {
            app.cursor.note = None;
        }
        app.follow_note();
        app
    }

    /// The load's warnings (a lesson's ignored `input_shape`, a random input, NaN weights): the
    /// first in the message line of the first frame, the others one by one with `:warnings`;
    /// they are printed again on quitting.
    fn warn_at_start(&mut self) {
        if !self.session.warnings.is_empty() {
            self.show_warning(0);
        }
    }

    /// Say the load's warning k (counted from 0) as `warning 2/3: ...`.
    pub(crate) fn show_warning(&mut self, k: usize) {
        let warnings = &self.session.warnings;
        let Some(w) = warnings.get(k) else { return };
        let text = match warnings.len() {
            1 => format!("warning: {w}"),
            n if k + 1 < n => format!("warning {}/{n} (:warnings for the next): {w}", k + 1),
            n => format!("warning {}/{n}: {w}", k + 1),
        };
        self.warning = k;
        self.say(text);
    }

    /// `:warnings`: the warning after the one shown last (the first at the start), from the
    /// first again after the last; false when the load gave none.
    pub(crate) fn next_warning(&mut self) -> bool {
        let n = self.session.warnings.len();
        if n > 0 {
            self.show_warning((self.warning + 1) % n);
        }
        n > 0
    }

    /// The recurrent layers, numbered as the cursor and the breakpoints number them.
    pub fn layers(&self) -> Layers<'_> {
        Layers {
            session: &self.session,
            recurrent: &self.recurrent,
        }
    }

    /// The focused cell's recorded run, if the model has a recurrent layer.
    pub fn cell(&self) -> Option<&CellTrace> {
        self.layers().cell(self.cursor.layer, self.cursor.cell)
    }

    /// The focused layer's index into the model's layers (to read the model and the trace).
    pub fn model_layer(&self) -> Option<usize> {
        self.recurrent.get(self.cursor.layer).copied()
    }

    /// The focused layer's index into the model's layers, recurrent or not.
    pub fn focused_layer(&self) -> Option<usize> {
        self.cursor.plain.or_else(|| self.model_layer())
    }

    /// The time between steps while playing.
    pub fn tick_interval(&self) -> Option<Duration> {
        self.playing
            .then(|| Duration::from_secs_f64(1.0 / f64::from(SPEEDS[self.speed])))
    }

    /// The command line's text while it is open.
    pub fn prompt(&self) -> Option<&str> {
        match &self.mode {
            Mode::Prompt(line) => Some(line),
            _ => None,
        }
    }

    /// What the debugger asks of its screen, once.
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// Time for the next step while playing; true when something changed.
    pub fn tick(&mut self) -> bool {
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
                self.focus_on(&b);
                let text = self.stopped_text(&b);
                self.say(text);
            }
            self.arrive(self.cursor.t - 1, true);
        }
        true
    }

    /// A key press, read with the binding table of the mode.
    pub fn key(&mut self, key: Key) {
        let table = match self.mode {
            Mode::Normal => BINDINGS,
            Mode::Help { .. } => HELP_BINDINGS,
            Mode::Weights { .. } => WEIGHTS_BINDINGS,
            Mode::Prompt(_) => PROMPT_BINDINGS,
            Mode::Question { .. } => QUESTION_BINDINGS,
        };
        if !matches!(self.mode, Mode::Prompt(_)) {
            self.message = None;
        }
        let before = self.cursor;
        match (keys::action_in(table, key), &mut self.mode) {
            (Some(action), _) => self.act(action),
            (None, Mode::Prompt(line)) => {
                if let Key::Char(c) = key {
                    line.push(c);
                }
            }
            (None, Mode::Help { .. } | Mode::Weights { .. }) => {}
            (None, Mode::Question { .. }) => {
                if let Key::Char(c) = key {
                    self.type_answer(c);
                }
            }
            (None, Mode::Normal) => self.error(format!("{key} does nothing here; ? lists the keys")),
        }
        if self.cursor != before {
            self.info_scroll = 0;
        }
    }

    /// Pasted text: typed into the `:` line when it is open (control characters such as line
    /// breaks dropped, and the line kept to [`MAX_PASTE`] characters), ignored elsewhere; true
    /// when the line changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let Mode::Prompt(line) = &mut self.mode else {
            return false;
        };
        let room = MAX_PASTE.saturating_sub(line.chars().count());
        let before = line.len();
        line.extend(text.chars().filter(|c| !c.is_control()).take(room));
        line.len() != before
    }

    /// Where this app is, for another to follow.
    pub fn position(&self) -> Position {
        Position {
            lesson: self.session.source.clone(),
            cursor: self.cursor,
            sorted: self.sorted.clone(),
        }
    }

    /// Go where another app is, kept within this model; false (and nothing changes) when it is
    /// in another lesson.
    pub fn follow(&mut self, position: &Position) -> bool {
        if position.lesson != self.session.source {
            return false;
        }
        let c = position.cursor;
        let layer = c.layer.min(self.recurrent.len().saturating_sub(1));
        let cells = self.layers().cells(layer);
        let cell = c.cell.within(cells.len());
        let units = cells.get(cell.index()).map_or(1, CellTrace::units);
        let n = self.session.model.layers.len();
        self.cursor = Cursor {
            plain: c.plain.filter(|m| *m < n && !self.recurrent.contains(m)),
            note: c.note.filter(|k| *k < self.session.lesson.narrative.len()),
            t: c.t.min(self.steps.saturating_sub(1)),
            layer,
            cell,
            unit: c.unit.min(units.saturating_sub(1)),
            ..c
        };
        self.sorted = position.sorted.clone().filter(|s| self.fits(s));
        // The leader's timeline already shows what the narrative asked: note the entry in view
        // without applying its `look_at` again.
        self.last_note = self.notes_in_view().first().copied();
        true
    }

    /// Focus a unit of a cell of a recurrent layer (index into [`App::recurrent`]), as a click
    /// on it does.
    pub fn focus_unit(&mut self, layer: usize, cell: Direction, unit: usize) {
        self.cursor.layer = layer;
        self.cursor.cell = cell;
        self.cursor.unit = unit;
        self.cursor.plain = None;
        self.cursor.note = None;
        self.follow_note();
    }

    /// Do what a key's action says.
    pub fn act(&mut self, action: Action) {
        let last = self.steps.saturating_sub(1);
        let t = self.cursor.t;
        let note = self.cursor.note;
        self.act_on(action, t, last);
        // A step forward or `>` meets the questions of the step; a jump does not. Right at the
        // last step, where there is no step further, asks what a jump there passed over.
        let stepped = action == Action::NextStep && (self.cursor.t != t || t == last);
        let guided = action == Action::NextNote && self.cursor.note != note;
        self.arrive(t, stepped || guided);
    }

    fn act_on(&mut self, action: Action, t: usize, last: usize) {
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
            Action::GotoPrompt => self.mode = Mode::Prompt("goto ".into()),
            Action::NextNote => self.step_note(true),
            Action::PrevNote => self.step_note(false),
            Action::NextLayer => {
                if let Some(m) = self.focused_layer() {
                    self.focus_model_layer(m + 1);
                }
            }
            Action::PrevLayer => {
                if let Some(m) = self.focused_layer().and_then(|m| m.checked_sub(1)) {
                    self.focus_model_layer(m);
                }
            }
            Action::NextUnit | Action::PrevUnit => {
                // The next unit as shown: in a sorted layer, the next in its order.
                let units = self.cell().map_or(1, CellTrace::units);
                let (layer, cell) = (self.cursor.layer, self.cursor.cell);
                let at = self.position_of(layer, cell, self.cursor.unit);
                let to = if action == Action::NextUnit {
                    at + 1
                } else {
                    at + units - 1
                } % units;
                self.cursor.unit = self.unit_at_position(layer, cell, to);
            }
            Action::SwitchDirection => {
                let cells = self.layers().cells(self.cursor.layer).len();
                if cells > 1 {
                    self.cursor.cell = self.cursor.cell.other();
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
            Action::Pause => self.playing = false,
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
                let k = all.iter().position(|q| *q == self.cursor.timeline).unwrap_or(0);
                let k = if action == Action::NextQuantity {
                    (k + 1) % all.len()
                } else {
                    (k + all.len() - 1) % all.len()
                };
                self.cursor.timeline = all[k];
            }
            Action::ToggleScale => {
                self.cursor.auto_scale = !self.cursor.auto_scale;
                self.say(if self.cursor.auto_scale {
                    "auto scales: each row on its own range, from its values at this t"
                } else {
                    "fixed scales: gates 0 to 1, the rest -1 to 1 (or the run's largest |value|)"
                });
            }
            Action::InfoDown => self.info_scroll = self.info_scroll.saturating_add(1),
            Action::InfoUp => self.info_scroll = self.info_scroll.saturating_sub(1),
            Action::NextInfo => {
                let k = Info::ALL.iter().position(|i| *i == self.cursor.info).unwrap_or(0);
                self.cursor.info = Info::ALL[(k + 1) % Info::ALL.len()];
            }
            Action::Weights => {
                if self.cell().is_some() {
                    self.mode = Mode::Weights { scroll: 0 };
                } else {
                    self.error("this model has no recurrent layer, so no unit's weights to show");
                }
            }
            Action::CommandLine => self.mode = Mode::Prompt(String::new()),
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            // The terminal runner suspends on this key before it gets here; without a terminal
            // there is no process of the student's to stop.
            Action::Suspend => {}
            // A class's seat, the picker and the roster act on their keys before the app sees them.
            Action::Follow
            | Action::Roster
            | Action::Lessons
            | Action::NextChoice
            | Action::PrevChoice
            | Action::Open
            | Action::ClosePage => {}
            Action::Quit => self.quit = true,
            Action::CloseHelp | Action::CancelLine => self.mode = Mode::Normal,
            Action::ScrollDown => self.scroll(|s| s.saturating_add(1)),
            Action::ScrollUp => self.scroll(|s| s.saturating_sub(1)),
            Action::ScrollPageDown => self.scroll(|s| s.saturating_add(keys::HELP_PAGE)),
            Action::ScrollPageUp => self.scroll(|s| s.saturating_sub(keys::HELP_PAGE)),
            Action::RunLine => {
                if let Mode::Prompt(line) = std::mem::replace(&mut self.mode, Mode::Normal) {
                    self.message = None;
                    self.execute(&line);
                }
            }
            Action::ClearLine => {
                if let Mode::Prompt(line) = &mut self.mode {
                    line.clear();
                }
            }
            Action::EraseChar => match &mut self.mode {
                Mode::Prompt(line) if line.is_empty() => self.mode = Mode::Normal,
                Mode::Prompt(line) | Mode::Question { typed: line, .. } => {
                    line.pop();
                }
                _ => {}
            },
            Action::Answer => self.submit(),
            Action::SkipQuestion => self.skip_question(),
        }
    }

    /// Scroll the help screen or the weights view.
    fn scroll(&mut self, by: impl Fn(u16) -> u16) {
        if let Mode::Help { scroll } | Mode::Weights { scroll } = &mut self.mode {
            *scroll = by(*scroll);
        }
    }

    /// Move to timestep t (clamped to the sequence).
    pub fn goto(&mut self, t: usize) {
        self.cursor.t = t.min(self.steps.saturating_sub(1));
        self.cursor.note = None;
        self.follow_note();
    }

    /// Focus a layer by its index into the model's layers (nothing past the last): a recurrent
    /// one as [`App::focus_layer`] does, another with the nearest recurrent layer above it (or
    /// else the first) kept for the timeline and the inspector.
    fn focus_model_layer(&mut self, m: usize) {
        if m >= self.session.model.layers.len() {
            return;
        }
        if let Some(k) = self.recurrent.iter().position(|&l| l == m) {
            self.focus_layer(k);
            return;
        }
        if let Some(k) = self.recurrent.iter().rposition(|&l| l < m) {
            self.focus_layer(k);
        }
        self.cursor.plain = Some(m);
        self.cursor.note = None;
        self.follow_note();
    }

    /// Focus a recurrent layer (counted as [`Layers`] does), keeping the cell and the unit
    /// where the layer has them.
    pub fn focus_layer(&mut self, layer: usize) {
        if layer >= self.recurrent.len() {
            return;
        }
        let cells = self.layers().cells(layer);
        let cell = self.cursor.cell.within(cells.len());
        let unit = self.cursor.unit.min(cells[cell.index()].units() - 1);
        self.cursor = Cursor {
            layer,
            cell,
            unit,
            plain: None,
            note: None,
            ..self.cursor
        };
        self.follow_note();
    }

    /// The first breakpoint that stops at t.
    fn hit_at(&self, t: usize) -> Option<Breakpoint> {
        self.breakpoints.iter().find(|b| b.hits(self.layers(), t)).cloned()
    }

    fn continue_to(&mut self, found: Option<(usize, Breakpoint)>) {
        self.playing = false;
        match found {
            Some((t, b)) => {
                self.goto(t);
                self.focus_on(&b);
                let text = self.stopped_text(&b);
                self.say(text);
            }
            None if self.breakpoints.is_empty() => {
                self.error("no breakpoints yet: b sets one at t, :break sets a condition")
            }
            None => self.error("no breakpoint stops in that direction"),
        }
    }

    /// Focus the layer and cell a conditional breakpoint tests, where it stopped.
    fn focus_on(&mut self, b: &Breakpoint) {
        if let Breakpoint::When { layer, cell, .. } = *b {
            if self.cursor.plain.is_some() || self.cursor.layer != layer {
                self.focus_layer(layer);
            }
            self.cursor.cell = cell.within(self.layers().cells(layer).len());
        }
    }

    fn stopped_text(&self, b: &Breakpoint) -> String {
        let t = self.cursor.t;
        match b.measured(self.layers(), t) {
            Some(v) => format!("stopped at t={t}: {} (it is {v:.4})", b.describe(self.layers())),
            None => format!("stopped at t={t}: breakpoint {}", b.describe(self.layers())),
        }
    }

    /// Where a typed condition applies when it names no layer.
    pub fn scope(&self) -> Scope<'_> {
        Scope {
            layers: self.layers(),
            layer: self.cursor.layer,
            cell: self.cursor.cell,
        }
    }

    pub(crate) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }
}
