//! The server's log: one line per event on standard error, with a UTC time, and what it says
//! at its start. What a client sent (its user name) is shown escaped, as text from files is, so
//! it cannot drive the teacher's terminal. An output nobody reads loses its lines and nothing
//! else: the class goes on.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// No log lines (while the presenter's own screen is on this terminal).
static QUIET: AtomicBool = AtomicBool::new(false);

/// Print one log line. A standard error nobody reads (closed, full) loses the line: the class
/// goes on.
pub fn line(text: impl std::fmt::Display) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(std::io::stderr(), "{} {text}", timestamp(SystemTime::now()));
    }
}

/// Print one line of what the server says at its start, on standard output; as with the log,
/// an output nobody reads (`lstm-tui serve | head -1`) does not stop the class.
pub fn say(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// Print a warning of the server's on standard error, `lstm-tui: warning: ...`.
pub fn warn(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "lstm-tui: warning: {text}");
}

/// Stop or resume printing log lines.
pub fn quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// `2026-12-01T08:30:05Z`.
pub fn timestamp(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Untrusted text made safe to print: its first 64 characters, escaped as text from files is.
pub fn clean(text: &str) -> String {
    let first: String = text.chars().take(64).collect();
    crate::printable::printable(&first).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            timestamp(UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_661)),
            "2000-02-29T01:01:01Z"
        );
        assert_eq!(
            timestamp(UNIX_EPOCH + Duration::from_secs(1_796_083_199)),
            "2026-11-30T23:59:59Z"
        );
    }

    #[test]
    fn user_names_cannot_carry_escapes() {
        assert_eq!(clean("ana"), "ana");
        assert_eq!(clean("a\x1b[2Jb\n"), "a\\x1b[2Jb\\n");
        assert_eq!(clean("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(clean(&"x".repeat(100)).len(), 64);
    }
}
