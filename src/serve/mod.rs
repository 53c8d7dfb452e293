//! `lstm-tui serve`: the debugger over SSH for a class. Each student who logs in gets a seat —
//! their own copy of the same app and drawing code as `lstm-tui run` — sized to their window.
//!
//! ```text
//! TCP accept ── limits (per address, places) ── russh handshake ── connection (auth, channel)
//!                                                                      │ bytes, resizes
//!                                     seat thread: input parser → App → SshBackend → outbox
//!                                                                      │ frames (bounded)
//!                                                        sending task ─┘ channel, flow-controlled
//! ```
//!
//! [`keys`] holds the host key and the ways in, [`limits`] the limits, [`hints`] the terminal
//! hints, [`log`] the log lines.

pub mod connection;
pub mod hints;
pub mod input;
pub mod keys;
pub mod limits;
pub mod log;
pub mod part;
pub mod present;
pub mod resume;
pub mod screen;
pub mod seat;
pub mod stage;

#[cfg(test)]
mod cli_tests;

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use russh::keys::PrivateKey;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::cli::ServeArgs;
use crate::error::{Error, Kind, Result, ServeMistake};
use crate::session::{Overrides, Session};
use crate::ui::DisplayOptions;
use connection::{Connection, HANDSHAKE};
use keys::{AuthorizedKeys, ClassCode};
use limits::{Places, RateLimits};
use seat::Timeouts;
use stage::{LocalStage, Stage};

/// Connections still logging in, at most, beyond the places.
const HANDSHAKING: usize = 64;
/// How long sessions get to say goodbye when the server stops.
const GOODBYE: Duration = Duration::from_secs(3);

/// What every connection shares.
pub struct Shared {
    /// The lessons, loaded once and shared by every seat.
    pub lessons: Vec<Arc<Session>>,
    /// Several lessons: every seat starts at a picker of them.
    pub course: bool,
    pub display: DisplayOptions,
    pub keys: Option<AuthorizedKeys>,
    /// The keys that log in as the presenter (`--presenter-keys`).
    pub presenters: Option<AuthorizedKeys>,
    /// Held by every seat's thread while it runs.
    pub seats: Arc<()>,
    /// Where students' places are kept (none when there is nowhere to keep them).
    pub store: Option<Arc<resume::Store>>,
    /// The class's shared state, when it has a presenter.
    pub stage: Option<Arc<dyn Stage>>,
    pub code: Option<ClassCode>,
    pub open: bool,
    pub limits: RateLimits,
    pub places: Arc<Places>,
    pub timeouts: Timeouts,
    /// Set, to the words every student sees, when the server stops.
    pub ending: watch::Receiver<Option<String>>,
}

/// `lstm-tui serve`: check everything, print how to connect, and serve until stopped.
pub fn serve(args: &ServeArgs) -> Result<()> {
    if args.authorized_keys.is_none() && args.class_code_file.is_none() && !args.open && args.presenter_keys.is_none() {
        return Err(Error::new(Kind::Serve(ServeMistake::NoWayIn)));
    }
    let keys = args.authorized_keys.as_deref().map(AuthorizedKeys::read).transpose()?;
    let presenters = args.presenter_keys.as_deref().map(AuthorizedKeys::read).transpose()?;
    let code = args.class_code_file.as_deref().map(ClassCode::read).transpose()?;
    let sources = sources(args)?;
    let mut lessons = Vec::new();
    for source in &sources {
        let session = Session::load(source, &Overrides::default())?;
        for w in &session.warnings {
            log::warn(w);
        }
        lessons.push(Arc::new(session));
    }
    let source = match sources.as_slice() {
        [one] => one.clone(),
        all => format!("{} lessons", all.len()),
    };
    let key_path = match &args.host_key {
        Some(p) => p.clone(),
        None => keys::default_host_key_path()?,
    };
    let (host_key, made) = keys::host_key(&key_path)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Error::new(Kind::Io {
                action: "start the server",
                detail: e.to_string(),
            })
        })?;
    let (end_tx, ending) = watch::channel(None);
    let shared = Arc::new(Shared {
        seats: Arc::new(()),
        store: args
            .state_dir
            .clone()
            .or_else(resume::default_dir)
            .map(|d| Arc::new(resume::Store::new(d))),
        course: lessons.len() > 1,
        lessons,
        display: args.display.clone(),
        keys,
        stage: (presenters.is_some() || args.present.is_some())
            .then(|| Arc::new(LocalStage::default()) as Arc<dyn Stage>),
        presenters,
        code,
        open: args.open,
        limits: RateLimits::new(args.max_sessions as usize),
        places: Places::new(args.max_sessions as usize),
        timeouts: Timeouts {
            idle: args.idle_timeout,
            session: args.max_session_time,
        },
        ending,
    });
    let listener = runtime.block_on(TcpListener::bind(args.listen)).map_err(|e| {
        Error::new(Kind::Listen {
            address: args.listen.to_string(),
            detail: e.to_string(),
        })
    })?;
    let address = listener.local_addr().unwrap_or(args.listen);
    announce(args, &shared, &host_key, &key_path, made, address, &source);
    let config = Arc::new(config(&shared, host_key));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(accept(listener, config, shared.clone(), end_tx, stopped));
    let presented = match (&shared.stage, &args.present) {
        (Some(stage), Some(lesson)) => {
            // Log lines would land on the presenter's screen.
            log::quiet(std::io::stderr().is_terminal());
            let outcome = present::present_here(&shared, lesson, &args.display, stage.clone(), runtime.handle());
            log::quiet(false);
            let _ = stop.send(());
            outcome
        }
        _ => Ok(()),
    };
    let _ = runtime.block_on(server);
    presented
}

/// The lessons served: those named with `--lesson`, else the built-in course, with the one
/// `--present` names among them.
fn sources(args: &ServeArgs) -> Result<Vec<String>> {
    let mut sources = args.lesson.clone();
    if sources.is_empty() {
        sources = crate::lesson::builtin::LESSONS
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        if let Some(p) = args.present.as_ref().filter(|p| !sources.contains(p)) {
            sources.push(p.clone());
        }
    } else if let Some(p) = args.present.as_ref().filter(|p| !sources.contains(p)) {
        return Err(Error::new(Kind::Serve(ServeMistake::PresentNotALesson {
            present: p.clone(),
            lessons: sources,
        })));
    }
    Ok(sources)
}

/// Tell the teacher how students connect, and what is and is not protected.
fn announce(
    args: &ServeArgs,
    shared: &Shared,
    key: &PrivateKey,
    path: &std::path::Path,
    made: bool,
    at: SocketAddr,
    source: &str,
) {
    let fingerprint = keys::fingerprint(key.public_key());
    let verb = if made { "made" } else { "kept in" };
    log::say(format_args!(
        "lstm-tui serve: {source} for up to {} students",
        shared.places.max()
    ));
    log::say(format_args!("host key ({verb} {}): {fingerprint}", path.display()));
    let ip = at.ip();
    let host = if ip.is_unspecified() {
        "THIS-HOST".to_string()
    } else {
        ip.to_string()
    };
    let port = if at.port() == 22 {
        String::new()
    } else {
        format!("-p {} ", at.port())
    };
    log::say(format_args!("students type:  ssh {port}YOURNAME@{host}"));
    if ip.is_loopback() {
        log::say(format_args!(
            "listening on {at}: this machine only (--listen 0.0.0.0:{} for the network)",
            at.port()
        ));
    } else {
        log::say(format_args!("listening on {at}"));
    }
    let mut ways = Vec::new();
    if let Some(k) = &shared.keys {
        ways.push(format!("{} authorized keys", k.len()));
    }
    if let Some(k) = &shared.presenters {
        ways.push(format!("{} presenter keys (students follow the presenter)", k.len()));
    }
    if let Some(code) = &shared.code {
        ways.push("the class code".to_string());
        if code.is_short() {
            log::warn("the class code is short (under 8 characters) and easy to guess");
        }
    }
    if args.open {
        log::warn(format_args!(
            "--open lets in anyone who can reach {at}, without a key or code"
        ));
        ways.push("no authentication (--open)".to_string());
    }
    log::say(format_args!("way in: {}", ways.join(", ")));
    match &shared.store {
        Some(store) => log::say(format_args!(
            "students' places kept in {} (one who comes back goes on there)",
            store.dir().display()
        )),
        None => log::warn("no HOME or XDG_STATE_HOME: students' places are not kept (--state-dir DIR)"),
    }
    if args.present.is_some() {
        log::say("presenting here: every student follows; quit (q) to end the class");
    } else {
        log::say("stop with Ctrl-C: every student is told the class has ended");
    }
}

fn config(shared: &Shared, host_key: PrivateKey) -> russh::server::Config {
    russh::server::Config {
        methods: connection::methods(shared),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        keys: vec![host_key],
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 4,
        nodelay: true,
        ..Default::default()
    }
}

/// Accept connections until Ctrl-C, SIGTERM or `stopped`, then end every session.
async fn accept(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    end: watch::Sender<Option<String>>,
    stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let live = Arc::new(());
    let stop = async {
        tokio::select! {
            () = stop_signal() => {}
            _ = stopped => {}
        }
    };
    tokio::pin!(stop);
    loop {
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    log::line(format_args!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        if Arc::strong_count(&live) > shared.places.max() + HANDSHAKING {
            log::line(format_args!("refused {peer}: too many connections at once"));
            continue;
        }
        if let Err(why) = shared.limits.connect(peer.ip(), Instant::now()) {
            log::line(format_args!("refused {peer}: {why}"));
            continue;
        }
        log::line(format_args!("connect {peer}"));
        let config = config.clone();
        let shared = shared.clone();
        let live = live.clone();
        tokio::spawn(async move {
            connection(config, shared, socket, peer).await;
            drop(live);
        });
    }
    log::line(format_args!(
        "stopping: telling {} sessions the class has ended",
        shared.places.taken()
    ));
    let _ = end.send(Some("The class has ended. Thank you!".to_string()));
    let deadline = Instant::now() + GOODBYE;
    while (Arc::strong_count(&live) > 1 || Arc::strong_count(&shared.seats) > 1) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Run one connection: the handshake within its deadline, then until it ends or the server
/// stops (when the seat says goodbye and closes the channel; the connection is cut after a grace).
async fn connection(config: Arc<russh::server::Config>, shared: Arc<Shared>, socket: TcpStream, peer: SocketAddr) {
    let authenticated = Arc::new(AtomicBool::new(false));
    let mut ending = shared.ending.clone();
    let handler = Connection::new(shared, peer, authenticated.clone());
    let deadline = tokio::time::Instant::now() + HANDSHAKE;
    let Ok(Ok(session)) = tokio::time::timeout_at(deadline, russh::server::run_stream(config, socket, handler)).await
    else {
        return;
    };
    let handle = session.handle();
    tokio::pin!(session);
    let cut = |why: &'static str| {
        let handle = handle.clone();
        async move {
            let _ = handle
                .disconnect(russh::Disconnect::ByApplication, why.to_string(), String::new())
                .await;
        }
    };
    tokio::select! {
        _ = &mut session => return,
        () = tokio::time::sleep_until(deadline) => {}
        _ = ending.wait_for(Option::is_some) => {}
    }
    if !authenticated.load(std::sync::atomic::Ordering::SeqCst) {
        cut(if ending.borrow().is_some() {
            "the class has ended"
        } else {
            "log in took too long"
        })
        .await;
        return;
    }
    if ending.borrow().is_none() {
        tokio::select! {
            _ = &mut session => return,
            _ = ending.wait_for(Option::is_some) => {}
        }
    }
    // The server is stopping: the seat says goodbye and closes; then the connection goes.
    if tokio::time::timeout(GOODBYE, &mut session).await.is_err() {
        cut("the class has ended").await;
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
