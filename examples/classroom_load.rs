//! A class under load: starts the built `lstm-tui serve` (target/<profile>/lstm-tui, so
//! `cargo build --release` first) on a free 127.0.0.1 port and connects N russh clients with
//! 80×24 PTYs.
//!
//! `--mode solo`: every client steps 10 times a second (Right, then Left, so every key changes
//! the screen). `--mode follow`: one presenter client (logged in with a `--presenter-keys` key)
//! steps 10 times a second and N−1 students follow. Latency runs from a key sent to the first
//! byte of the frame that answers it (in follow mode, of each follower's frame).
//!
//! ```text
//! cargo build --release
//! cargo run --release --example classroom_load -- --sessions 64 --seconds 60 --mode follow
//! ```
//!
//! Prints one JSON line: sessions, seconds, keys, frames, dropped_sessions, p50_ms, p99_ms,
//! server_cpu_percent, server_rss_mb (peak), rss_per_session_mb.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client::{self, Handle};
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Solo,
    Follow,
}

struct Args {
    sessions: usize,
    seconds: u64,
    mode: Mode,
}

fn args() -> Args {
    let mut a = Args {
        sessions: 16,
        seconds: 10,
        mode: Mode::Solo,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--sessions" => a.sessions = value.parse().expect("--sessions N"),
            "--seconds" => a.seconds = value.parse().expect("--seconds S"),
            "--mode" if value == "solo" => a.mode = Mode::Solo,
            "--mode" if value == "follow" => a.mode = Mode::Follow,
            _ => panic!("usage: classroom_load --sessions N --seconds S [--mode solo|follow]"),
        }
    }
    assert!(
        a.sessions >= 2 || a.mode == Mode::Solo,
        "follow mode needs a presenter and a student"
    );
    a
}

/// The lstm-tui binary beside this example's folder.
fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(Path::parent).unwrap().join("lstm-tui");
    assert!(
        bin.exists(),
        "{} is not built: cargo build --release first",
        bin.display()
    );
    bin
}

fn key(seed: u8) -> PrivateKey {
    PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]))
}

/// (utime + stime) clock ticks, and VmRSS and VmHWM in KiB, of a process.
fn usage(pid: u32) -> (u64, u64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    let ticks = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (ticks, kib("VmRSS:"), kib("VmHWM:"))
}

/// What the clients measured.
#[derive(Default)]
struct Tally {
    keys: AtomicU64,
    frames: AtomicU64,
    dropped: AtomicUsize,
    latencies_us: Mutex<Vec<u64>>,
}

async fn login(port: u16, user: &str, key: PrivateKey) -> Result<Handle<Client>, russh::Error> {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let mut ssh = client::connect(config, ("127.0.0.1", port), Client).await?;
    let auth = ssh
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await?;
    if !auth.success() {
        return Err(russh::Error::NotAuthenticated);
    }
    Ok(ssh)
}

/// A session with an 80×24 PTY and the debugger's first frame read.
async fn sit(
    port: u16,
    user: &str,
    key: PrivateKey,
) -> Result<(Handle<Client>, russh::Channel<client::Msg>), russh::Error> {
    let ssh = login(port, user, key).await?;
    let mut channel = ssh.channel_open_session().await?;
    channel.request_pty(false, "xterm-256color", 80, 24, 0, 0, &[]).await?;
    channel.request_shell(false).await?;
    loop {
        match channel.wait().await {
            Some(ChannelMsg::Data { .. }) => break,
            Some(_) => {}
            None => return Err(russh::Error::Disconnect),
        }
    }
    Ok((ssh, channel))
}

/// What one client does.
struct Role {
    user: String,
    key: PrivateKey,
    /// Presses a key 10 times a second.
    steps: bool,
    /// Records latency from `sent` (its own key, or the presenter's) to the first frame after it.
    measures: bool,
    sent: Arc<Mutex<Option<Instant>>>,
}

async fn client(port: u16, role: Role, until: Instant, tally: Arc<Tally>) {
    let Role {
        user,
        key,
        steps,
        measures,
        sent,
    } = role;
    let Ok((_ssh, channel)) = sit(port, &user, key).await else {
        tally.dropped.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let (mut read, write) = channel.split();
    let stepper = steps.then(|| {
        let sent = sent.clone();
        let tally = tally.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            let mut right = true;
            while Instant::now() < until {
                tick.tick().await;
                let key: &[u8] = if right { b"\x1b[C" } else { b"\x1b[D" };
                right = !right;
                *sent.lock().unwrap() = Some(Instant::now());
                if write.data(key).await.is_err() {
                    return;
                }
                tally.keys.fetch_add(1, Ordering::Relaxed);
            }
        })
    });
    let mut last_answered: Option<Instant> = None;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, read.wait()).await {
            Err(_) => break,
            Ok(Some(ChannelMsg::Data { .. })) if measures => {
                let now = Instant::now();
                let at = *sent.lock().unwrap();
                if let Some(at) = at.filter(|a| last_answered != Some(*a)) {
                    last_answered = Some(at);
                    tally.frames.fetch_add(1, Ordering::Relaxed);
                    let us = now.duration_since(at).as_micros() as u64;
                    tally.latencies_us.lock().unwrap().push(us);
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => {
                tally.dropped.fetch_add(1, Ordering::Relaxed);
                break;
            }
        }
    }
    if let Some(s) = stepper {
        s.abort();
    }
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir().unwrap();
    let student = key(1);
    let teacher = key(2);
    std::fs::write(dir.path().join("students"), student.public_key().to_openssh().unwrap()).unwrap();
    std::fs::write(dir.path().join("teacher"), teacher.public_key().to_openssh().unwrap()).unwrap();
    let mut cmd = Command::new(server_binary());
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys", "students"])
        .args(["--max-sessions", &args.sessions.to_string(), "--host-key", "host_key"])
        .args(["--lesson", "lesson1", "--state-dir", "state"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if args.mode == Mode::Follow {
        cmd.args(["--presenter-keys", "teacher"]);
    }
    let mut server = cmd.spawn().unwrap();
    let pid = server.id();
    let mut port = 0;
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if let Some(p) = line.unwrap().strip_prefix("listening on 127.0.0.1:") {
            port = p.split(':').next().unwrap().trim().parse().unwrap();
            break;
        }
    }
    // The rest of what the server prints, read so that it never writes to a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let (_, rss_idle, _) = usage(pid);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let tally = Arc::new(Tally::default());
    let start = Instant::now();
    let setup = Duration::from_secs(5 + args.sessions as u64 / 8);
    let until = start + setup + Duration::from_secs(args.seconds);
    let (mut ticks0, mut measured_from) = (0, start);
    runtime.block_on(async {
        let presenter_sent = Arc::new(Mutex::new(None));
        let mut tasks = Vec::new();
        for k in 0..args.sessions {
            let presenter = args.mode == Mode::Follow && k == 0;
            let role = match args.mode {
                Mode::Solo => Role {
                    user: format!("s{k}"),
                    key: student.clone(),
                    steps: true,
                    measures: true,
                    sent: Arc::new(Mutex::new(None)),
                },
                // The presenter's own frames are not the followers' latency.
                Mode::Follow => Role {
                    user: if presenter { "teacher".into() } else { format!("s{k}") },
                    key: if presenter { teacher.clone() } else { student.clone() },
                    steps: presenter,
                    measures: !presenter,
                    sent: presenter_sent.clone(),
                },
            };
            tasks.push(tokio::spawn(client(port, role, until, tally.clone())));
            if presenter {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
        tokio::time::sleep_until((start + setup).into()).await;
        ticks0 = usage(pid).0;
        measured_from = Instant::now();
        tally.latencies_us.lock().unwrap().clear();
        tally.keys.store(0, Ordering::Relaxed);
        tally.frames.store(0, Ordering::Relaxed);
        for t in tasks {
            let _ = t.await;
        }
    });
    let elapsed = measured_from.elapsed().as_secs_f64();
    let (ticks1, rss, peak) = usage(pid);
    let _ = server.kill();
    let _ = server.wait();
    let mut lat = std::mem::take(&mut *tally.latencies_us.lock().unwrap());
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .map_or(0.0, |us| *us as f64 / 1e3)
    };
    let line = serde_json::json!({
        "sessions": args.sessions,
        "seconds": args.seconds,
        "mode": if args.mode == Mode::Solo { "solo" } else { "follow" },
        "keys": tally.keys.load(Ordering::Relaxed),
        "frames": tally.frames.load(Ordering::Relaxed),
        "dropped_sessions": tally.dropped.load(Ordering::Relaxed),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "server_cpu_percent": (ticks1 - ticks0) as f64 / 100.0 / elapsed * 100.0,
        "server_rss_mb": peak as f64 / 1024.0,
        "rss_per_session_mb": rss.saturating_sub(rss_idle) as f64 / 1024.0 / args.sessions as f64,
    });
    println!("{line}");
}
