//! One SSH connection: who may log in (an authorized key, the class code, or anyone with
//! `--open`), and the one thing it may do — open a session channel with a PTY and get a seat.
//! Exec, subsystems (sftp), X11, agent and port forwarding, env variables other than the display
//! hints, and a second channel are all refused.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Response, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelWriteHalf, MethodKind, MethodSet, Pty};
use tokio::sync::mpsc;

use super::hints::Hints;
use super::limits::Place;
use super::part::Part;
use super::resume::Who;
use super::screen::{Next, Outbox, clamp_size};
use super::seat::{Input, Resume, Seat};
use super::{Shared, keys, log};

/// Input chunks queued for a seat before the connection waits (and, behind it, the client).
const INPUT_QUEUE: usize = 8;

/// The state of one connection.
pub struct Connection {
    shared: Arc<Shared>,
    peer: SocketAddr,
    started: Instant,
    user: String,
    /// How the client logged in, for the log.
    login: Option<String>,
    /// Set once logged in (the handshake deadline watches it).
    authenticated: Arc<AtomicBool>,
    channel: Option<ChannelWriteHalf<Msg>>,
    channel_id: Option<ChannelId>,
    pty: Option<(u16, u16)>,
    hints: Hints,
    seat: Option<mpsc::Sender<Input>>,
    place: Option<Place>,
    /// Logged in with a presenter key.
    presenter: bool,
    /// The way in that, with the user name, finds a student's place again: a key's
    /// fingerprint, the class code, or nothing (`--open`).
    way_in: String,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, peer: SocketAddr, authenticated: Arc<AtomicBool>) -> Connection {
        Connection {
            shared,
            peer,
            started: Instant::now(),
            user: String::new(),
            login: None,
            authenticated,
            channel: None,
            channel_id: None,
            pty: None,
            hints: Hints::default(),
            seat: None,
            place: None,
            presenter: false,
            way_in: String::new(),
        }
    }

    fn accept(&mut self, user: &str, how: String) -> Auth {
        self.user = user.to_string();
        log::line(format_args!("login {} user {} with {how}", self.peer, log::clean(user)));
        self.login = Some(how);
        self.authenticated.store(true, Ordering::SeqCst);
        Auth::Accept
    }

    fn reject(&self) -> Auth {
        Auth::Reject {
            proceed_with_methods: None,
            partial_success: false,
        }
    }

    /// A wrong class code: counted against the address.
    fn wrong_code(&self, user: &str) -> Auth {
        log::line(format_args!(
            "failed login {} user {} (wrong class code)",
            self.peer,
            log::clean(user)
        ));
        self.shared.limits.failed(self.peer.ip(), Instant::now());
        self.reject()
    }

    fn knows(&self, key: &PublicKey) -> bool {
        self.shared.keys.as_ref().is_some_and(|k| k.contains(key)) || self.presents(key)
    }

    fn presents(&self, key: &PublicKey) -> bool {
        self.shared.presenters.as_ref().is_some_and(|k| k.contains(key))
    }

    /// This connection's part in the class (following as last time, or else following);
    /// `None` when it would be a second presenter.
    fn part(&self, resume: Option<&Resume>) -> Option<Part> {
        match &self.shared.stage {
            None => Some(Part::Solo),
            Some(stage) if self.presenter => {
                let glyphs = self.hints.look(&self.shared.display).glyphs;
                Part::presenter(stage.clone(), glyphs)
            }
            Some(stage) => {
                let following = resume.and_then(|r| r.place.as_ref()).is_none_or(|p| p.following);
                Some(Part::student(stage.clone(), &self.user, following))
            }
        }
    }

    /// A student's place from last time, in a lesson this class has (none for the presenter).
    fn resume(&self) -> Option<Resume> {
        let store = self.shared.store.clone()?;
        if self.presenter {
            return None;
        }
        let who = Who {
            name: self.user.clone(),
            how: self.way_in.clone(),
        };
        let place = store
            .load(&who)
            .filter(|p| self.shared.lessons.iter().any(|s| s.source == p.lesson));
        Some(Resume { store, who, place })
    }

    /// Refuse a channel request: nothing runs, the client's standard error says why, and the
    /// channel closes with exit status 1. (The request is acknowledged first: OpenSSH shows
    /// nothing the server says on a channel whose request failed.)
    fn refuse(&self, channel: ChannelId, why: &str, session: &mut Session) -> Result<(), russh::Error> {
        log::line(format_args!(
            "refused {} user {}: {why}",
            self.peer,
            log::clean(&self.user)
        ));
        session.channel_success(channel)?;
        say_and_close(session, channel, format!("lstm-tui: {why}\r\n"), 1, true);
        Ok(())
    }

    /// Start this client's seat: its thread and the task that sends its frames.
    fn sit(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), russh::Error> {
        let Some(write) = self.channel.take() else {
            return session.channel_failure(channel);
        };
        let Some(place) = self.shared.places.take() else {
            log::line(format_args!(
                "full {} user {}: all {} places taken",
                self.peer,
                log::clean(&self.user),
                self.shared.places.max()
            ));
            session.channel_success(channel)?;
            let text = format!(
                "The class is full: all {} places are taken. Please ask your teacher, then try again.\r\n",
                self.shared.places.max()
            );
            say_and_close(session, channel, text, 1, false);
            return Ok(());
        };
        let resume = self.resume();
        let Some(part) = self.part(resume.as_ref()) else {
            log::line(format_args!("refused {}: a second presenter", self.peer));
            session.channel_success(channel)?;
            let text = "Someone is already presenting this class; only one presenter at a time.\r\n";
            say_and_close(session, channel, text.to_string(), 1, false);
            return Ok(());
        };
        let (w, h) = self.pty.unwrap_or((80, 24));
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        let outbox = Arc::new(Outbox::default());
        let seat = Seat {
            lessons: self.shared.lessons.clone(),
            look: self.hints.look(&self.shared.display),
            size: (w, h),
            inputs: rx,
            ending: self.shared.ending.clone(),
            outbox: outbox.clone(),
            timeouts: self.shared.timeouts,
            runtime: tokio::runtime::Handle::current(),
            part,
            resume,
        };
        // Counted while it runs: a server that stops waits for its seats to keep their places.
        let seats = self.shared.seats.clone();
        let spawned = std::thread::Builder::new().name("lstm-tui seat".into()).spawn(move || {
            let reason = seat.run();
            drop(seats);
            reason
        });
        if let Err(e) = spawned {
            log::line(format_args!("no seat for {}: {e}", self.peer));
            return session.channel_failure(channel);
        }
        tokio::spawn(send_frames(outbox, write, tx.downgrade()));
        self.seat = Some(tx);
        self.place = Some(place);
        session.channel_success(channel)
    }
}

/// After the current request's reply: a message (on standard error when `stderr`), the exit
/// status, and the channel closed, in that order.
fn say_and_close(session: &Session, channel: ChannelId, text: String, status: u32, stderr: bool) {
    let handle = session.handle();
    tokio::spawn(async move {
        let _ = if stderr {
            handle.extended_data(channel, 1, text.into_bytes()).await
        } else {
            handle.data(channel, text.into_bytes()).await
        };
        let _ = handle.exit_status_request(channel, status).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
    });
}

/// Send a seat's frames as the channel takes them, until its last bytes are sent.
async fn send_frames(outbox: Arc<Outbox>, channel: ChannelWriteHalf<Msg>, inputs: mpsc::WeakSender<Input>) {
    loop {
        match outbox.next() {
            Next::Send(bytes) => {
                if channel.data_bytes(bytes).await.is_err() {
                    return;
                }
            }
            Next::Redraw => {
                let Some(inputs) = inputs.upgrade() else { return };
                if inputs.send(Input::Redraw).await.is_err() {
                    return;
                }
            }
            Next::Finish(bytes) => {
                let _ = channel.data_bytes(bytes).await;
                let _ = channel.exit_status(0).await;
                let _ = channel.eof().await;
                let _ = channel.close().await;
                return;
            }
            Next::Wait => outbox.ready().await,
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let secs = self.started.elapsed().as_secs();
        match &self.login {
            Some(_) => log::line(format_args!(
                "disconnect {} user {} after {secs} s",
                self.peer,
                log::clean(&self.user)
            )),
            None => log::line(format_args!(
                "disconnect {} before logging in, after {secs} s",
                self.peer
            )),
        }
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.shared.open {
            self.way_in = "open".into();
            return Ok(self.accept(user, "no authentication (--open)".into()));
        }
        Ok(self.reject())
    }

    async fn auth_publickey_offered(&mut self, _user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        Ok(if self.knows(offer.public_key) {
            Auth::Accept
        } else {
            self.reject()
        })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        if self.knows(key.public_key) {
            self.presenter = self.presents(key.public_key);
            let role = if self.presenter { "presenter key" } else { "key" };
            self.way_in = keys::fingerprint(key.public_key);
            return Ok(self.accept(user, format!("{role} {}", self.way_in)));
        }
        Ok(self.reject())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        match &self.shared.code {
            Some(code) if code.matches(password.as_bytes()) => {
                self.way_in = "class code".into();
                Ok(self.accept(user, "class code".into()))
            }
            Some(_) => Ok(self.wrong_code(user)),
            None => Ok(self.reject()),
        }
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let Some(code) = &self.shared.code else {
            return Ok(self.reject());
        };
        let Some(mut response) = response else {
            return Ok(Auth::Partial {
                name: "lstm-tui".into(),
                instructions: "Type the class code your teacher gave you.".into(),
                prompts: vec![("Class code: ".into(), false)].into(),
            });
        };
        let typed = response.next().unwrap_or_default();
        if code.matches(&typed) {
            self.way_in = "class code".into();
            Ok(self.accept(user, "class code".into()))
        } else {
            Ok(self.wrong_code(user))
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel_id.is_some() {
            // One session per connection; the dropped reply refuses this one.
            return Ok(());
        }
        self.channel_id = Some(channel.id());
        // The handler receives the data; the channel's own reader is not needed.
        let (_, write) = channel.split();
        self.channel = Some(write);
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.seat.is_some() || Some(channel) != self.channel_id {
            return session.channel_failure(channel);
        }
        self.hints.set_term(term);
        self.pty = Some(clamp_size(col_width, row_height));
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.seat.is_none() && self.hints.env(variable_name, variable_value) {
            session.channel_success(channel)
        } else {
            session.channel_failure(channel)
        }
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        if self.seat.is_some() || Some(channel) != self.channel_id {
            return session.channel_failure(channel);
        }
        if self.pty.is_none() {
            return self.refuse(channel, "the debugger needs a terminal: use ssh -t", session);
        }
        self.sit(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            "this server runs only the debugger: ssh without a command",
            session,
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let why = format!("no subsystems here ({} refused)", log::clean(name));
        self.refuse(channel, &why, session)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _socket_path: &str, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel_id {
            return Ok(());
        }
        let (w, h) = clamp_size(col_width, row_height);
        match &self.seat {
            Some(seat) => {
                let _ = seat.send(Input::Resize(w, h)).await;
            }
            None => self.pty = Some((w, h)),
        }
        Ok(())
    }

    async fn data(&mut self, channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if Some(channel) == self.channel_id
            && let Some(seat) = &self.seat
        {
            // Waits when the seat is behind: the client is then held back by SSH flow control.
            let _ = seat.send(Input::Bytes(data.to_vec())).await;
        }
        Ok(())
    }
}

/// The authentication methods offered, from what the server was given.
pub fn methods(shared: &Shared) -> MethodSet {
    let mut methods = MethodSet::empty();
    if shared.keys.is_some() || shared.presenters.is_some() {
        methods.push(MethodKind::PublicKey);
    }
    if shared.code.is_some() {
        methods.push(MethodKind::KeyboardInteractive);
        methods.push(MethodKind::Password);
    }
    if shared.open {
        methods.push(MethodKind::None);
    }
    methods
}

/// The time a client has from connecting to logging in.
pub const HANDSHAKE: Duration = Duration::from_secs(20);
