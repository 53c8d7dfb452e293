//! `lstm-tui serve` on 127.0.0.1 (a free port the server picks), driven by the real OpenSSH
//! client and by russh's client: helpers to start and stop the server, make keys and read screens.

mod class;
mod openssh;
mod present;
mod questions;
mod russh_client;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running server and the files it was given.
pub struct Server {
    child: Child,
    pub port: u16,
    pub fingerprint: String,
    /// Lines the server writes to standard error (its log).
    log: mpsc::Receiver<String>,
    pub dir: PathBuf,
}

/// A temporary folder with a student key pair (made by ssh-keygen) and an authorized_keys file.
pub struct Class {
    pub dir: tempfile::TempDir,
}

impl Class {
    pub fn new() -> Class {
        let dir = tempfile::tempdir().unwrap();
        let class = Class { dir };
        class.keygen("student");
        std::fs::copy(class.path("student.pub"), class.path("authorized_keys")).unwrap();
        std::fs::write(class.path("code"), "maple-42-birch\n").unwrap();
        class
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new ed25519 key pair NAME and NAME.pub.
    pub fn keygen(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&path)
            .status()
            .expect("ssh-keygen (openssh-client) is installed");
        assert!(status.success());
        path
    }

    /// A class on lesson3 with a presenter: a key pair "teacher" whose public key is the one
    /// presenter key, the students' keys in authorized_keys, and these extra arguments.
    pub fn serve_with_presenter(&self, extra: &[&str]) -> Server {
        self.keygen("teacher");
        std::fs::copy(self.path("teacher.pub"), self.path("presenter_keys")).unwrap();
        let keys = [
            "--authorized-keys",
            "authorized_keys",
            "--presenter-keys",
            "presenter_keys",
            "--lesson",
            "lesson3",
        ];
        self.serve(&[extra, &keys].concat())
    }

    /// Start `lstm-tui serve` on a free port with these extra arguments, on lesson1 unless they
    /// name lessons.
    pub fn serve(&self, args: &[&str]) -> Server {
        let lesson: &[&str] = if args.contains(&"--lesson") {
            &[]
        } else {
            &["--lesson", "lesson1"]
        };
        self.serve_course(&[lesson, args].concat())
    }

    /// Start `lstm-tui serve` on a free port with these extra arguments (and no others: without
    /// a --lesson, the built-in course).
    pub fn serve_course(&self, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--host-key"])
            .arg(self.path("host_key"))
            .arg("--state-dir")
            .arg(self.path("state"))
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (mut port, mut fingerprint) = (None, None);
        let mut line = String::new();
        while port.is_none() {
            line.clear();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "the server stopped before listening"
            );
            if let Some(fp) = line.rsplit(": ").next().filter(|_| line.starts_with("host key")) {
                fingerprint = Some(fp.trim().to_string());
            }
            if let Some(rest) = line.strip_prefix("listening on 127.0.0.1:") {
                port = rest.split(':').next().and_then(|p| p.trim().parse().ok());
            }
        }
        std::thread::spawn(move || for _ in stdout.lines() {});
        Server {
            child,
            port: port.unwrap(),
            fingerprint: fingerprint.expect("the fingerprint is printed"),
            log,
            dir: self.dir.path().to_path_buf(),
        }
    }
}

impl Server {
    /// Wait for a log line containing `text`; returns it.
    pub fn log_line(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!("no log line with {text:?}"),
            }
        }
    }

    /// The server's resident memory, in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Ask the server to stop as Ctrl-C would (SIGINT), and wait for it.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        self.signal("INT")
    }

    /// Send the server a signal (`INT`, `TERM`) and wait for it to end.
    pub fn signal(&mut self, name: &str) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }

    /// Stop the server; everything it logged that was not read yet.
    pub fn stop_and_log(mut self) -> String {
        assert!(self.stop().success());
        let mut lines = Vec::new();
        while let Ok(line) = self.log.recv_timeout(Duration::from_secs(5)) {
            lines.push(line);
        }
        lines.join("\n")
    }

    pub fn known_hosts(&self) -> PathBuf {
        self.dir.join("known_hosts")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small terminal: enough of what the server sends (cursor moves, clears, text; colours and
/// modes ignored) to read the screen a student sees.
pub struct Screen {
    rows: Vec<Vec<char>>,
    x: usize,
    y: usize,
    pending: Vec<u8>,
    /// Everything after the last full clear, as text without escapes (messages after the session).
    tail: String,
}

impl Screen {
    pub fn new(w: usize, h: usize) -> Screen {
        Screen {
            rows: vec![vec![' '; w]; h],
            x: 0,
            y: 0,
            pending: Vec::new(),
            tail: String::new(),
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let data = std::mem::take(&mut self.pending);
        let mut k = 0;
        while k < data.len() {
            if data[k] == 0x1b {
                let Some(&next) = data.get(k + 1) else { break };
                if next != b'[' {
                    k += 2;
                    continue;
                }
                let Some(end) = data[k + 2..].iter().position(|b| (0x40..=0x7e).contains(b)) else {
                    break;
                };
                let body = String::from_utf8_lossy(&data[k + 2..k + 2 + end]).into_owned();
                self.csi(&body, data[k + 2 + end]);
                k += 3 + end;
                continue;
            }
            let len = match data[k] {
                0xf0.. => 4,
                0xe0.. => 3,
                0xc0.. => 2,
                _ => 1,
            };
            let Some(chunk) = data.get(k..k + len) else { break };
            k += len;
            for c in String::from_utf8_lossy(chunk).chars() {
                self.put(c);
            }
        }
        self.pending = data[k..].to_vec();
    }

    fn csi(&mut self, body: &str, f: u8) {
        let n: Vec<usize> = body.split(';').map(|p| p.parse().unwrap_or(1)).collect();
        match f {
            b'H' => {
                self.y = n[0].saturating_sub(1).min(self.rows.len() - 1);
                self.x = n.get(1).copied().unwrap_or(1).saturating_sub(1);
            }
            b'J' => {
                let from = if body == "2" { 0 } else { self.y };
                for row in &mut self.rows[from..] {
                    row.fill(' ');
                }
                self.tail.clear();
            }
            b'K' => {
                let x = self.x.min(self.rows[self.y].len());
                self.rows[self.y][x..].fill(' ');
            }
            _ => {}
        }
    }

    fn put(&mut self, c: char) {
        self.tail.push(c);
        match c {
            '\r' => self.x = 0,
            '\n' => self.y = (self.y + 1).min(self.rows.len() - 1),
            c => {
                if let Some(cell) = self.rows[self.y].get_mut(self.x) {
                    *cell = c;
                }
                self.x += 1;
            }
        }
    }

    /// The screen as text, one line a row, and what was printed after the last clear.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.rows(), self.tail)
    }

    /// The screen as text, one line a row.
    pub fn rows(&self) -> String {
        self.rows
            .iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}
