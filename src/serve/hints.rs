//! What a client tells about its terminal, and the look it gets. Only TERM reliably arrives (in
//! the pty request); COLORTERM, NO_COLOR and the locale arrive only when the client is set up to
//! send them, and are hints for this session's look: nothing is ever put into the server's
//! environment, and every other variable is refused.

use crate::ui::{DisplayOptions, Look, TermInfo};

/// The longest value kept of a hint.
const MAX_VALUE: usize = 64;

/// A session's display hints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub term: String,
    pub colorterm: Option<String>,
    pub no_color: bool,
    /// LC_ALL, LC_CTYPE and LANG, as sent.
    pub lc_all: Option<String>,
    pub lc_ctype: Option<String>,
    pub lang: Option<String>,
}

fn kept(value: &str) -> String {
    value.chars().take(MAX_VALUE).collect()
}

impl Hints {
    /// Take an env request as a hint; false when the variable is not one of the hints.
    pub fn env(&mut self, name: &str, value: &str) -> bool {
        match name {
            "COLORTERM" => self.colorterm = Some(kept(value)),
            "NO_COLOR" => self.no_color = !value.is_empty(),
            "LC_ALL" => self.lc_all = Some(kept(value)),
            "LC_CTYPE" => self.lc_ctype = Some(kept(value)),
            "LANG" => self.lang = Some(kept(value)),
            _ => return false,
        }
        true
    }

    pub fn set_term(&mut self, term: &str) {
        self.term = kept(term);
    }

    /// The locale that decides the character set, as a C library would pick it.
    fn locale(&self) -> Option<&str> {
        [&self.lc_all, &self.lc_ctype, &self.lang]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .find(|v| !v.is_empty())
    }

    /// Whether the client's locale says its terminal is not UTF-8 (so ASCII glyphs are drawn).
    pub fn not_utf8(&self) -> bool {
        self.locale().is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            !(l.contains("utf-8") || l.contains("utf8"))
        })
    }

    /// The look for this session: `--theme` and `--ascii` from the server's command line win.
    /// The colours follow the same rules as `run` ([`Look::choose`]), from what the client sent:
    /// TERM, and COLORTERM and NO_COLOR when it sent them.
    pub fn look(&self, display: &DisplayOptions) -> Look {
        let terminal = TermInfo {
            term: Some(self.term.as_str()),
            colorterm: self.colorterm.as_deref(),
            no_color: self.no_color.then_some("1"),
        };
        let display = DisplayOptions {
            ascii: display.ascii || self.not_utf8(),
            ..display.clone()
        };
        Look::choose(&display, terminal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::{Depth, ThemeName};

    fn hints(term: &str, env: &[(&str, &str)]) -> Hints {
        let mut h = Hints::default();
        h.set_term(term);
        for (k, v) in env {
            h.env(k, v);
        }
        h
    }

    #[test]
    fn only_the_hints_are_taken() {
        let mut h = Hints::default();
        assert!(h.env("COLORTERM", "truecolor"));
        assert!(!h.env("PATH", "/tmp"));
        assert!(!h.env("LD_PRELOAD", "/tmp/x.so"));
        assert!(!h.env("TERM", "xterm"));
    }

    #[test]
    fn locale_decides_ascii() {
        assert!(!hints("xterm", &[]).not_utf8());
        assert!(!hints("xterm", &[("LANG", "en_GB.UTF-8")]).not_utf8());
        assert!(!hints("xterm", &[("LANG", "de_DE.utf8")]).not_utf8());
        assert!(hints("xterm", &[("LANG", "C")]).not_utf8());
        assert!(hints("xterm", &[("LANG", "en_US.UTF-8"), ("LC_ALL", "en_US.ISO-8859-1")]).not_utf8());
        assert!(!hints("xterm", &[("LANG", "C"), ("LC_CTYPE", "C.UTF-8")]).not_utf8());
        let plain = DisplayOptions::default();
        assert_eq!(
            hints("xterm", &[("LANG", "POSIX")]).look(&plain).glyphs,
            &crate::ui::glyphs::ASCII
        );
        assert_eq!(hints("xterm", &[]).look(&plain).glyphs, &crate::ui::glyphs::UNICODE);
    }

    #[test]
    fn colour_depth_and_mono() {
        let plain = DisplayOptions::default();
        let depth = |term: &str, env: &[(&str, &str)]| hints(term, env).look(&plain).theme.depth;
        assert_eq!(depth("xterm", &[]), Depth::Ansi16);
        assert_eq!(depth("xterm-256color", &[]), Depth::Indexed256);
        assert_eq!(depth("xterm-256color", &[("COLORTERM", "truecolor")]), Depth::TrueColor);
        assert_eq!(depth("dumb", &[]), Depth::Mono);
        assert_eq!(depth("vt100", &[]), Depth::Mono);
        assert_eq!(depth("screen-256color", &[]), Depth::Indexed256);
        assert!(hints("xterm", &[("NO_COLOR", "1")]).look(&plain).theme.name == ThemeName::Mono);
        assert_eq!(
            hints("xterm", &[("NO_COLOR", "")]).look(&plain).theme.name,
            ThemeName::Dark
        );
        let light = DisplayOptions {
            theme: Some(ThemeName::Light),
            ..DisplayOptions::default()
        };
        let look = hints("dumb", &[]).look(&light);
        assert_eq!((look.theme.name, look.theme.depth), (ThemeName::Light, Depth::Mono));
        assert_eq!(
            look.theme.base(),
            ratatui::style::Style::new(),
            "no colours on a dumb terminal"
        );
        let forced = DisplayOptions {
            colors: Some(Depth::Indexed256),
            ..DisplayOptions::default()
        };
        assert_eq!(hints("xterm", &[]).look(&forced).theme.depth, Depth::Indexed256);
    }
}
