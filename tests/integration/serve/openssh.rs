//! The server driven by the real OpenSSH client (`ssh -tt`, BatchMode, a temporary known_hosts,
//! keys made by ssh-keygen).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Class, Screen, Server, path_str};

/// An `ssh` command to the server as `user`, with this key and strict, temporary host checking.
fn ssh(server: &Server, key: Option<&Path>, user: &str, checking: &str) -> Command {
    let mut c = Command::new("ssh");
    c.args(["-F", "/dev/null", "-p", &server.port.to_string()]);
    for option in [
        "BatchMode=yes",
        "IdentitiesOnly=yes",
        "GlobalKnownHostsFile=/dev/null",
        "ConnectTimeout=10",
        "LogLevel=ERROR",
        "SendEnv=LANG",
    ] {
        c.args(["-o", option]);
    }
    c.arg("-o")
        .arg(format!("UserKnownHostsFile={}", path_str(&server.known_hosts())));
    c.arg("-o").arg(format!("StrictHostKeyChecking={checking}"));
    match key {
        Some(k) => c.arg("-i").arg(k),
        None => c.args(["-o", "PubkeyAuthentication=no"]),
    };
    c.arg(format!("{user}@127.0.0.1"));
    c
}

/// An interactive `ssh -tt` session: what it printed so far, and its keyboard.
struct Student {
    child: Child,
    keys: ChildStdin,
    screen: Arc<Mutex<Screen>>,
}

impl Student {
    fn join(server: &Server, key: &Path, user: &str) -> Student {
        let mut cmd = ssh(server, Some(key), user, "accept-new");
        cmd.arg("-tt").env("LANG", "C.UTF-8");
        Student::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Student {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ssh (openssh-client) is installed");
        let keys = child.stdin.take().unwrap();
        let mut out = child.stdout.take().unwrap();
        // Without a terminal of its own, ssh -tt asks for 0×0: the server takes that as 80×24.
        let screen = Arc::new(Mutex::new(Screen::new(80, 24)));
        let into = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                into.lock().unwrap().feed(&buf[..n]);
            }
        });
        Student { child, keys, screen }
    }

    /// Wait until the screen shows `what`.
    fn sees(&mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let seen = self.screen.lock().unwrap().text();
            if seen.contains(what) {
                return;
            }
            assert!(Instant::now() < deadline, "never saw {what:?}; saw:\n{seen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The screen, once what arrives in the next 300 ms is drawn, does not show `what`.
    fn lacks(&mut self, what: &str) {
        std::thread::sleep(Duration::from_millis(300));
        let seen = self.screen.lock().unwrap().text();
        assert!(!seen.contains(what), "saw {what:?}:\n{seen}");
    }

    fn press(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
    }

    /// Wait for ssh to end; its exit code.
    fn ends(mut self) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "ssh did not end");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Student {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .expect("ssh (openssh-client) is installed")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_authorized_key_gets_a_frame_of_the_lesson_and_q_ends_it() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    let mut ana = Student::join(&server, &class.path("student"), "ana");
    ana.sees("What LSTM(32) means");
    ana.sees("t=0 of 0‥9");
    // lesson1 asks its first question at t=1: answered, Enter goes on.
    ana.press(b"\x1b[C");
    ana.sees("How many numbers does h hold");
    ana.press(b"2");
    ana.sees("your answer: right");
    ana.press(b"\r\x1b[C");
    ana.sees("t=2 of 0‥9");
    ana.press(b"q");
    ana.sees("Goodbye.");
    assert_eq!(ana.ends(), 0);
    // The key ssh recorded is the one whose fingerprint the server printed.
    let listed = Command::new("ssh-keygen")
        .arg("-l")
        .arg("-f")
        .arg(server.known_hosts())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&server.fingerprint));
    let student = Command::new("ssh-keygen")
        .args(["-l", "-f"])
        .arg(class.path("student.pub"))
        .output()
        .unwrap();
    let student_fp = String::from_utf8_lossy(&student.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    let login = server.log_line("login");
    assert!(login.contains(&format!("user ana with key {student_fp}")), "{login}");
    assert!(server.log_line("disconnect").contains("user ana after"));
}

#[test]
fn unknown_keys_and_no_authentication_are_refused() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    let stranger = class.keygen("stranger");
    let o = run(ssh(&server, Some(&stranger), "eve", "accept-new"));
    assert_eq!(o.status.code(), Some(255));
    assert!(stderr(&o).contains("Permission denied (publickey)"), "{}", stderr(&o));
    let o = run(ssh(&server, None, "eve", "accept-new"));
    assert_eq!(o.status.code(), Some(255));
    assert!(stderr(&o).contains("Permission denied"), "{}", stderr(&o));
}

#[test]
fn exec_sftp_and_forwarding_are_refused() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    let key = class.path("student");
    let mut exec = ssh(&server, Some(&key), "ana", "accept-new");
    exec.args(["cat", "/etc/passwd"]);
    let o = run(exec);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("this server runs only the debugger"),
        "{}",
        stderr(&o)
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("root:"));
    let mut sftp = ssh(&server, Some(&key), "ana", "accept-new");
    sftp.args(["-s", "sftp"]);
    let o = run(sftp);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("no subsystems here (sftp refused)"),
        "{}",
        stderr(&o)
    );
    let mut forward = ssh(&server, Some(&key), "ana", "accept-new");
    forward.args(["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"]);
    let o = run(forward);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("remote port forwarding failed"), "{}", stderr(&o));
    let mut no_tty = ssh(&server, Some(&key), "ana", "accept-new");
    no_tty.arg("-T");
    let o = run(no_tty);
    assert!(
        stderr(&o).contains("the debugger needs a terminal: use ssh -t"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_killed_client_leaves_the_others_unaffected() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    let key = class.path("student");
    let mut ana = Student::join(&server, &key, "ana");
    let mut ben = Student::join(&server, &key, "ben");
    ana.sees("t=0 of 0‥9");
    ben.sees("t=0 of 0‥9");
    // Ana's screen keeps changing (playing, fastest) when her ssh is killed.
    ana.press(b"++++++ ");
    std::thread::sleep(Duration::from_millis(30));
    ana.child.kill().unwrap();
    server.log_line("disconnect");
    for t in 1..=3 {
        ben.press(b"\x1b[C");
        ben.sees(&format!("t={t} of 0‥9"));
        if t == 1 {
            ben.sees("How many numbers does h hold");
            ben.press(b"\x1b");
            ben.sees("question skipped");
        }
    }
    ben.press(b"q");
    assert_eq!(ben.ends(), 0);
}

#[test]
fn the_class_is_full_at_max_sessions() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys", "--max-sessions", "1"]);
    let key = class.path("student");
    let mut ana = Student::join(&server, &key, "ana");
    ana.sees("t=0 of 0‥9");
    let mut ben = Student::join(&server, &key, "ben");
    ben.sees("The class is full: all 1 places are taken.");
    assert_eq!(ben.ends(), 1);
    // Ana's place is given back when she leaves.
    ana.press(b"q");
    assert_eq!(ana.ends(), 0);
    server.log_line("disconnect");
    let mut cleo = Student::join(&server, &key, "cleo");
    cleo.sees("t=0 of 0‥9");
}

#[test]
fn the_host_key_is_the_same_after_a_restart() {
    let class = Class::new();
    let first = class.serve(&["--authorized-keys", "authorized_keys"]);
    let mut ana = Student::join(&first, &class.path("student"), "ana");
    ana.sees("t=0 of 0‥9");
    ana.press(b"q");
    assert_eq!(ana.ends(), 0);
    let fingerprint = first.fingerprint.clone();
    let known_hosts = std::fs::read_to_string(first.known_hosts()).unwrap();
    drop(first);
    let again = class.serve(&["--authorized-keys", "authorized_keys"]);
    assert_eq!(again.fingerprint, fingerprint);
    // The port differs: the known host line is carried over to the new port, and checked strictly.
    let line = known_hosts.split_once(' ').unwrap().1;
    std::fs::write(again.known_hosts(), format!("[127.0.0.1]:{} {line}", again.port)).unwrap();
    let mut cmd = ssh(&again, Some(&class.path("student")), "ana", "yes");
    cmd.arg("-tt");
    let mut ana = Student::spawn(cmd);
    ana.sees("t=0 of 0‥9");
}

#[test]
fn ctrl_c_and_sigterm_tell_every_student_the_class_has_ended() {
    let class = Class::new();
    for signal in ["INT", "TERM"] {
        let mut server = class.serve(&["--authorized-keys", "authorized_keys"]);
        let key = class.path("student");
        let mut ana = Student::join(&server, &key, "ana");
        let mut ben = Student::join(&server, &key, "ben");
        ana.sees("t=0 of 0‥9");
        ben.sees("t=0 of 0‥9");
        assert!(server.signal(signal).success(), "SIG{signal}");
        ana.sees("The class has ended.");
        ben.sees("The class has ended.");
        assert_eq!(ana.ends(), 0);
        assert_eq!(ben.ends(), 0);
    }
}

#[test]
fn an_idle_session_is_closed() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys", "--idle-timeout", "2s"]);
    let mut ana = Student::join(&server, &class.path("student"), "ana");
    ana.sees("t=0 of 0‥9");
    let start = Instant::now();
    ana.sees("Closed after 2 seconds without a key");
    assert!(start.elapsed() < Duration::from_secs(4));
    assert_eq!(ana.ends(), 0);
}

#[test]
fn serve_refuses_to_start_without_a_way_in() {
    let class = Class::new();
    let o = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(class.path("host_key"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lstm-tui serve needs a way in for students: --authorized-keys FILE"),
        "{}",
        stderr(&o)
    );
    assert!(!class.path("host_key").exists());
}

#[test]
fn present_must_be_one_of_the_lessons() {
    let class = Class::new();
    let o = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args([
            "serve",
            "--open",
            "--lesson",
            "lesson1",
            "--present",
            "lesson3",
            "--host-key",
        ])
        .arg(class.path("host_key"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "--present lesson3 is not one of the lessons named with --lesson (lesson1); name it with --lesson too"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_student_who_comes_back_goes_on_where_they_were_even_after_a_restart() {
    let class = Class::new();
    let args = [
        "--authorized-keys",
        "authorized_keys",
        "--lesson",
        "lesson2",
        "--lesson",
        "lesson5",
    ];
    let server = class.serve(&args);
    let key = class.path("student");
    let mut ana = Student::join(&server, &key, "ana");
    ana.sees("lstm-tui · choose a lesson");
    // lesson5 asks at t=1: she answers, and steps on.
    ana.press(b"j\r\x1b[C");
    ana.sees("What shape does the Embedding hand to lstm?");
    ana.press(b"2");
    ana.sees("your answer: right");
    ana.press(b"\r\x1b[C\x1b[C");
    ana.sees("t=3 of 0‥499");
    ana.press(b"q");
    assert_eq!(ana.ends(), 0);
    // Back with the same name and key: the same lesson and step, no picker; her answer kept,
    // so stepping onto t=1 again asks nothing.
    let mut ana = Student::join(&server, &key, "ana");
    ana.sees("t=3 of 0‥499");
    ana.press(b"g\x1b[C");
    ana.sees("t=1 of 0‥499");
    ana.lacks("What shape does the Embedding");
    ana.press(b"\x1b[C\x1b[C\x1b[C");
    ana.sees("t=4 of 0‥499");
    // Someone else with the same key starts at the picker; leaving from there keeps nothing.
    let mut ben = Student::join(&server, &key, "ben");
    ben.sees("lstm-tui · choose a lesson");
    ben.press(b"j");
    drop(ben);
    // Killed rather than quit: the place is kept when the server sees the connection go, and
    // a server that stops waits for that.
    drop(ana);
    server.log_line("disconnect");
    server.log_line("disconnect");
    assert!(server.stop_and_log().contains("stopping"));
    let kept: Vec<String> = std::fs::read_dir(class.path("state"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].starts_with("ana-") && kept[0].ends_with(".json"), "{kept:?}");
    let server = class.serve(&args);
    let mut ana = Student::join(&server, &key, "ana");
    ana.sees("t=4 of 0‥499");
    ana.press(b"g\x1b[C");
    ana.sees("t=1 of 0‥499");
    ana.lacks("What shape does the Embedding");
    let mut ben = Student::join(&server, &key, "ben");
    ben.sees("lstm-tui · choose a lesson");
}
