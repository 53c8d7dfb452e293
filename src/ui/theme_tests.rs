//! Tests of the themes: the colour depth a terminal gets, the conversion to each depth, and the
//! WCAG contrast of every colour a theme draws against every background it is drawn on.

use clap::ValueEnum;

use super::*;

#[test]
fn xterm_cube_and_greys() {
    assert_eq!(xterm256((0, 0, 0)), 16);
    assert_eq!(xterm256((255, 255, 255)), 231);
    assert_eq!(xterm256((255, 0, 0)), 196);
    assert_eq!(xterm256((128, 128, 128)), 244);
}

#[test]
fn mono_has_no_colour() {
    let t = Theme::named(ThemeName::Mono, Depth::TrueColor);
    assert_eq!(t.scale(Ramp::Diverging, 0.9), Style::new());
    assert_eq!(t.base(), Style::new());
    let t = Theme::named(ThemeName::Dark, Depth::Mono);
    assert_eq!(
        t.base(),
        Style::new(),
        "a terminal without colours gets none from any theme"
    );
    assert_eq!(t.bar(), Style::new().add_modifier(Modifier::REVERSED));
}

#[test]
fn depth_from_term_colorterm_and_no_color() {
    let d =
        |term: Option<&str>, colorterm: Option<&str>, no_color: Option<&str>| Depth::detect(term, colorterm, no_color);
    assert_eq!(d(Some("xterm"), None, None), Depth::Ansi16);
    assert_eq!(d(Some("linux"), None, None), Depth::Ansi16);
    assert_eq!(d(Some("screen"), None, None), Depth::Ansi16);
    assert_eq!(d(Some("xterm-256color"), None, None), Depth::Indexed256);
    assert_eq!(d(Some("tmux-256color"), None, None), Depth::Indexed256);
    assert_eq!(d(Some("xterm-256color"), Some("truecolor"), None), Depth::TrueColor);
    assert_eq!(d(Some("xterm"), Some("24bit"), None), Depth::TrueColor);
    assert_eq!(d(Some("xterm-256color"), Some("yes"), None), Depth::Indexed256);
    assert_eq!(
        d(Some("xterm-direct"), None, None),
        Depth::TrueColor,
        "a 24-bit terminfo"
    );
    assert_eq!(d(Some("tmux-direct"), None, None), Depth::TrueColor);
    assert_eq!(d(Some("konsole-direct"), None, None), Depth::TrueColor);
    assert_eq!(d(Some("xterm-truecolor"), None, None), Depth::TrueColor);
    assert_eq!(d(Some("st-24bit"), None, None), Depth::TrueColor);
    assert_eq!(d(Some("xterm-direct"), None, Some("1")), Depth::Mono);
    assert_eq!(d(Some("dumb"), Some("truecolor"), None), Depth::Mono);
    assert_eq!(d(None, None, None), Depth::Mono);
    assert_eq!(d(Some("vt100"), None, None), Depth::Mono);
    assert_eq!(d(Some("xterm-256color"), Some("truecolor"), Some("1")), Depth::Mono);
    assert_eq!(
        d(Some("xterm-256color"), None, Some("")),
        Depth::Indexed256,
        "an empty NO_COLOR is not set"
    );
}

#[test]
fn one_conversion_to_each_depth() {
    let orange = (255, 135, 0);
    assert_eq!(to_depth(orange, Depth::TrueColor), Color::Rgb(255, 135, 0));
    assert_eq!(to_depth(orange, Depth::Indexed256), Color::Indexed(208));
    assert_eq!(to_depth(orange, Depth::Ansi16), Color::Yellow);
    assert_eq!(to_depth((20, 20, 20), Depth::Ansi16), Color::Black);
    assert_eq!(to_depth((240, 240, 240), Depth::Ansi16), Color::Gray);
    assert_eq!(to_depth((250, 250, 250), Depth::Ansi16), Color::White);
    assert_eq!(to_depth(orange, Depth::Mono), Color::Reset);
}

/// The RGB a terminal shows for a colour, taking xterm's default palette for the 16 ANSI colours
/// (indexed 0..15 or named) and xterm's 6×6×6 cube and grey ramp for 16..255.
fn shown(color: Color) -> Rgb {
    match color {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i @ 0..=15) => ANSI16[usize::from(i)].1,
        Color::Indexed(i @ 16..=231) => {
            let level = |k: u8| if k == 0 { 0 } else { 55 + 40 * k };
            let i = i - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
        named => ANSI16
            .iter()
            .find(|(c, _)| *c == named)
            .map(|(_, rgb)| *rgb)
            .unwrap_or_else(|| panic!("no RGB for {named:?}")),
    }
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance((r, g, b): Rgb) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG 2's contrast ratio, 1 to 21.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn contrast_formula() {
    assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    assert!((contrast((119, 119, 119), (255, 255, 255)) - 4.48).abs() < 0.01);
    // The colours the high-contrast theme had in its bars: bold yellow on white.
    assert!(contrast(shown(Color::Indexed(226)), shown(Color::Indexed(231))) < 1.1);
}

/// A palette colour and the name of its field.
type Named = (&'static str, Rgb);

/// The colours a theme draws text in: each is drawn on the screen's background and on the bars
/// (the bars patch titles, keys, dim hints and errors onto themselves); the scales are checked
/// on the screen's background apart. Destructured without `..`, so a colour added to the
/// palette does not compile until it is put somewhere here.
fn text_colours(p: &Palette) -> Vec<Named> {
    let Palette {
        // The backgrounds, as Theme::base and Theme::bar draw them.
        background: _,
        bar_bg: _,
        text,
        dim,
        accent,
        bar_fg,
        error,
        sequential: _,
        diverging: _,
    } = *p;
    vec![
        ("text", text),
        ("dim", dim),
        ("accent", accent),
        ("bar_fg", bar_fg),
        ("error", error),
    ]
}

/// WCAG AA for text: 4.5:1.
const AA: f64 = 4.5;

#[test]
fn every_pair_of_every_theme_reads_at_every_depth() {
    let mut failures = Vec::new();
    for &name in ThemeName::value_variants() {
        for &depth in Depth::value_variants() {
            let theme = Theme::named(name, depth);
            let Some(palette) = theme.palette else { continue };
            let on_any = text_colours(&palette);
            let mut check = |fg_name: String, fg: Color, bg_name: &str, bg: Color| {
                let ratio = contrast(shown(fg), shown(bg));
                if ratio < AA {
                    failures.push(format!(
                        "{name:?} at {depth:?}: {fg_name} {fg:?} on {bg_name} {bg:?}: {ratio:.2}:1"
                    ));
                }
            };
            for (fg_name, fg) in &on_any {
                let screen = theme.color(palette.background);
                check(fg_name.to_string(), theme.color(*fg), "background", screen);
                // On the bars, as drawn: the colour patched onto the bar's style.
                let (fg, bg) = drawn(theme.bar().patch(Style::new().fg(theme.color(*fg))));
                check(fg_name.to_string(), fg, "the bars", bg);
            }
            // The scales as drawn: every step of each ramp, on the screen's background (as
            // numbers in wide cells; reversed for the focus, the same pair).
            let background = theme.color(palette.background);
            for ramp in [Ramp::Sequential, Ramp::Diverging] {
                for step in 0..SCALE_STEPS {
                    let level = (step as f32 + 0.5) / SCALE_STEPS as f32;
                    let fg = theme.scale(ramp, level).fg.expect("a scale colour");
                    check(format!("{ramp:?} step {step}"), fg, "background", background);
                }
            }
        }
    }
    assert!(failures.is_empty(), "below WCAG AA ({AA}:1):\n{}", failures.join("\n"));
}

/// The colours a cell in `style` shows, text then background: swapped when it is reversed.
fn drawn(style: Style) -> (Color, Color) {
    let (fg, bg) = (style.fg.expect("a colour"), style.bg.expect("a background"));
    if style.add_modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

#[test]
fn the_bars_stand_apart_from_the_screen_at_every_depth() {
    for &name in ThemeName::value_variants() {
        for &depth in Depth::value_variants() {
            let theme = Theme::named(name, depth);
            if theme.palette.is_none() {
                continue;
            }
            let screen = theme.base().bg.expect("a background");
            let (_, bar) = drawn(theme.bar());
            assert_ne!(bar, screen, "{name:?} at {depth:?}: the bars are the screen's colour");
        }
    }
}

#[test]
fn every_theme_paints_its_background() {
    for &name in ThemeName::value_variants() {
        for &depth in Depth::value_variants() {
            let theme = Theme::named(name, depth);
            let painted = theme.base().bg.is_some();
            assert_eq!(painted, theme.palette.is_some(), "{name:?} at {depth:?}");
        }
    }
}
