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
use super::part::Part;
use super::screen::{Outbox, SharedSize, SshBackend};
use crate::app::App;
use crate::session::Session;
use crate::tui::debugger::{Debugger, Event};
use crate::tui::event_loop::{self, EventSource};
use crate::ui::{Look, Screen};

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
    /// The lesson, shared by every seat.
    pub session: Arc<Session>,
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
        source.queue.extend(source.part.guide());
        let app = App::new(self.session);
        let screen = Screen::new(&app, self.look, self.size);
        let mut debugger = Debugger { app, screen };
        let outcome = Terminal::with_options(backend, options)
            .and_then(|mut terminal| event_loop::run(&mut debugger, &mut terminal, &mut source));
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
        for event in events.into_iter().filter_map(crate::tui::terminal::convert) {
            match self.part.key(event) {
                Some(event) => self.queue.push_back(event),
                None => self.queue.extend(self.part.guide()),
            }
        }
    }
}

impl EventSource for Source {
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Option<Event>> {
        let until = timeout.map(|t| Instant::now() + t);
        loop {
            if self.reason.is_some() {
                return Ok(Some(Event::Stop));
            }
            if let Some(event) = self.queue.pop_front() {
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
                Woke::Stage if self.part.wants() => self.queue.extend(self.part.guide()),
                Woke::Stage | Woke::Timeout => {}
            }
        }
    }

    fn handled(&mut self, debugger: &Debugger) {
        self.part.handled(debugger);
    }
}
