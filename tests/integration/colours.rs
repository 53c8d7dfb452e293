//! Each theme at each colour depth, pinned as `frame --ansi` prints it: one small frame at 80×24
//! (the stacked fixture after one step), so the escape codes stay reviewable.

use lstm_tui::keys::Key;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::frame::{render, replay, to_ansi};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

use crate::common::fixture;

fn frame(theme: ThemeName, depth: Depth) -> String {
    let path = fixture("ui/stacked.toml").display().to_string();
    let session = Session::load(&path, &Overrides::default()).expect("the stacked fixture loads");
    let mut debugger = replay(session, Look::new(theme, depth, false), (80, 24), &[Key::Right]);
    to_ansi(&render(&mut debugger))
}

#[test]
fn each_theme_at_each_depth() {
    for (theme, name) in [
        (ThemeName::Dark, "dark"),
        (ThemeName::Light, "light"),
        (ThemeName::HighContrast, "high_contrast"),
    ] {
        for (depth, bits) in [
            (Depth::Ansi16, "16"),
            (Depth::Indexed256, "256"),
            (Depth::TrueColor, "truecolor"),
        ] {
            insta::assert_snapshot!(format!("colours_{name}_{bits}"), frame(theme, depth));
        }
        // A terminal without colours gets none from any theme: the mono frame.
        assert_eq!(
            frame(theme, Depth::Mono),
            frame(ThemeName::Mono, Depth::TrueColor),
            "{name}"
        );
    }
}
