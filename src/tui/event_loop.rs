//! The loop that runs the debugger: wait for an event, let the debugger handle it, draw when
//! something changed. Generic over the ratatui backend and the event source, so a terminal, a test
//! or (later) an SSH channel can each drive the same debugger. It blocks while idle and only wakes on a
//! timer while playing.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::debugger::{Debugger, Event};

/// Where events come from.
pub trait EventSource {
    /// The next event, waiting at most `timeout` (for ever when `None`); `Ok(None)` when the time
    /// ran out first.
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Option<Event>>;

    /// Told after each event, with the debugger as it left it (a presenter's seat publishes
    /// where it is from here).
    fn handled(&mut self, _debugger: &Debugger) {}
}

/// Run until the app quits or the source fails.
pub fn run<B: Backend>(
    debugger: &mut Debugger,
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let size = terminal.size().map_err(Into::into)?;
    debugger.handle(Event::Resize(size.width, size.height));
    draw(debugger, terminal)?;
    let mut next_tick: Option<Instant> = None;
    while !debugger.app.quit {
        let timeout = match (debugger.app.tick_interval(), next_tick) {
            (None, _) => {
                next_tick = None;
                None
            }
            (Some(every), None) => {
                next_tick = Some(Instant::now() + every);
                Some(every)
            }
            (Some(_), Some(at)) => Some(at.saturating_duration_since(Instant::now())),
        };
        let event = match events.next(timeout)? {
            Some(e) => e,
            None => {
                next_tick = next_tick
                    .zip(debugger.app.tick_interval())
                    .map(|(at, every)| at + every);
                Event::Tick
            }
        };
        if let Event::Resize(w, h) = event {
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, w, h))
                .map_err(Into::into)?;
        }
        let redraw = debugger.handle(event);
        events.handled(debugger);
        if redraw && !debugger.app.quit {
            draw(debugger, terminal)?;
        }
    }
    Ok(())
}

fn draw<B: Backend>(debugger: &mut Debugger, terminal: &mut Terminal<B>) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    terminal
        .draw(|frame| debugger.render(frame.area(), frame.buffer_mut()))
        .map(|_| ())
        .map_err(Into::into)
}
