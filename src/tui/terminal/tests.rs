//! The terminal runner for real, under a pseudo-terminal: this test binary runs itself as the
//! child (the ignored test `tui_child`) with the pty as its terminal, and the tests read what it
//! writes, type keys, stop and continue it, and look at the pty's modes.
//!
//! The panic is triggered by [`PANIC_KEY`], which only this test build knows: the check sits
//! behind `cfg(test)`, so no build a user runs (`cargo build`, `cargo install`, the integration
//! tests' binary) contains it.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Event;
use crate::keys::Key;

/// Typed in the child, this key panics inside the running debugger (test builds only).
const PANIC_KEY: Key = Key::Ctrl('t');

/// What the child's panic says.
const PANIC_TEXT: &str = "a panic inside the running debugger";

/// Called on every event the terminal runner hands the app.
pub(super) fn panic_on(event: &Event) {
    if *event == Event::Key(PANIC_KEY) {
        panic!("{PANIC_TEXT}");
    }
}

/// The child: the debugger on lesson 1 in the terminal it was given.
#[test]
#[ignore = "the child of the pty tests below, run by them"]
fn tui_child() {
    let lesson = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/lesson1.toml");
    let session = crate::session::Session::load(lesson, &Default::default()).unwrap();
    super::run_terminal(session, &Default::default()).unwrap();
}

const ENTER_ALTERNATE: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const MOUSE_OFF: &str = "\x1b[?1000l";
/// A word of the first frame's footer.
const DRAWN: &str = "quit";

/// A child running `tui_child` on a fresh 80×24 pty, and everything it has written so far.
struct Pty {
    master: File,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    fn start() -> Pty {
        let (mut master, mut slave) = (-1, -1);
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two new descriptors, which are then owned here.
        let (master, slave) = unsafe {
            let made = libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size);
            assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
            (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
        };
        let exe = std::env::current_exe().unwrap();
        let mut command = Command::new(exe);
        command
            .args(["--exact", "tui::terminal::tests::tui_child", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            // Its own process group in this session, so that it is not orphaned and SIGTSTP stops it.
            .process_group(0);
        let child = command.spawn().unwrap();
        drop(command); // the parent's copies of the slave
        let output = Arc::new(Mutex::new(Vec::new()));
        let (mut reader, sink) = (master.try_clone().unwrap(), output.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty { master, child, output }
    }

    fn pid(&self) -> libc::pid_t {
        self.child.id() as libc::pid_t
    }

    /// All the output so far.
    fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Wait until the output after byte `from` holds every one of `wanted`; the output's length.
    fn wait_for(&mut self, from: usize, wanted: &[&str]) -> usize {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = self.bytes();
            let rest = out.get(from..).unwrap_or(&[]);
            if wanted.iter().all(|w| find(rest, w).is_some()) {
                return out.len();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("waited for {wanted:?}; the child wrote, at the end: {:?}", tail(rest));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
    }

    /// The pty's local modes: cooked (canonical, echoing, with signals) or raw.
    fn cooked(&self) -> bool {
        // SAFETY: tcgetattr fills the zeroed structure for an open descriptor.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        let got = unsafe { libc::tcgetattr(std::os::fd::AsRawFd::as_raw_fd(&self.master), &mut modes) };
        assert_eq!(got, 0, "tcgetattr: {}", std::io::Error::last_os_error());
        let wanted = libc::ICANON | libc::ECHO | libc::ISIG;
        modes.c_lflag & wanted == wanted
    }

    /// Wait for the child to stop, and the signal that stopped it.
    fn wait_stopped(&mut self) -> libc::c_int {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let mut status = 0;
            // SAFETY: waitpid on our own child, without blocking.
            let got = unsafe { libc::waitpid(self.pid(), &mut status, libc::WUNTRACED | libc::WNOHANG) };
            assert!(got >= 0, "waitpid: {}", std::io::Error::last_os_error());
            if got == self.pid() {
                assert!(
                    libc::WIFSTOPPED(status),
                    "the child ended instead of stopping (wait status {status})"
                );
                return libc::WSTOPSIG(status);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "the child did not stop; it wrote, at the end: {:?}",
                    tail(&self.bytes())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the child to end; its exit code.
    fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the child did not end; it wrote, at the end: {:?}", tail(&self.bytes()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    /// A failed test leaves no child behind, stopped or running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The end of some output, for a failure message.
fn tail(out: &[u8]) -> String {
    String::from_utf8_lossy(&out[out.len().saturating_sub(600)..]).into_owned()
}

/// Where `what` first is in `hay`.
fn find(hay: &[u8], what: &str) -> Option<usize> {
    hay.windows(what.len()).position(|w| w == what.as_bytes())
}

/// Where `what` first is in `out` after byte `from`.
fn first(out: &[u8], from: usize, what: &str) -> usize {
    from + find(&out[from..], what).unwrap_or_else(|| {
        panic!(
            "{what:?} is not in what the child wrote, which ends {:?}",
            tail(&out[from..])
        )
    })
}

#[test]
fn a_panic_in_the_running_debugger_restores_the_terminal_then_says_why() {
    let mut pty = Pty::start();
    let drawn = pty.wait_for(0, &[ENTER_ALTERNATE, DRAWN]);
    assert!(!pty.cooked(), "the debugger runs in raw mode");
    pty.type_bytes(&[0x14]); // Ctrl-T, PANIC_KEY
    assert_eq!(pty.wait_exit(), Some(101), "libtest's status for a panicking test");
    // The child has ended, but the thread reading the pty may not have read all it wrote (on a
    // loaded machine it was behind, and the message was not there yet): wait for all of it, in
    // whatever order it came, then look at the order.
    pty.wait_for(drawn, &[PANIC_TEXT, MOUSE_OFF, LEAVE_ALTERNATE, SHOW_CURSOR]);
    let out = pty.bytes();
    let message = first(&out, drawn, PANIC_TEXT);
    for restore in [MOUSE_OFF, LEAVE_ALTERNATE, SHOW_CURSOR] {
        let at = first(&out, drawn, restore);
        assert!(
            at < message,
            "{restore:?} is written before the panic message, which then shows on the normal screen: {:?}",
            tail(&out[drawn..])
        );
    }
    assert!(pty.cooked(), "raw mode is off again");
}

#[test]
fn ctrl_z_suspends_and_sigcont_takes_the_terminal_again() {
    let mut pty = Pty::start();
    let drawn = pty.wait_for(0, &[ENTER_ALTERNATE, DRAWN]);
    pty.type_bytes(&[0x1a]); // Ctrl-Z
    assert_eq!(pty.wait_stopped(), libc::SIGTSTP);
    let stopped = pty.wait_for(drawn, &[MOUSE_OFF, LEAVE_ALTERNATE, SHOW_CURSOR]);
    assert!(pty.cooked(), "the terminal is cooked while the debugger is stopped");
    // fg: continued, it takes the terminal again and draws the whole screen.
    // SAFETY: signalling our own child.
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGCONT) }, 0);
    let again = pty.wait_for(stopped, &[ENTER_ALTERNATE, DRAWN]);
    assert!(!pty.cooked(), "raw mode again");
    // SIGTSTP from outside does the same.
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGTSTP) }, 0);
    assert_eq!(pty.wait_stopped(), libc::SIGTSTP);
    let stopped = pty.wait_for(again, &[LEAVE_ALTERNATE, SHOW_CURSOR]);
    assert!(pty.cooked());
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGCONT) }, 0);
    let again = pty.wait_for(stopped, &[ENTER_ALTERNATE, DRAWN]);
    pty.type_bytes(b"q");
    assert_eq!(pty.wait_exit(), Some(0));
    pty.wait_for(again, &[LEAVE_ALTERNATE, SHOW_CURSOR]);
    assert!(pty.cooked());
}

#[test]
fn a_bracketed_paste_types_into_the_command_line() {
    let mut pty = Pty::start();
    let drawn = pty.wait_for(0, &[ENTER_ALTERNATE, "\x1b[?2004h", DRAWN]);
    // On the panes a paste is ignored, q and all; on the : line it is typed, its line break dropped.
    pty.type_bytes(b"\x1b[200~Gq\x1b[201~:");
    let opened = pty.wait_for(drawn, &[":"]);
    pty.type_bytes(b"\x1b[200~goto 4\r\n\x1b[201~\r");
    let moved = pty.wait_for(opened, &["t=4"]);
    pty.type_bytes(b"q");
    assert_eq!(pty.wait_exit(), Some(0));
    pty.wait_for(moved, &["\x1b[?2004l", LEAVE_ALTERNATE]);
}

#[test]
fn the_wheel_and_a_left_click_become_events() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind| {
        super::convert(crossterm::event::Event::Mouse(MouseEvent {
            kind,
            column: 7,
            row: 3,
            modifiers: KeyModifiers::NONE,
        }))
    };
    assert_eq!(
        mouse(MouseEventKind::ScrollDown),
        Some(Event::Wheel {
            column: 7,
            row: 3,
            down: true
        })
    );
    assert_eq!(
        mouse(MouseEventKind::ScrollUp),
        Some(Event::Wheel {
            column: 7,
            row: 3,
            down: false
        })
    );
    assert_eq!(
        mouse(MouseEventKind::Down(MouseButton::Left)),
        Some(Event::Click { column: 7, row: 3 })
    );
    assert_eq!(mouse(MouseEventKind::Down(MouseButton::Right)), None);
    assert_eq!(mouse(MouseEventKind::Moved), None);
}
