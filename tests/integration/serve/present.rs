//! `serve --present` in a terminal of its own (a pseudo-terminal this test opens): the teacher's
//! keys typed there move a student's screen over SSH, `r` shows the roster there, and however
//! the class ends — q, Ctrl-C typed, SIGTERM — every student is told and the teacher's terminal
//! is put back.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::russh_client::{login, runtime, sit};
use super::{Class, Screen};

const ENTER_ALTERNATE: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// `lstm-tui serve --present` on an 80×24 pty, and everything it has written there.
struct Presenter {
    master: File,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    port: u16,
    fingerprint: String,
}

impl Presenter {
    fn start(class: &Class, args: &[&str]) -> Presenter {
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
        let mut command = Command::new(env!("CARGO_BIN_EXE_lstm-tui"));
        command
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--host-key"])
            .arg(class.path("host_key"))
            .arg("--state-dir")
            .arg(class.path("state"))
            .args(args)
            .current_dir(class.dir.path())
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .process_group(0);
        let child = command.spawn().unwrap();
        drop(command);
        let output = Arc::new(Mutex::new(Vec::new()));
        let (mut reader, sink) = (master.try_clone().unwrap(), output.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let mut p = Presenter {
            master,
            child,
            output,
            port: 0,
            fingerprint: String::new(),
        };
        p.wait_for(0, &["listening on 127.0.0.1:", ENTER_ALTERNATE, "presenting"]);
        let text = String::from_utf8_lossy(&p.bytes()).into_owned();
        let line = |start: &str| {
            let at = text.find(start).unwrap() + start.len();
            text[at..].lines().next().unwrap().trim().to_string()
        };
        p.port = line("listening on 127.0.0.1:")
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        p.fingerprint = line("host key (").rsplit(": ").next().unwrap().to_string();
        p
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Wait until what was written after byte `from` holds each of `wanted`; the length then.
    fn wait_for(&mut self, from: usize, wanted: &[&str]) -> usize {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = self.bytes();
            let rest = String::from_utf8_lossy(out.get(from..).unwrap_or(&[])).into_owned();
            if wanted.iter().all(|w| rest.contains(w)) {
                return out.len();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let tail: String = rest
                    .chars()
                    .rev()
                    .take(800)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                panic!("waited for {wanted:?}; the presenter's terminal got, at the end: {tail:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the presenter's screen shows `what`.
    fn sees(&mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut screen = Screen::new(80, 24);
            screen.feed(&self.bytes());
            let text = screen.text();
            if text.contains(what) {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("never saw {what:?} on the presenter's screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(self.child.id() as libc::pid_t, signal) }, 0);
    }

    /// The pty's local modes are cooked again (canonical, echoing, with signals).
    fn cooked(&self) -> bool {
        // SAFETY: tcgetattr fills the zeroed structure for an open descriptor.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        let got = unsafe { libc::tcgetattr(self.master.as_raw_fd(), &mut modes) };
        assert_eq!(got, 0, "tcgetattr: {}", std::io::Error::last_os_error());
        let wanted = libc::ICANON | libc::ECHO | libc::ISIG;
        modes.c_lflag & wanted == wanted
    }

    fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not end");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Presenter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How the teacher ends the class.
#[derive(Debug, Clone, Copy)]
enum End {
    Quit,
    CtrlC,
    Term,
}

fn a_class_presented_here(end: End) {
    let class = Class::new();
    let mut teacher = Presenter::start(
        &class,
        &["--authorized-keys", "authorized_keys", "--present", "lesson3"],
    );
    teacher.sees("presenting · 0 connected · 0 following · 0 exploring │ t=0 of 0‥7");
    assert!(!teacher.cooked(), "the presenter's terminal is raw");
    let (port, fingerprint) = (teacher.port, teacher.fingerprint.clone());
    let key = class.path("student");
    runtime().block_on(async {
        let ssh = login(port, &fingerprint, &key, "ana").await;
        let mut ana = sit(&ssh, 80, 24).await;
        ana.sees("following │ t=0 of 0‥7").await;
        teacher.sees("presenting · 1 connected · 1 following · 0 exploring");
        // Keys typed in the teacher's terminal move the student's screen.
        teacher.type_bytes(b"\x1b[C\x1b[C\x1b[B");
        teacher.sees("t=2 of 0‥7");
        ana.sees("following │ t=2 of 0‥7 │ lstm_1 2/3").await;
        if let End::Quit = end {
            // r: the roster in the teacher's terminal; r again closes it.
            teacher.type_bytes(b"r");
            teacher.sees("ana               following  lesson3     t=2 of 0‥7    ···");
            teacher.type_bytes(b"r\x1b[C");
            teacher.sees("t=3 of 0‥7");
            ana.sees("following │ t=3 of 0‥7").await;
        }
        let before = teacher.bytes().len();
        match end {
            End::Quit => teacher.type_bytes(b"q"),
            End::CtrlC => teacher.type_bytes(&[0x03]),
            End::Term => teacher.signal(libc::SIGTERM),
        }
        ana.sees("The class has ended.").await;
        assert_eq!(teacher.wait_exit(), Some(0), "{end:?}");
        teacher.wait_for(before, &[LEAVE_ALTERNATE, SHOW_CURSOR]);
    });
    assert!(teacher.cooked(), "{end:?}: the teacher's terminal is cooked again");
}

#[test]
fn the_presenter_steps_a_follower_and_q_ends_the_class() {
    a_class_presented_here(End::Quit);
}

#[test]
fn ctrl_c_in_the_presenters_terminal_ends_the_class() {
    a_class_presented_here(End::CtrlC);
}

#[test]
fn sigterm_while_presenting_says_goodbye_and_restores_the_terminal() {
    a_class_presented_here(End::Term);
}
