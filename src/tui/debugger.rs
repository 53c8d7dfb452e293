//! One debugger on one screen: the app and the screen that draws it. Keys and ticks go to the
//! app; a click becomes what it landed on in the last frame (focus a unit, go to a timestep,
//! open a tab) and a turn of the wheel scrolls what is under it, before the app sees them; a
//! resize goes to the screen; after each event the screen settles what the app asked of it. In
//! a course (a class with several lessons) the debugger starts at the lesson picker, opens the
//! lesson chosen in a new app, and goes back to the picker on `o`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::app::course::{Course, Pick};
use crate::app::{App, Mode, Position};
use crate::keys::{Action, CLASS_BINDINGS, Key, action_in};
use crate::session::Session;
use crate::ui::page::{self, Page};
use crate::ui::{Hit, Look, Pane, Screen};

/// What happens to the debugger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// Text pasted (a bracketed paste).
    Paste(String),
    /// A left click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel turned at a screen position, down (towards the user) or up.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// The screen is now this many columns and rows.
    Resize(u16, u16),
    /// Time for the next step while playing.
    Tick,
    /// The process was asked to stop (SIGTERM, SIGHUP).
    Stop,
    /// In a class: the header's badge, where the presenter is when this debugger follows, and
    /// a page to show instead of the panes (the presenter's roster).
    Guide {
        badge: Option<String>,
        to: Option<Position>,
        page: Option<Box<Page>>,
    },
}

/// An app and the screen it is drawn on.
#[derive(Debug, Clone)]
pub struct Debugger {
    pub app: App,
    pub screen: Screen,
    /// The lessons to pick from, in a class with several.
    pub course: Option<Course>,
    /// The answers to lessons not open now, by lesson source: question id, whether right.
    kept: Answers,
}

/// Answers by lesson source, then question id: whether right.
pub type Answers = BTreeMap<String, BTreeMap<String, bool>>;

impl Debugger {
    /// A new debugger on a session, drawn with `look` on a screen of `size`.
    pub fn new(session: impl Into<Arc<Session>>, look: Look, size: (u16, u16)) -> Debugger {
        let app = App::new(session);
        let screen = Screen::new(&app, look, size);
        Debugger {
            app,
            screen,
            course: None,
            kept: Answers::new(),
        }
    }

    /// A debugger at the picker of a course (the first lesson open behind it); `None` without
    /// lessons.
    pub fn course(lessons: Vec<Arc<Session>>, look: Look, size: (u16, u16)) -> Option<Debugger> {
        let course = Course::new(lessons)?;
        let app = App::new(course.lessons[0].clone());
        let screen = Screen::new(&app, look, size);
        Some(Debugger {
            app,
            screen,
            course: Some(course),
            kept: Answers::new(),
        })
    }

    /// Whether the lesson picker is shown.
    pub fn picking(&self) -> bool {
        self.course.as_ref().is_some_and(|c| c.picking)
    }

    /// Open the course's lesson `k` (the picker closes); a new app unless it is open already.
    pub fn open(&mut self, k: usize) {
        let Some(course) = &mut self.course else { return };
        let Some(session) = course.lessons.get(k).cloned() else {
            return;
        };
        course.selected = k;
        course.picking = false;
        course.opened = true;
        if session.source != self.app.session.source {
            let asks = self.app.asks;
            self.kept = self.answers();
            self.app = App::new(session);
            self.app.asks = asks;
            self.give_back_open();
            let mut screen = Screen::new(&self.app, self.screen.look, self.screen.size);
            screen.badge = self.screen.badge.take();
            screen.page = self.screen.page.take();
            screen.class = self.screen.class;
            self.screen = screen;
        }
    }

    /// Every answer given in this debugger's lessons, or given back to them.
    pub fn answers(&self) -> Answers {
        let mut all = self.kept.clone();
        let open = self.app.answers();
        if !open.is_empty() {
            all.entry(self.app.session.source.clone())
                .or_default()
                .extend(open.into_iter().map(|(id, right)| (id.to_string(), right)));
        }
        all
    }

    /// Give back the answers of an earlier visit: those to the open lesson at once, the others'
    /// when their lesson is opened. Answers to a lesson or question not here are dropped.
    pub fn give_back(&mut self, mut answers: Answers) {
        answers.retain(|source, given| {
            let session = match &self.course {
                Some(course) => course.find(source).map(|k| &course.lessons[k]),
                None => Some(&self.app.session).filter(|s| &s.source == source),
            };
            let Some(session) = session else { return false };
            given.retain(|id, _| session.lesson.questions.iter().any(|q| &q.id == id));
            !given.is_empty()
        });
        self.kept = answers;
        self.give_back_open();
    }

    /// The kept answers to the open lesson, given back to its app.
    fn give_back_open(&mut self) {
        if let Some(given) = self.kept.get(&self.app.session.source) {
            self.app
                .give_back_answers(given.iter().map(|(id, right)| (id.as_str(), *right)));
        }
    }

    /// Go where another debugger is, opening its lesson when this course has it; false when
    /// nothing could follow it there.
    pub fn follow(&mut self, position: &Position) -> bool {
        if position.lesson != self.app.session.source || self.picking() {
            match self.course.as_ref().and_then(|c| c.find(&position.lesson)) {
                Some(k) => self.open(k),
                None => return false,
            }
        }
        self.app.follow(position)
    }

    /// A key while the picker is shown.
    fn pick(&mut self, key: Key) -> bool {
        let Some(course) = &mut self.course else { return false };
        match course.key(key) {
            Pick::Open(k) => self.open(k),
            Pick::Quit => self.app.quit = true,
            Pick::Moved => {}
            Pick::Nothing => return false,
        }
        true
    }

    /// Handle one event; true when the screen must be drawn again.
    pub fn handle(&mut self, event: Event) -> bool {
        let redraw = match event {
            Event::Key(key) if self.picking() => self.pick(key),
            Event::Key(key)
                if self.course.is_some()
                    && self.app.mode == Mode::Normal
                    && action_in(CLASS_BINDINGS, key) == Some(Action::Lessons) =>
            {
                if let Some(course) = &mut self.course {
                    course.picking = true;
                }
                self.app.playing = false;
                true
            }
            Event::Key(key) => {
                self.app.key(key);
                true
            }
            Event::Paste(_) | Event::Click { .. } | Event::Wheel { .. } | Event::Tick if self.picking() => false,
            Event::Paste(text) => self.app.paste(&text),
            Event::Click { column, row } => match self.screen.hit(column, row) {
                Some(Hit::Unit { layer, cell, unit }) => {
                    // The grid counts columns; a sorted layer shows another unit there.
                    let unit = self.app.unit_at_position(layer, cell, unit);
                    self.app.focus_unit(layer, cell, unit);
                    true
                }
                Some(Hit::Step(t)) => {
                    self.app.goto(t);
                    true
                }
                Some(Hit::Tab(info)) => {
                    self.app.cursor.info = info;
                    true
                }
                None => false,
            },
            Event::Wheel { column, row, down } => match self.wheel(column, row, down) {
                Some(action) => {
                    self.app.act(action);
                    true
                }
                None => false,
            },
            Event::Resize(w, h) => {
                self.screen.size = (w, h);
                true
            }
            Event::Tick => self.app.tick(),
            Event::Stop => {
                self.app.quit = true;
                false
            }
            Event::Guide { badge, to, page } => {
                self.screen.badge = badge;
                self.screen.page = page.map(|p| *p);
                if let Some(position) = to {
                    // The step left, when it was in the same lesson: at a new step the
                    // follower is asked its question (an app that asks).
                    let from =
                        (position.lesson == self.app.session.source && !self.picking()).then_some(self.app.cursor.t);
                    if self.follow(&position) {
                        self.app.followed(from);
                    }
                }
                true
            }
        };
        // A question the presenter brought a follower to while the help was open.
        self.app.ask_waiting();
        self.screen.settle(&mut self.app);
        redraw
    }

    /// What a turn of the wheel at a screen position does: scroll the help screen or the
    /// weights view wherever it is; on the panes, the units of the focused layer's pane
    /// (another layer's pane is focused first), the timeline's steps, or the information
    /// pane's lines as J and K scroll them.
    pub fn wheel(&mut self, column: u16, row: u16, down: bool) -> Option<Action> {
        let pick = |forward: Action, back: Action| Some(if down { forward } else { back });
        if matches!(self.app.mode, Mode::Help { .. } | Mode::Weights { .. }) {
            return pick(Action::ScrollDown, Action::ScrollUp);
        }
        match self.screen.pane(column, row)? {
            Pane::Timeline => pick(Action::NextStep, Action::PrevStep),
            Pane::Info => pick(Action::InfoDown, Action::InfoUp),
            Pane::Layer(k) => {
                if self.app.cursor.layer != k || self.app.cursor.plain.is_some() {
                    self.app.focus_layer(k);
                }
                pick(Action::NextUnit, Action::PrevUnit)
            }
        }
    }

    /// Draw a frame into `area` of `buf`.
    pub fn render(&mut self, area: Rect, buf: &mut Buffer) {
        match &self.course {
            Some(course) if course.picking => {
                let page = page::picker(course, &self.screen.look);
                page::render(&page, &self.screen.look, self.screen.badge.as_deref(), area, buf);
            }
            _ => self.screen.render(&self.app, area, buf),
        }
    }
}
