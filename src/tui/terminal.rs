//! The thin runner for a real terminal, the only place that talks to crossterm: raw mode, the
//! alternate screen and the mouse; key, mouse and resize events from a reader thread; SIGTERM,
//! SIGHUP and SIGINT as a stop event; and the terminal put back on quit, on panic and on signal
//! (after which the signal ends the process as it would have, so the shell sees it). Ctrl-Z, or
//! SIGTSTP from outside, suspends: the terminal is put back and the process stops as SIGTSTP's
//! default action stops it; on SIGCONT (`fg`) the terminal is taken again and redrawn whole.

use std::io::{IsTerminal, Stdout, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{
    self as ct, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, KeyCode,
    KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::debugger::{Debugger, Event};
use super::event_loop::{self, EventSource};
use crate::error::{Error, Kind, Result};
use crate::keys::{self, Action, Key};
use crate::session::Session;
use crate::ui::{DisplayOptions, Look};

/// Step through a session in this process's terminal until the user quits.
/// A signal that ended it then ends the process as it would have without lstm-tui catching
/// it (exit status 128 + its number), once the terminal is restored.
pub fn run_terminal(session: Session, display: &DisplayOptions) -> Result<()> {
    let signal = run_terminal_with(
        |look| Debugger::new(session, look, (0, 0)),
        display,
        |_| {},
        Hooks {
            filter: &mut |event| event,
            after: &mut |_| {},
        },
    )?;
    if let Some(signal) = signal {
        end_by(signal);
    }
    Ok(())
}

/// What `serve --present` adds to the terminal's loop: each event from the terminal goes
/// through `filter` before the debugger sees it, and `after` sees the debugger after each event.
pub struct Hooks<'a> {
    pub filter: &'a mut dyn FnMut(Event) -> Event,
    pub after: &'a mut dyn FnMut(&Debugger),
}

/// [`run_terminal`] for the debugger `make` makes with this terminal's look, with hooks: `feed`
/// gets a sender of more events before the loop starts, and [`Hooks`]. Returns the signal
/// (SIGTERM, SIGHUP, SIGINT) that ended it, if one did: the caller ends as it sees fit.
pub fn run_terminal_with(
    make: impl FnOnce(Look) -> Debugger,
    display: &DisplayOptions,
    feed: impl FnOnce(Feed),
    hooks: Hooks,
) -> Result<Option<i32>> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::new(Kind::NoTerminal));
    }
    let look = super::look_from_env(display);
    // The loop's first event is the terminal's real size.
    let mut debugger = make(look);
    let (tx, rx) = mpsc::channel();
    let signals = watch_signals(tx.clone())?;
    install_panic_hook();
    setup().map_err(io_error)?;
    feed(Feed(tx.clone()));
    watch_hangup(tx.clone());
    read_events(tx);
    let mut channel = Channel {
        rx,
        stopped_itself: false,
        hooks,
    };
    let outcome = Terminal::new(CrosstermBackend::new(std::io::stdout())).and_then(|mut terminal| {
        let ran = event_loop::run(&mut debugger, &mut terminal, &mut channel);
        // ratatui's Drop shows the cursor and says with eprintln! when it cannot, which panics
        // once the terminal has hung up (EIO) and so would lose what the caller keeps after the
        // run, such as the student's progress. restore() shows the cursor, ignoring errors.
        std::mem::forget(terminal);
        ran
    });
    restore();
    let signal = signals.finish();
    outcome.map_err(io_error).map(|()| signal)
}

/// End the process as `signal`'s default action would.
#[cfg(unix)]
pub fn end_by(signal: i32) {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
}

#[cfg(not(unix))]
pub fn end_by(_signal: i32) {}

fn io_error(e: std::io::Error) -> Error {
    Error::new(Kind::Terminal { detail: e.to_string() })
}

fn setup() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Put the terminal back as it was; safe to call more than once.
fn restore() {
    let mut out: Stdout = std::io::stdout();
    // Clear first: some terminals keep rows the alternate screen grew by while in use.
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        Clear(ClearType::All),
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Take the terminal again after the process was stopped, and say its size now: the resize
/// makes the loop clear and redraw the whole screen. Raw mode is first switched off, as
/// crossterm only switches on what it believes is off, and a stop lstm-tui did not see coming
/// (SIGSTOP) may have left the terminal to a shell that reset it.
fn reenter() -> std::io::Result<Event> {
    let _ = disable_raw_mode();
    setup()?;
    let (w, h) = crossterm::terminal::size()?;
    Ok(Event::Resize(w, h))
}

/// Ctrl-Z or SIGTSTP: put the terminal back, stop until continued, take it again.
fn suspend() -> std::io::Result<Event> {
    restore();
    stop_process();
    reenter()
}

/// Stop the process with SIGTSTP's default action, returning once it is continued. The signal
/// watcher catches SIGTSTP, so its default action is put back around the stop. (In an orphaned
/// process group, with no shell to continue it, the kernel discards SIGTSTP and this returns at
/// once.)
#[cfg(unix)]
fn stop_process() {
    // SAFETY: plain sigaction and raise calls on valid, initialised structures; the previous
    // action is put back as it was.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut previous: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut previous) == 0 {
            libc::raise(libc::SIGTSTP);
            libc::sigaction(libc::SIGTSTP, &previous, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
fn stop_process() {}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// The signals that end the debugger, watched while it runs.
#[cfg(unix)]
struct Watch {
    handle: signal_hook::iterator::Handle,
    received: std::sync::Arc<std::sync::atomic::AtomicI32>,
}

#[cfg(unix)]
impl Watch {
    /// Stop watching, once the terminal is restored; the signal that ended the debugger, if one did.
    fn finish(self) -> Option<i32> {
        self.handle.close();
        let signal = self.received.load(std::sync::atomic::Ordering::SeqCst);
        (signal != 0).then_some(signal)
    }
}

/// Signals that end the debugger become a stop event, so the loop ends and restores the
/// terminal; SIGTSTP and SIGCONT suspend and resume.
#[cfg(unix)]
fn watch_signals(tx: Sender<Input>) -> Result<Watch> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT]).map_err(|e| {
            Error::new(Kind::Io {
                action: "watch for signals",
                detail: e.to_string(),
            })
        })?;
    let handle = signals.handle();
    let received = std::sync::Arc::new(std::sync::atomic::AtomicI32::new(0));
    let seen = received.clone();
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let input = match signal {
                SIGTSTP => Input::Suspend,
                SIGCONT => Input::Continued,
                _ => {
                    seen.store(signal, std::sync::atomic::Ordering::SeqCst);
                    let _ = tx.send(Input::App(Event::Stop));
                    return;
                }
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
    Ok(Watch { handle, received })
}

#[cfg(not(unix))]
struct NoSignals;

#[cfg(not(unix))]
impl NoSignals {
    fn finish(self) -> Option<i32> {
        None
    }
}

#[cfg(not(unix))]
fn watch_signals(_tx: Sender<Input>) -> Result<NoSignals> {
    Ok(NoSignals)
}

/// A terminal that goes away with no SIGHUP for this process (it is not the terminal's
/// session leader, or the leader ignores the signal) becomes a stop event too. crossterm's
/// reader cannot tell: on a dead terminal it reads nothing, for ever, at full speed
/// (crossterm-rs/crossterm#793), while the loop would wait on the channel. `poll` reports a
/// hang-up without being asked for any event, so this thread sleeps until there is one.
#[cfg(unix)]
fn watch_hangup(tx: Sender<Input>) {
    std::thread::spawn(move || {
        let mut tty = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: 0,
            revents: 0,
        };
        loop {
            // SAFETY: one valid pollfd, alive for the whole call.
            let ready = unsafe { libc::poll(&mut tty, 1, -1) };
            if ready < 0 {
                if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
            if tty.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                let _ = tx.send(Input::App(Event::Stop));
                return;
            }
        }
    });
}

#[cfg(not(unix))]
fn watch_hangup(_tx: Sender<Input>) {}

/// Read terminal events on a thread of their own; the loop waits on the channel.
fn read_events(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let event = match ct::read() {
                Ok(e) => e,
                Err(_) => {
                    let _ = tx.send(Input::App(Event::Stop));
                    return;
                }
            };
            if let Some(event) = convert(event)
                && tx.send(Input::App(event)).is_err()
            {
                return;
            }
        }
    });
}

/// A terminal event as the debugger sees it (`serve` maps its parsed bytes through this too).
pub(crate) fn convert(event: ct::Event) -> Option<Event> {
    match event {
        ct::Event::Key(k) if k.kind != KeyEventKind::Release => {
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            let key = match k.code {
                KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
                KeyCode::Char(c) => Key::Char(c),
                KeyCode::Left => Key::Left,
                KeyCode::Right => Key::Right,
                KeyCode::Up => Key::Up,
                KeyCode::Down => Key::Down,
                KeyCode::Home => Key::Home,
                KeyCode::End => Key::End,
                KeyCode::PageUp => Key::PageUp,
                KeyCode::PageDown => Key::PageDown,
                KeyCode::Tab => Key::Tab,
                KeyCode::BackTab => Key::BackTab,
                KeyCode::Enter => Key::Enter,
                KeyCode::Esc => Key::Esc,
                KeyCode::Backspace => Key::Backspace,
                _ => return None,
            };
            Some(Event::Key(key))
        }
        ct::Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Event::Click { column, row }),
                MouseEventKind::ScrollDown => Some(Event::Wheel {
                    column,
                    row,
                    down: true,
                }),
                MouseEventKind::ScrollUp => Some(Event::Wheel {
                    column,
                    row,
                    down: false,
                }),
                _ => None,
            }
        }
        ct::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        ct::Event::Paste(text) => Some(Event::Paste(text)),
        _ => None,
    }
}

/// Sends the running debugger more events, from any thread.
#[derive(Clone)]
pub struct Feed(Sender<Input>);

impl Feed {
    /// False once the debugger has ended.
    pub fn send(&self, event: Event) -> bool {
        self.0.send(Input::App(event)).is_ok()
    }
}

/// What the reader and signal threads send the loop.
enum Input {
    App(Event),
    /// SIGTSTP from outside: suspend, as Ctrl-Z does.
    Suspend,
    /// SIGCONT: the process was continued.
    Continued,
}

/// Events from the reader and signal threads; suspending happens here, so that Ctrl-Z works
/// whatever the app is showing (help, the command line).
struct Channel<'a> {
    rx: Receiver<Input>,
    /// Set by a suspend until the next input, which is the SIGCONT that ended it: the terminal
    /// was taken again already.
    stopped_itself: bool,
    hooks: Hooks<'a>,
}

impl EventSource for Channel<'_> {
    fn handled(&mut self, debugger: &Debugger) {
        (self.hooks.after)(debugger);
    }

    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Option<Event>> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let input = match deadline {
                None => self.rx.recv().unwrap_or(Input::App(Event::Stop)),
                Some(at) => match self.rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(input) => input,
                    Err(RecvTimeoutError::Timeout) => return Ok(None),
                    Err(RecvTimeoutError::Disconnected) => Input::App(Event::Stop),
                },
            };
            let stopped_itself = std::mem::take(&mut self.stopped_itself);
            return match input {
                Input::App(Event::Key(key)) if keys::action_for(key) == Some(Action::Suspend) => {
                    self.stopped_itself = true;
                    suspend().map(Some)
                }
                Input::Suspend => {
                    self.stopped_itself = true;
                    suspend().map(Some)
                }
                Input::Continued if stopped_itself => continue,
                Input::Continued => reenter().map(Some),
                Input::App(event) => {
                    #[cfg(all(test, unix))]
                    tests::panic_on(&event);
                    Ok(Some((self.hooks.filter)(event)))
                }
            };
        }
    }
}

#[cfg(all(test, unix))]
mod tests;
