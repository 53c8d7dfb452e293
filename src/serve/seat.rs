//! One student's debugger: the same [`Debugger`] and [`event_loop::run`] as `lstm-tui run`, on a thread
//! of its own, fed by the SSH channel's bytes (parsed by [`input::Parser`]) and drawing through an
//! [`SshBackend`]. It ends when the student quits, the connection goes, the server is stopped,
//! or the idle or session time runs out, and says why on the student's screen.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::{mpsc, watch};

use super::input::Parser;
use super::log;
use super::part::Part;
use super::resume::{Place, Store, Who};
use super::screen::{Outbox, SharedSize, SshBackend};
use crate::app::{Cursor, Position};
use crate::session::Session;
use crate::tui::debugger::{Debugger, Event};
use crate::tui::event_loop::{self, EventSource};
use crate::ui::Look;

/// What reaches a seat from its connection.
#[derive(Debug)]
pub enum Input {
    Bytes(Vec<u8>),
    /// The client's window, already clamped.
    Resize(u16, u16),
    /// The outbox dropped frames: draw everything again.
    Redraw,
}

/// How long a seat lasts without input, and at all.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub idle: Duration,
    pub session: Duration,
}

/// Everything a seat's thread needs.
pub struct Seat {
    /// The class's lessons, shared by every seat.
    pub lessons: Vec<Arc<Session>>,
    pub look: Look,
    pub size: (u16, u16),
    pub inputs: mpsc::Receiver<Input>,
    /// Set (to the words to show) when the server stops.
    pub ending: watch::Receiver<Option<String>>,
    pub outbox: Arc<Outbox>,
    pub timeouts: Timeouts,
    pub runtime: tokio::runtime::Handle,
    /// Student, presenter, or alone.
    pub part: Part,
    /// Who this student is, where they were last time, and where that is kept (not for the
    /// presenter).
    pub resume: Option<Resume>,
}

/// A student's place, kept between visits.
pub struct Resume {
    pub store: Arc<Store>,
    pub who: Who,
    pub place: Option<Place>,
}

/// Modes for the client's terminal: the alternate screen, no cursor, mouse clicks in SGR form,
/// bracketed paste.
const SETUP: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1006h\x1b[?2004h\x1b[2J";
/// Those modes undone.
const RESTORE: &[u8] = b"\x1b[?2004l\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l";

impl Seat {
    /// Run until the seat ends; returns why it ended, as shown to the student.
    pub fn run(self) -> String {
        let size = Arc::new(SharedSize::new(self.size));
        let backend = SshBackend::new(self.outbox.clone(), size.clone(), SETUP);
        let (w, h) = self.size;
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        };
        let mut source = Source {
            inputs: self.inputs,
            ending: self.ending,
            runtime: self.runtime,
            parser: Parser::new(),
            queue: VecDeque::new(),
            size,
            idle: self.timeouts.idle,
            idle_until: Instant::now() + self.timeouts.idle,
            session_until: Instant::now() + self.timeouts.session,
            last_byte: Instant::now(),
            reason: None,
            part: self.part,
        };
        let guide = source.part.guide();
        source.queue.extend(guide);
        // Everyone is asked the lessons' questions in their own seat but the presenter: a
        // presenter stopped at one would stop the class.
        let asks = !matches!(source.part, Part::Presenter(_));
        let outcome = match debugger(&self.lessons, self.look, self.size, asks) {
            Some(mut debugger) => {
                // The help lists the class's keys where any of them acts.
                debugger.screen.class = !matches!(source.part, Part::Solo) || debugger.course.is_some();
                if let Some(place) = self.resume.as_ref().and_then(|r| r.place.as_ref()) {
                    let cursor = Cursor {
                        t: place.t,
                        ..Cursor::default()
                    };
                    debugger.follow(&Position {
                        lesson: place.lesson.clone(),
                        cursor,
                        sorted: None,
                    });
                    debugger.give_back(place.answers.clone());
                }
                let outcome = Terminal::with_options(backend, options)
                    .and_then(|mut terminal| event_loop::run(&mut debugger, &mut terminal, &mut source));
                // A student who never left the picker has no place to keep.
                let chose = debugger.course.as_ref().is_none_or(|c| c.opened);
                if let Some(r) = self.resume.as_ref().filter(|_| chose) {
                    let place = Place {
                        lesson: debugger.app.session.source.clone(),
                        t: debugger.app.cursor.t,
                        following: source.part.following(),
                        answers: debugger.answers(),
                    };
                    if let Err(e) = r.store.save(&r.who, &place) {
                        log::line(format_args!(
                            "cannot keep the place of user {}: {e}",
                            log::clean(&r.who.name)
                        ));
                    }
                }
                outcome
            }
            None => Ok(()),
        };
        let reason = match (outcome, source.reason) {
            (_, Some(reason)) => reason,
            (Err(e), None) => format!("lstm-tui: the session stopped: {e}"),
            (Ok(()), None) => "Goodbye.".to_string(),
        };
        let mut last = RESTORE.to_vec();
        last.extend(reason.as_bytes());
        last.extend(b"\r\n");
        self.outbox.finish(last);
        reason
    }
}

/// A debugger on a class's lessons: at the picker when there are several, else in the one
/// lesson; `None` without any. It asks the lessons' questions when `asks`.
pub fn debugger(lessons: &[Arc<Session>], look: Look, size: (u16, u16), asks: bool) -> Option<Debugger> {
    let mut debugger = match lessons {
        [one] => Some(Debugger::new(one.clone(), look, size)),
        all => Debugger::course(all.to_vec(), look, size),
    }?;
    debugger.app.asks = asks;
    Some(debugger)
}

/// The seat's events: the client's bytes as keys and clicks, resizes, redraws, and Stop when it
/// is time to end (with the reason kept).
struct Source {
    inputs: mpsc::Receiver<Input>,
    ending: watch::Receiver<Option<String>>,
    runtime: tokio::runtime::Handle,
    parser: Parser,
    queue: VecDeque<Event>,
    size: Arc<SharedSize>,
    idle: Duration,
    idle_until: Instant,
    session_until: Instant,
    last_byte: Instant,
    reason: Option<String>,
    part: Part,
}

/// What one wait brought.
enum Woke {
    Input(Option<Input>),
    Ending,
    Stage,
    Timeout,
}

impl Source {
    fn end(&mut self, reason: String) {
        self.reason.get_or_insert(reason);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        let now = Instant::now();
        self.last_byte = now;
        self.idle_until = now + self.idle;
        let mut events = Vec::new();
        self.parser.feed(bytes, &mut events);
        self.push(events);
    }

    fn push(&mut self, events: Vec<crossterm::event::Event>) {
        self.queue
            .extend(events.into_iter().filter_map(crate::tui::terminal::convert));
    }

    /// The next event for the debugger: the class's keys are taken by the seat's part as they
    /// come (the debugger has handled what came before them), the guide following when they
    /// change it.
    fn pop(&mut self) -> Option<Event> {
        while let Some(event) = self.queue.pop_front() {
            if matches!(event, Event::Guide { .. }) {
                return Some(event);
            }
            let following = self.part.following();
            let passed = self.part.key(event);
            if passed.is_none() || self.part.following() != following {
                let guide = self.part.guide();
                self.queue.extend(guide);
            }
            if passed.is_some() {
                return passed;
            }
        }
        None
    }
}

impl EventSource for Source {
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Option<Event>> {
        let until = timeout.map(|t| Instant::now() + t);
        loop {
            if self.reason.is_some() {
                return Ok(Some(Event::Stop));
            }
            if let Some(event) = self.pop() {
                if let Event::Resize(w, h) = event {
                    self.size.set((w, h));
                }
                return Ok(Some(event));
            }
            let now = Instant::now();
            if now >= self.session_until {
                self.end("This session has reached its time limit; ssh in again to go on.".into());
                continue;
            }
            if now >= self.idle_until {
                let secs = self.idle.as_secs();
                let idle = if secs.is_multiple_of(60) {
                    format!("{} minutes", secs / 60)
                } else {
                    format!("{secs} seconds")
                };
                self.end(format!("Closed after {idle} without a key; ssh in again to go on."));
                continue;
            }
            let parser_until = self.parser.wait().map(|w| self.last_byte + w);
            if parser_until.is_some_and(|p| now >= p) {
                let mut events = Vec::new();
                self.parser.expire(&mut events);
                self.push(events);
                continue;
            }
            if until.is_some_and(|u| now >= u) {
                return Ok(None);
            }
            let wake = [Some(self.session_until), Some(self.idle_until), parser_until, until]
                .into_iter()
                .flatten()
                .min()
                .expect("the session deadline is always there");
            let inputs = &mut self.inputs;
            let ending = &mut self.ending;
            let part = &mut self.part;
            let woke = self.runtime.block_on(async {
                tokio::select! {
                    input = inputs.recv() => Woke::Input(input),
                    _ = ending.wait_for(Option::is_some) => Woke::Ending,
                    () = part.changed() => Woke::Stage,
                    () = tokio::time::sleep_until(wake.into()) => Woke::Timeout,
                }
            });
            match woke {
                Woke::Input(Some(Input::Bytes(b))) => self.bytes(&b),
                Woke::Input(Some(Input::Resize(w, h))) => self.queue.push_back(Event::Resize(w, h)),
                Woke::Input(Some(Input::Redraw)) => {
                    let (w, h) = self.size.get();
                    self.queue.push_back(Event::Resize(w, h));
                }
                Woke::Input(None) => self.end(String::new()),
                Woke::Ending => {
                    let words = self.ending.borrow().clone().unwrap_or_default();
                    self.end(words);
                }
                Woke::Stage if self.part.wants() => {
                    let guide = self.part.guide();
                    self.queue.extend(guide);
                }
                Woke::Stage | Woke::Timeout => {}
            }
        }
    }

    fn handled(&mut self, debugger: &Debugger) {
        if self.part.handled(debugger) {
            let guide = self.part.guide();
            self.queue.extend(guide);
        }
    }
}
