//! The server driven by russh's client: the class code, resizes (absurd ones too), refused
//! channels, garbage input, and a client that stops reading.

use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client::{self, Handle, KeyboardInteractiveAuthResponse};
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{Channel, ChannelMsg};

use super::{Class, Screen, Server};

/// Trusts only the host key whose fingerprint the server printed.
pub(super) struct Client {
    fingerprint: String,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => {
                key.fingerprint(HashAlg::Sha256).to_string() == self.fingerprint
            }
            PublicKeyOrCertificate::Certificate(_) => false,
        })
    }
}

pub(super) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

async fn connect(server: &Server) -> Handle<Client> {
    connect_to(server.port, &server.fingerprint).await
}

pub(super) async fn connect_to(port: u16, fingerprint: &str) -> Handle<Client> {
    let config = Arc::new(client::Config::default());
    let handler = Client {
        fingerprint: fingerprint.to_string(),
    };
    client::connect(config, ("127.0.0.1", port), handler).await.unwrap()
}

/// Logged in to the server on `port` as `user` with the private key at `key`.
pub(super) async fn login(port: u16, fingerprint: &str, key: &std::path::Path, user: &str) -> Handle<Client> {
    let mut ssh = connect_to(port, fingerprint).await;
    let key = russh::keys::load_secret_key(key, None).unwrap();
    let auth = ssh
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await
        .unwrap();
    assert!(auth.success());
    ssh
}

/// A session with a PTY and the debugger running, and the screen it drew.
pub(super) struct Seat {
    channel: Channel<client::Msg>,
    screen: Screen,
}

pub(super) async fn sit(ssh: &Handle<Client>, w: u32, h: u32) -> Seat {
    let channel = ssh.channel_open_session().await.unwrap();
    channel
        .request_pty(false, "xterm-256color", w, h, 0, 0, &[])
        .await
        .unwrap();
    channel.request_shell(false).await.unwrap();
    let screen = Screen::new(w as usize, h as usize);
    Seat { channel, screen }
}

impl Seat {
    /// Read the channel until the screen shows `what` (or it was printed since the last clear).
    pub(super) async fn sees(&mut self, what: &str) {
        self.until(what, Screen::text).await;
    }

    /// Read the channel until the screen's rows show `what` now.
    pub(super) async fn shows(&mut self, what: &str) {
        self.until(what, Screen::rows).await;
    }

    async fn until(&mut self, what: &str, seen: fn(&Screen) -> String) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if seen(&self.screen).contains(what) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => self.screen.feed(&data),
                Ok(Some(_)) => {}
                Ok(None) => panic!("the channel closed before {what:?}; saw:\n{}", self.screen.text()),
                Err(_) => panic!("never saw {what:?}; saw:\n{}", self.screen.text()),
            }
        }
    }

    /// The screen as it stands, after what arrives in the next 200 ms, does not show `what`.
    pub(super) async fn lacks(&mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_millis(200);
        while let Ok(Some(msg)) = tokio::time::timeout_at(deadline.into(), self.channel.wait()).await {
            if let ChannelMsg::Data { data } = msg {
                self.screen.feed(&data);
            }
        }
        assert!(
            !self.screen.rows().contains(what),
            "saw {what:?}:\n{}",
            self.screen.rows()
        );
    }

    /// The screen's rows, for a snapshot.
    pub(super) fn frame(&self) -> String {
        self.screen.rows()
    }

    /// The client's window changed: so does the test's screen.
    async fn resize(&mut self, w: u32, h: u32, screen: (usize, usize)) {
        self.channel.window_change(w, h, 0, 0).await.unwrap();
        self.screen = Screen::new(screen.0, screen.1);
    }

    pub(super) async fn press(&self, bytes: &[u8]) {
        self.channel.data(bytes).await.unwrap();
    }
}

#[test]
fn the_class_code_lets_in_by_keyboard_interactive_and_password_and_a_wrong_one_is_refused() {
    let class = Class::new();
    let server = class.serve(&["--class-code-file", "code"]);
    runtime().block_on(async {
        let mut ssh = connect(&server).await;
        let start = ssh.authenticate_keyboard_interactive_start("ana", None).await.unwrap();
        let KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } = start else {
            panic!("a prompt for the code, not {start:?}")
        };
        assert_eq!(prompts[0].prompt, "Class code: ");
        assert!(!prompts[0].echo);
        let done = ssh
            .authenticate_keyboard_interactive_respond(vec!["maple-42-birch".into()])
            .await
            .unwrap();
        assert!(matches!(done, KeyboardInteractiveAuthResponse::Success), "{done:?}");
        let mut seat = sit(&ssh, 80, 24).await;
        seat.sees("t=0 of 0‥9").await;

        let mut ssh = connect(&server).await;
        assert!(
            ssh.authenticate_password("ben", "maple-42-birch")
                .await
                .unwrap()
                .success()
        );

        let mut ssh = connect(&server).await;
        assert!(!ssh.authenticate_password("eve", "maple-42").await.unwrap().success());
        let mut ssh = connect(&server).await;
        ssh.authenticate_keyboard_interactive_start("eve", None).await.unwrap();
        let wrong = ssh
            .authenticate_keyboard_interactive_respond(vec!["guess".into()])
            .await
            .unwrap();
        assert!(
            matches!(wrong, KeyboardInteractiveAuthResponse::Failure { .. }),
            "{wrong:?}"
        );
        let mut ssh = connect(&server).await;
        assert!(!ssh.authenticate_none("eve").await.unwrap().success());
    });
    let login = server.log_line("login");
    assert!(login.contains("user ana with class code"), "{login}");
    assert!(server.log_line("failed login").contains("user eve (wrong class code)"));
    drop(server);
}

#[test]
fn the_log_never_shows_the_class_code() {
    let class = Class::new();
    let server = class.serve(&["--class-code-file", "code"]);
    runtime().block_on(async {
        let mut ssh = connect(&server).await;
        assert!(
            ssh.authenticate_password("ana", "maple-42-birch")
                .await
                .unwrap()
                .success()
        );
        let mut ssh = connect(&server).await;
        assert!(
            !ssh.authenticate_password("eve", "maple-42-birch!")
                .await
                .unwrap()
                .success()
        );
    });
    server.log_line("failed login");
    let log = server.stop_and_log();
    assert!(!log.contains("maple"), "{log}");
}

#[test]
fn open_lets_anyone_in() {
    let class = Class::new();
    let server = class.serve(&["--open"]);
    runtime().block_on(async {
        let mut ssh = connect(&server).await;
        assert!(ssh.authenticate_none("anyone").await.unwrap().success());
        let mut seat = sit(&ssh, 80, 24).await;
        seat.sees("t=0 of 0‥9").await;
    });
}

#[test]
fn the_screen_follows_resizes_even_absurd_ones() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let ssh = with(&server, &class, "student", "ana").await;
        let mut seat = sit(&ssh, 80, 24).await;
        // The compact header at 80 columns, the full one when wide.
        seat.sees("lstm 1/1 u0").await;
        seat.resize(130, 40, (130, 40)).await;
        seat.sees("layer 1/1 lstm unit 0").await;
        seat.resize(60, 20, (60, 20)).await;
        seat.sees("terminal too small: 60×20, needs 80×24").await;
        // Drawn at most 400×150, from the top left corner.
        seat.resize(10_000, 10_000, (400, 150)).await;
        seat.sees("layer 1/1 lstm unit 0").await;
        seat.resize(0, 0, (80, 24)).await;
        seat.sees("lstm 1/1 u0").await;
        seat.resize(1, 1, (1, 1)).await;
        seat.resize(u32::MAX, u32::MAX, (400, 150)).await;
        seat.resize(80, 24, (80, 24)).await;
        seat.press(&b"\x1b[C"[..]).await;
        seat.sees("t=1 of 0‥9").await;
    });
}

#[test]
fn garbage_bytes_do_not_wedge_the_keys() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let ssh = with(&server, &class, "student", "ana").await;
        let mut seat = sit(&ssh, 80, 24).await;
        seat.sees("t=0 of 0‥9").await;
        // Invalid UTF-8, an endless CSI, a private reply, an unfinished paste that ends: then Right.
        let mut garbage: Vec<u8> = (0..4096u32)
            .map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        garbage.retain(|&b| !matches!(b, b'q' | 0x03 | b':' | b'g' | b'\r' | b' '));
        seat.press(&b"\xff\xfe\xc3"[..]).await;
        seat.press(&b"\x1b["[..]).await;
        seat.press(&[b'1'; 10_000][..]).await;
        seat.press(&b"A\x1b[?1;2c\x1b[200~pasted\x1b[201~"[..]).await;
        seat.press(&b"\x1b[H\x1b[C"[..]).await;
        seat.sees("t=1 of 0‥9").await;
        seat.press(&garbage[..]).await;
        seat.press(&b"\x1b\x1b[H\x1b[C"[..]).await;
        seat.sees("t=1 of 0‥9").await;
    });
}

#[test]
fn a_paste_types_into_the_command_line_and_is_ignored_on_the_panes() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let ssh = with(&server, &class, "student", "ana").await;
        let mut seat = sit(&ssh, 80, 24).await;
        seat.sees("t=0 of 0‥9").await;
        // Split across packets, with a line break and an escape inside: typed, those dropped.
        seat.press(b"\x1b[200~Gq\x1b[201~:\x1b[200~go").await;
        seat.press(b"to 6\r\n\x1b\x1b[201~").await;
        seat.sees(":goto 6").await;
        seat.press(b"\r").await;
        seat.sees("t=6 of 0‥9").await;
    });
}

#[test]
fn direct_tcpip_and_a_second_session_are_refused() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let ssh = with(&server, &class, "student", "ana").await;
        assert!(
            ssh.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
                .await
                .is_err()
        );
        assert!(ssh.tcpip_forward("127.0.0.1", 0).await.is_err());
        let mut seat = sit(&ssh, 80, 24).await;
        seat.sees("t=0 of 0‥9").await;
        assert!(ssh.channel_open_session().await.is_err());
    });
}

#[test]
fn only_the_display_hints_are_taken_from_env_requests() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let ssh = with(&server, &class, "student", "ana").await;
        let mut channel = ssh.channel_open_session().await.unwrap();
        let mut reply = async |name: &str, value: &str| {
            channel.set_env(true, name, value).await.unwrap();
            loop {
                match channel.wait().await {
                    Some(ChannelMsg::Success) => return true,
                    Some(ChannelMsg::Failure) => return false,
                    Some(_) => {}
                    None => panic!("closed"),
                }
            }
        };
        assert!(reply("COLORTERM", "truecolor").await);
        assert!(reply("LANG", "C.UTF-8").await);
        assert!(!reply("LD_PRELOAD", "/tmp/evil.so").await);
        assert!(!reply("PATH", "/tmp").await);
    });
}

#[test]
fn a_client_that_stops_reading_keeps_the_server_memory_bounded() {
    let class = Class::new();
    let server = class.serve(&["--authorized-keys", "authorized_keys"]);
    runtime().block_on(async {
        let slow = with(&server, &class, "student", "slow").await;
        let mut seat = sit(&slow, 400, 150).await;
        seat.sees("t=0 of 0‥9").await;
        let before = server.rss_kib();
        // Thousands of keys, each a new big frame, while the client reads nothing.
        let (_read, write) = seat.channel.split();
        let flood = tokio::spawn(async move {
            for _ in 0..20_000 {
                if write.data(&b"\x1b[C\x1b[D]"[..]).await.is_err() {
                    break;
                }
            }
        });
        tokio::time::sleep(Duration::from_secs(4)).await;
        let during = server.rss_kib();
        // Another student is answered at once meanwhile.
        let other = with(&server, &class, "student", "other").await;
        let mut other_seat = sit(&other, 80, 24).await;
        other_seat.sees("t=0 of 0‥9").await;
        let start = Instant::now();
        other_seat.press(&b"\x1b[C"[..]).await;
        other_seat.sees("t=1 of 0‥9").await;
        assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
        let grown = during.saturating_sub(before);
        assert!(
            grown < 16 * 1024,
            "the server grew {grown} KiB for a client that does not read"
        );
        flood.abort();
    });
}

async fn with(server: &Server, class: &Class, key: &str, user: &str) -> Handle<Client> {
    login(server.port, &server.fingerprint, &class.path(key), user).await
}

#[test]
fn students_follow_the_presenter_explore_with_f_and_rejoin() {
    let class = Class::new();
    let server = class.serve_with_presenter(&[]);
    runtime().block_on(async {
        let ana_ssh = with(&server, &class, "student", "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        ana.sees("following · no presenter yet").await;
        let teacher_ssh = with(&server, &class, "teacher", "teacher").await;
        let mut teacher = sit(&teacher_ssh, 120, 40).await;
        teacher
            .sees("presenting · 1 connected · 1 following · 0 exploring")
            .await;
        // The presenter steps and changes layer: the follower's screen goes along.
        teacher.press(b"\x1b[C\x1b[C\x1b[C").await;
        teacher.sees("t=3 of 0‥7").await;
        ana.sees("t=3 of 0‥7").await;
        teacher.press(b"\x1b[B").await;
        teacher.sees("lstm_1 2/3").await;
        ana.sees("lstm_1 2/3").await;
        // A late joiner starts where the presenter is.
        let ben_ssh = with(&server, &class, "student", "ben").await;
        let mut ben = sit(&ben_ssh, 80, 24).await;
        ben.sees("following │ t=3 of 0‥7 │ lstm_1 2/3").await;
        // At t=3 lesson3 asks about lstm_1: the presenter's header counts the answers.
        teacher
            .sees("question 2/3: 0 of 2 answered, 0 right · 2 connected · 2 following · 0 exploring")
            .await;
        // f: Ana explores alone; the presenter's moves no longer move her, her keys never move him.
        ana.press(b"f").await;
        ana.sees("exploring · f follows").await;
        teacher
            .sees("question 2/3: 0 of 2 answered, 0 right · 2 connected · 1 following · 1 exploring")
            .await;
        ana.press(b"\x1b").await;
        ana.sees("question skipped").await;
        ana.press(b"\x1b[D\x1b[D").await;
        ana.sees("t=1 of 0‥7").await;
        teacher.press(b"\x1b[C").await;
        teacher.sees("t=4 of 0‥7").await;
        ben.sees("t=4 of 0‥7").await;
        ana.press(b"\x1b[D").await;
        ana.sees("t=0 of 0‥7").await;
        // f again: back to where the presenter is now.
        ana.press(b"f").await;
        ana.sees("following │ t=4 of 0‥7").await;
        // A second presenter is turned away.
        let other_ssh = with(&server, &class, "teacher", "other").await;
        let mut other = sit(&other_ssh, 80, 24).await;
        other.sees("Someone is already presenting this class").await;
    });
}
