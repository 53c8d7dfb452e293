//! A session's screen: a ratatui backend that encodes each frame (only the cells that changed, as
//! ratatui's diff gives them) into ANSI bytes, and the outbox between it and the task that sends
//! them over the SSH channel.
//!
//! The outbox holds at most one frame waiting behind the one being sent. When a client reads
//! slowly, a frame that finds the slot taken is dropped together with the waiting one, the outbox
//! is marked stale, and once the channel is free the session is asked to redraw in full (a
//! resize to the same size: ratatui then clears and draws every cell). So a slow client costs
//! at most two frames of memory and never slows the others; the channel's own flow control
//! (the SSH window) holds back the sender.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::Notify;

/// The largest screen drawn; a bigger window gets this much, drawn from its top left corner.
pub const MAX_COLUMNS: u16 = 400;
pub const MAX_ROWS: u16 = 150;

/// A window size from the client, clamped to 1..=MAX; zero means the client does not know
/// (RFC 4254 says to ignore it), taken as 80×24.
pub fn clamp_size(columns: u32, rows: u32) -> (u16, u16) {
    let clamp = |v: u32, unknown: u16, most: u16| match v {
        0 => unknown,
        v => u16::try_from(v).unwrap_or(u16::MAX).min(most),
    };
    (clamp(columns, 80, MAX_COLUMNS), clamp(rows, 24, MAX_ROWS))
}

/// The session's current size, shared by its event source (which learns it) and its backend.
#[derive(Debug, Default)]
pub struct SharedSize(AtomicU32);

impl SharedSize {
    pub fn new((w, h): (u16, u16)) -> SharedSize {
        let s = SharedSize::default();
        s.set((w, h));
        s
    }

    pub fn set(&self, (w, h): (u16, u16)) {
        self.0.store(u32::from(w) << 16 | u32::from(h), Ordering::Relaxed);
    }

    pub fn get(&self) -> (u16, u16) {
        let v = self.0.load(Ordering::Relaxed);
        ((v >> 16) as u16, v as u16)
    }
}

/// Whether what the client has on screen is what the last frame assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sync {
    Current,
    /// A frame was dropped; the next one sent must be a full redraw.
    Stale,
    /// The session has been asked for that full redraw.
    Asked,
}

#[derive(Debug)]
struct State {
    waiting: Option<Vec<u8>>,
    sync: Sync,
    /// The last bytes, once the session has ended.
    last: Option<Vec<u8>>,
    dropped: u64,
}

/// The frames between a session's thread and its sending task.
#[derive(Debug)]
pub struct Outbox {
    state: Mutex<State>,
    ready: Notify,
}

/// What the sending task is to do next.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    Send(Vec<u8>),
    /// Ask the session for a full redraw.
    Redraw,
    /// Send these last bytes, then close.
    Finish(Vec<u8>),
    Wait,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            state: Mutex::new(State {
                waiting: None,
                sync: Sync::Current,
                last: None,
                dropped: 0,
            }),
            ready: Notify::new(),
        }
    }
}

impl Outbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A frame from the session; `full` when it redraws the whole screen.
    pub fn offer(&self, bytes: Vec<u8>, full: bool) {
        let mut s = self.lock();
        if full {
            s.waiting = Some(bytes);
            s.sync = Sync::Current;
        } else if s.sync != Sync::Current || s.waiting.is_some() {
            s.dropped += 1 + u64::from(s.waiting.take().is_some());
            if s.sync == Sync::Current {
                s.sync = Sync::Stale;
            }
        } else {
            s.waiting = Some(bytes);
        }
        drop(s);
        self.ready.notify_one();
    }

    /// The session has ended: these bytes go last (what is still waiting is sent first only if the
    /// client is in step).
    pub fn finish(&self, bytes: Vec<u8>) {
        self.lock().last = Some(bytes);
        self.ready.notify_one();
    }

    /// Frames dropped so far for this client.
    pub fn dropped(&self) -> u64 {
        self.lock().dropped
    }

    /// What to do next; [`Next::Wait`] means wait for [`Outbox::ready`].
    pub fn next(&self) -> Next {
        let mut s = self.lock();
        if let Some(last) = s.last.take() {
            let waiting = s.waiting.take().filter(|_| s.sync == Sync::Current);
            return match waiting {
                Some(mut bytes) => {
                    bytes.extend(last);
                    Next::Finish(bytes)
                }
                None => Next::Finish(last),
            };
        }
        if let Some(bytes) = s.waiting.take() {
            return Next::Send(bytes);
        }
        if s.sync == Sync::Stale {
            s.sync = Sync::Asked;
            return Next::Redraw;
        }
        Next::Wait
    }

    /// Resolves when there may be something to do.
    pub async fn ready(&self) {
        self.ready.notified().await;
    }
}

/// Collects a frame's bytes; the backend's flush at the end of a frame hands them to the outbox
/// (crossterm also flushes after single commands such as moving the cursor: those are ignored).
#[derive(Debug)]
pub struct Sink {
    bytes: Vec<u8>,
    flags: Arc<Flags>,
    outbox: Arc<Outbox>,
}

/// Set by the backend, read by its sink.
#[derive(Debug, Default)]
struct Flags {
    /// This frame redraws everything.
    full: AtomicBool,
    /// The frame is complete.
    done: AtomicBool,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.flags.done.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        let full = self.flags.full.swap(false, Ordering::Relaxed);
        if !self.bytes.is_empty() {
            self.outbox.offer(std::mem::take(&mut self.bytes), full);
        }
        Ok(())
    }
}

/// The ratatui backend of one SSH session: crossterm's ANSI encoding into a [`Sink`], with the
/// size the client reported (crossterm's own would ask the server's terminal) and the cursor
/// tracked here (nothing is ever read back from the client).
#[derive(Debug)]
pub struct SshBackend {
    inner: CrosstermBackend<Sink>,
    flags: Arc<Flags>,
    size: Arc<SharedSize>,
    cursor: Position,
}

impl SshBackend {
    /// A backend whose first frame starts with `setup` (modes for the client's terminal).
    pub fn new(outbox: Arc<Outbox>, size: Arc<SharedSize>, setup: &[u8]) -> SshBackend {
        let flags = Arc::new(Flags::default());
        flags.full.store(true, Ordering::Relaxed);
        SshBackend {
            inner: CrosstermBackend::new(Sink {
                bytes: setup.to_vec(),
                flags: flags.clone(),
                outbox,
            }),
            flags,
            size,
            cursor: Position::ORIGIN,
        }
    }
}

impl Backend for SshBackend {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> std::io::Result<()> {
        // Ratatui clears all (or from the top left corner on) before a full redraw.
        if matches!(clear_type, ClearType::All)
            || (clear_type == ClearType::AfterCursor && self.cursor == Position::ORIGIN)
        {
            self.flags.full.store(true, Ordering::Relaxed);
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> std::io::Result<Size> {
        let (width, height) = self.size.get();
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size()?,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flags.done.store(true, Ordering::Relaxed);
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offer a frame (`full` or a diff) and see it sent next.
    fn sent(outbox: &Outbox, frame: &[u8], full: bool) {
        outbox.offer(frame.to_vec(), full);
        assert_eq!(outbox.next(), Next::Send(frame.to_vec()));
    }

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp_size(0, 0), (80, 24));
        assert_eq!(clamp_size(1, 1), (1, 1));
        assert_eq!(clamp_size(10_000, 10_000), (MAX_COLUMNS, MAX_ROWS));
        assert_eq!(clamp_size(u32::MAX, 24), (MAX_COLUMNS, 24));
        assert_eq!(clamp_size(80, 24), (80, 24));
    }

    #[test]
    fn a_fast_client_gets_every_frame() {
        let outbox = Outbox::default();
        sent(&outbox, b"one", true);
        sent(&outbox, b"two", false);
        assert_eq!(outbox.next(), Next::Wait);
        assert_eq!(outbox.dropped(), 0);
    }

    #[test]
    fn one_frame_waits_behind_the_one_being_sent() {
        let outbox = Outbox::default();
        sent(&outbox, b"one", true);
        // "one" is being sent; "two" waits.
        sent(&outbox, b"two", false);
    }

    #[test]
    fn a_slow_client_skips_frames_then_gets_a_full_redraw() {
        let outbox = Outbox::default();
        sent(&outbox, b"one", true);
        outbox.offer(b"two".to_vec(), false);
        outbox.offer(b"three".to_vec(), false);
        outbox.offer(b"four".to_vec(), false);
        assert_eq!(outbox.dropped(), 3);
        assert_eq!(outbox.next(), Next::Redraw);
        // Asked once; diffs that come before the full frame are dropped too.
        outbox.offer(b"five".to_vec(), false);
        assert_eq!(outbox.next(), Next::Wait);
        sent(&outbox, b"full", true);
        sent(&outbox, b"six", false);
    }

    #[test]
    fn the_last_bytes_follow_a_frame_in_step_and_replace_a_stale_one() {
        let outbox = Outbox::default();
        outbox.offer(b"frame".to_vec(), true);
        outbox.finish(b"bye".to_vec());
        assert_eq!(outbox.next(), Next::Finish(b"framebye".to_vec()));
        let outbox = Outbox::default();
        sent(&outbox, b"a", true);
        outbox.offer(b"b".to_vec(), false);
        outbox.offer(b"c".to_vec(), false);
        outbox.finish(b"bye".to_vec());
        assert_eq!(outbox.next(), Next::Finish(b"bye".to_vec()));
    }

    #[test]
    fn the_backend_marks_a_redraw_after_a_resize_as_full() {
        use ratatui::layout::Rect;
        use ratatui::widgets::Paragraph;
        use ratatui::{Terminal, TerminalOptions, Viewport};
        let outbox = Arc::new(Outbox::default());
        let size = Arc::new(SharedSize::new((20, 3)));
        let backend = SshBackend::new(outbox.clone(), size.clone(), b"\x1b[?1049h");
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 20, 3)),
        };
        let mut terminal = Terminal::with_options(backend, options).unwrap();
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .unwrap();
        let Next::Send(first) = outbox.next() else {
            panic!("a first frame")
        };
        assert!(first.starts_with(b"\x1b[?1049h"));
        assert!(String::from_utf8_lossy(&first).contains("hello"));
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hellO"), f.area()))
            .unwrap();
        let Next::Send(diff) = outbox.next() else {
            panic!("a diff")
        };
        assert!(
            !String::from_utf8_lossy(&diff).contains("hell"),
            "only the changed cell"
        );
        // Fill the slot, then drop a frame: the outbox asks for a redraw.
        terminal
            .draw(|f| f.render_widget(Paragraph::new("a"), f.area()))
            .unwrap();
        terminal
            .draw(|f| f.render_widget(Paragraph::new("b"), f.area()))
            .unwrap();
        assert_eq!(outbox.next(), Next::Redraw);
        terminal.resize(Rect::new(0, 0, 20, 3)).unwrap();
        terminal
            .draw(|f| f.render_widget(Paragraph::new("bye"), f.area()))
            .unwrap();
        let next = outbox.next();
        let Next::Send(full) = next else {
            panic!("a full frame, not {next:?}")
        };
        assert!(
            String::from_utf8_lossy(&full).contains("\x1b[J"),
            "cleared from the top"
        );
        assert!(String::from_utf8_lossy(&full).contains("bye"));
    }
}
