//! One debugger on one screen: the app and the screen that draws it. Keys and ticks go to the
//! app; a click becomes what it landed on in the last frame (focus a unit, go to a timestep)
//! before the app sees it; a resize goes to the screen; after each event the screen settles
//! what the app asked of it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{App, Position};
use crate::keys::Key;
use crate::session::Session;
use crate::ui::{Hit, Look, Screen};

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
    /// The screen is now this many columns and rows.
    Resize(u16, u16),
    /// Time for the next step while playing.
    Tick,
    /// The process was asked to stop (SIGTERM, SIGHUP).
    Stop,
    /// In a class: the header's badge, and where the presenter is when this debugger follows.
    Guide {
        badge: Option<String>,
        to: Option<Position>,
    },
}

/// An app and the screen it is drawn on.
#[derive(Debug, Clone)]
pub struct Debugger {
    pub app: App,
    pub screen: Screen,
}

impl Debugger {
    /// A new debugger on a session, drawn with `look` on a screen of `size`.
    pub fn new(session: Session, look: Look, size: (u16, u16)) -> Debugger {
        let app = App::new(session);
        let screen = Screen::new(&app, look, size);
        Debugger { app, screen }
    }

    /// Handle one event; true when the screen must be drawn again.
    pub fn handle(&mut self, event: Event) -> bool {
        let redraw = match event {
            Event::Key(key) => {
                self.app.key(key);
                true
            }
            Event::Paste(text) => self.app.paste(&text),
            Event::Click { column, row } => match self.screen.hit(column, row) {
                Some(Hit::Unit { layer, cell, unit }) => {
                    self.app.focus_unit(layer, cell, unit);
                    true
                }
                Some(Hit::Step(t)) => {
                    self.app.goto(t);
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
            Event::Guide { badge, to } => {
                self.screen.badge = badge;
                if let Some(position) = to {
                    self.app.follow(&position);
                }
                true
            }
        };
        self.screen.settle(&mut self.app);
        redraw
    }

    /// Draw a frame into `area` of `buf`.
    pub fn render(&mut self, area: Rect, buf: &mut Buffer) {
        self.screen.render(&self.app, area, buf);
    }
}
