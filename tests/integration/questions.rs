//! The lessons' questions: each built-in lesson asks about its confusion, every number a question
//! or its right answer gives is computed here again from the model (its shapes and counts) or
//! the recorded trace, and the question flow is driven through the keys as a student would:
//! asked, answered right, answered wrong, skipped, with the frames pinned at 80×24.

use std::process::Command;

use lstm_tui::app::Mode;
use lstm_tui::keys::parse_keys;
use lstm_tui::lesson::question::{Form, Question};
use lstm_tui::model::cell::Quantity;
use lstm_tui::model::spec::{LayerConfig, ModelSpec};
use lstm_tui::model::trace::Input;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};
use tempfile::TempDir;

const SMALL: (u16, u16) = (80, 24);

fn load(id: &str) -> Session {
    Session::load(id, &Overrides::default()).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn question<'a>(s: &'a Session, id: &str) -> &'a Question {
    s.lesson
        .questions
        .iter()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("{}: no question {id}", s.source))
}

/// 12416 as the lessons write it: 12,416.
fn commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn layer(spec: &ModelSpec, name: &str) -> usize {
    spec.layers
        .iter()
        .position(|l| l.name == name)
        .unwrap_or_else(|| panic!("no layer {name}"))
}

/// A layer's weight count, from its input shape as the model computes it.
fn params(spec: &ModelSpec, name: &str) -> usize {
    let k = layer(spec, name);
    spec.layers[k].config.params(spec.shapes().expect("fits")[k].0)
}

/// A layer's output shape as the summary prints it.
fn output(spec: &ModelSpec, name: &str) -> String {
    let k = layer(spec, name);
    spec.shapes().expect("fits")[k].1.keras(spec.input.batch_size)
}

fn input(spec: &ModelSpec, name: &str) -> String {
    let k = layer(spec, name);
    spec.shapes().expect("fits")[k].0.keras(spec.input.batch_size)
}

fn units(spec: &ModelSpec, name: &str) -> usize {
    match &spec.layers[layer(spec, name)].config {
        LayerConfig::Lstm(c) => c.units,
        other => panic!("{name} is a {}", other.class_name()),
    }
}

/// The right choice's text.
fn right(q: &Question) -> &str {
    match &q.form {
        Form::Choices(c) => &c.iter().find(|c| c.right).expect("one right").text,
        Form::Number { .. } => panic!("{} takes a number", q.id),
    }
}

/// The right choice holds `fact` and no wrong choice does.
fn right_is(q: &Question, fact: &str) {
    let Form::Choices(choices) = &q.form else {
        panic!("{} takes a number", q.id)
    };
    for c in choices {
        assert_eq!(
            c.text.contains(fact),
            c.right,
            "{}: \"{}\" and the computed answer {fact}",
            q.id,
            c.text
        );
    }
}

/// A number question whose answer is `n`: right within its tolerance, which lets no other whole
/// number count, and the right explanation gives `n` as the lesson writes it.
fn number_is(q: &Question, n: usize) {
    let Form::Number {
        value,
        tolerance,
        right,
        ..
    } = &q.form
    else {
        panic!("{} takes choices", q.id)
    };
    assert!((value - n as f64).abs() <= *tolerance, "{}: {value} against {n}", q.id);
    assert!(
        *tolerance < 1.0,
        "{}: a tolerance of {tolerance} lets a wrong count pass",
        q.id
    );
    assert!(right.contains(&commas(n)), "{}: {right}", q.id);
}

#[test]
fn every_lesson_asks_about_its_confusion() {
    let wanted = [2, 2, 2, 2, 2, 2, 1, 1, 1];
    for (k, at_least) in wanted.into_iter().enumerate() {
        let id = format!("lesson{}", k + 1);
        let n = load(&id).lesson.questions.len();
        assert!(n >= at_least, "{id} asks {n}");
    }
}

#[test]
fn the_seed_lessons_answers_are_the_models() {
    let s = load("lesson1");
    let m = &s.model.spec;
    right_is(question(&s, "h-size"), &units(m, "lstm").to_string());
    number_is(question(&s, "params"), params(m, "lstm"));
    let mut longer = m.clone();
    longer.input.shape = m.input.shape.with_timesteps(100);
    assert_eq!(longer.input.shape.fixed_timesteps(), Some(100));
    right_is(question(&s, "params-100-steps"), &commas(params(&longer, "lstm")));

    let s = load("lesson2");
    let m = &s.model.spec;
    right_is(question(&s, "lstm-output"), &output(m, "lstm"));
    let q = question(&s, "lstm-output");
    assert!(
        q.text
            .contains(&format!("batch of {}", m.input.batch_size.expect("a batch")))
    );
    assert!(q.text.contains("(10, 20)") && input(m, "lstm") == "(5, 10, 20)");
    right_is(question(&s, "flatten-output"), &output(m, "flatten"));
    assert!(question(&s, "flatten-output").text.contains(&output(m, "lstm")));
    number_is(question(&s, "dense-params"), params(m, "dense"));

    let s = load("lesson3");
    let m = &s.model.spec;
    right_is(question(&s, "lstm-output"), &output(m, "lstm"));
    let q = question(&s, "lstm_1-params");
    for n in [params(m, "lstm"), params(m, "lstm_1")] {
        assert!(q.text.contains(&commas(n)), "{n}");
    }
    let features = m.input.shape.width();
    assert!(right(q).contains(&format!("{} numbers, not {features}", units(m, "lstm"))));
    let mut sequences = m.clone();
    let top = layer(m, "lstm_2");
    let LayerConfig::Lstm(c) = &mut sequences.layers[top].config else {
        panic!()
    };
    c.return_sequences = true;
    right_is(question(&s, "dense-if-sequences"), &output(&sequences, "dense"));

    let s = load("lesson4");
    let m = &s.model.spec;
    right_is(question(&s, "lstm_1-input"), &input(m, "lstm_1"));
    let (steps, features) = (m.input.shape.fixed_timesteps().expect("fixed"), m.input.shape.width());
    let written = format!("input_shape = [{steps}, {features}]");
    assert!(question(&s, "lstm_1-input").text.contains(&written), "{written}");
    right_is(question(&s, "lstm_1-x"), &format!("{},", units(m, "lstm")));
    number_is(question(&s, "lstm_1-params"), params(m, "lstm_1"));

    let s = load("lesson5");
    let m = &s.model.spec;
    right_is(question(&s, "embedding-output"), &output(m, "embedding"));
    let LayerConfig::Embedding { output_dim, input_dim } = m.layers[0].config else {
        panic!()
    };
    right_is(question(&s, "x-is-a-row"), &format!("{output_dim} numbers"));
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    let q = question(&s, "x-is-a-row");
    let at = q.at.start(ids.len());
    assert!(ids[..at].iter().all(|&id| id == 0) && ids[at] != 0, "the first word");
    let word = s.word(ids[at]).expect("a word");
    assert!(q.text.contains(&format!("\"{word}\"")), "{word}");
    assert!(
        question(&s, "embedding-output")
            .text
            .contains(&format!("{} token ids", ids.len()))
    );
    assert_eq!(params(m, "embedding"), input_dim * output_dim);
    number_is(question(&s, "embedding-params"), params(m, "embedding"));
    assert!(
        question(&s, "embedding-params")
            .text
            .contains(&commas(m.params().expect("fits")))
    );

    let s = load("lesson6");
    let m = &s.model.spec;
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    // Reading from the end, the backward cell has read the review and every pad from t on.
    let q = question(&s, "backward-at-1");
    let t = q.at.start(ids.len());
    assert!(q.text.contains(&format!("t = {t}")));
    let pads = ids[t..].iter().filter(|&&id| id == 0).count();
    assert!(
        ids[t..].iter().skip(pads).all(|&id| id != 0),
        "the pads, then the review"
    );
    right_is(q, &format!("then {pads} pads"));
    right_is(question(&s, "bidirectional-output"), &output(m, "bidirectional"));
    number_is(question(&s, "bidirectional-params"), params(m, "bidirectional"));
}

/// A lesson's figure for unit `u` of its LSTM, printed with `digits` decimals.
fn printed(x: f32, digits: usize) -> String {
    format!("{x:.digits$}")
}

#[test]
fn the_trained_lessons_answers_are_the_traces() {
    // lesson7: the flag unit's forget gate alone would not keep c.
    let s = load("lesson7");
    let q = question(&s, "forget-keeps-flag");
    let u: usize = q.text["Unit ".len()..].split(' ').next().unwrap().parse().unwrap();
    let c = &s.trace.layers[0].cells[0];
    let f: Vec<f32> = (3..44).map(|t| c.get(Quantity::F)[[t, u]]).collect();
    let mean = f.iter().sum::<f32>() / f.len() as f32;
    assert!(q.text.contains(&printed(mean, 3)), "{mean}");
    let kept: f32 = f[..40].iter().product();
    assert!(kept < 0.01, "f alone keeps {kept} of c");
    assert!(right(q).starts_with("No"));
    // The flag is still there at the end: c far from where it would be with the flag down.
    assert!(c.get(Quantity::C)[[42, u]] > 0.5);

    // lesson8: the count comes back to depth 0's level.
    let s = load("lesson8");
    let q = question(&s, "count-returns");
    let u: usize = q
        .text
        .split("unit ")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let c = s.trace.layers[1].cells[0].get(Quantity::C);
    let deep: f32 = q
        .text
        .split("is near ")
        .nth(1)
        .unwrap()
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".")
        .parse()
        .unwrap();
    assert!((c[[3, u]] - deep).abs() < 0.05, "c at t = 3 is {}", c[[3, u]]);
    let level: f32 = right(q)["Back near ".len()..]
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((c[[11, u]] - level).abs() < 0.05, "c at t = 11 is {}", c[[11, u]]);

    // lesson9: the "not" unit falls at "and".
    let s = load("lesson9");
    let q = question(&s, "not-resets");
    let u: usize = q.text["Unit ".len()..].split('\'').next().unwrap().parse().unwrap();
    let h = s.trace.layers[1].cells[0].get(Quantity::H);
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    assert_eq!(s.word(ids[8]), Some("and"));
    assert!(q.text.contains(&format!("is {} at", printed(h[[7, u]], 2))));
    assert!(h[[8, u]] < h[[7, u]] - 0.3, "reset: {} then {}", h[[7, u]], h[[8, u]]);
    assert!(right(q).starts_with("Reset"));
}

fn app(source: &str, keys: &str, look: Look) -> Debugger {
    replay(load(source), look, SMALL, &parse_keys(keys).expect("valid key names"))
}

fn dark() -> Look {
    Look::new(ThemeName::Dark, Depth::TrueColor, false)
}

fn text(d: &mut Debugger) -> String {
    to_text(&render(d))
}

#[test]
fn a_choice_question_asked_answered_right_and_wrong() {
    // lesson3's first question is at t = 2, about lstm.
    let mut a = app("lesson3", "Right Right", dark());
    let (k, q, ..) = a.app.question().expect("asked at t = 2");
    assert_eq!((k, q.id.as_str(), a.app.cursor.t), (0, "lstm-output", 2));
    insta::assert_snapshot!("question_choices_asked", text(&mut a));
    let mut a = app("lesson3", "Right Right 2", dark());
    assert_eq!(a.app.answers(), [("lstm-output", true)]);
    insta::assert_snapshot!("question_choices_right", text(&mut a));
    let mut a = app("lesson3", "Right Right 1", dark());
    assert_eq!(a.app.answers(), [("lstm-output", false)]);
    insta::assert_snapshot!("question_choices_wrong", text(&mut a));
    // Enter goes on; the next step asks nothing more until lstm_1's question at t = 3.
    let a = app("lesson3", "Right Right 1 Enter", dark());
    assert!(a.app.question().is_none());
    let a = app("lesson3", "Right Right 1 Enter Right", dark());
    assert_eq!(a.app.question().map(|(_, q, ..)| q.id.as_str()), Some("lstm_1-params"));
    assert_eq!(a.app.model_layer(), Some(1), "the question's layer is focused");
}

#[test]
fn a_number_question_typed_right_and_wrong() {
    // lesson1: the units question at t = 1, then the weights at the last step.
    let to_last = "Right 2 Enter Right Right Right Right Right Right Right Right";
    let mut a = app("lesson1", &format!("{to_last} '12,4' Backspace"), dark());
    let (_, q, typed, answer) = a.app.question().expect("asked at the last step");
    assert_eq!((q.id.as_str(), typed, answer), ("params", "12,", None));
    insta::assert_snapshot!("question_number_typing", text(&mut a));
    let mut a = app("lesson1", &format!("{to_last} '12,416' Enter"), dark());
    assert_eq!(a.app.answers(), [("h-size", true), ("params", true)]);
    insta::assert_snapshot!("question_number_right", text(&mut a));
    let mut a = app("lesson1", &format!("{to_last} '12480' Enter"), dark());
    assert_eq!(a.app.answers(), [("h-size", true), ("params", false)]);
    insta::assert_snapshot!("question_number_wrong", text(&mut a));
    // The step's second question follows; answering it answers the lesson.
    let a = app("lesson1", &format!("{to_last} '12480' Enter Enter 1"), dark());
    assert!(a.app.all_answered());
    // Not a number: said, and nothing is answered.
    let a = app("lesson1", &format!("{to_last} '1,2' Enter"), dark());
    assert!(
        a.app
            .message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("not a number"))
    );
    assert_eq!(a.app.answers(), [("h-size", true)]);
}

#[test]
fn the_panel_says_right_and_wrong_in_words_in_mono_and_ascii() {
    let look = Look::new(ThemeName::Mono, Depth::Mono, true);
    let mut a = app("lesson3", "Right Right 1", look);
    let frame = text(&mut a);
    assert!(frame.is_ascii(), "{frame}");
    insta::assert_snapshot!("question_choices_wrong_ascii", frame);
}

#[test]
fn playing_stops_at_a_question_and_a_skip_asks_again_on_coming_back() {
    let mut a = app("lesson3", "Space", dark());
    while a.app.playing {
        a.app.tick();
    }
    assert_eq!(a.app.cursor.t, 2);
    assert!(a.app.question().is_some(), "playing stopped at the question");
    let a = app("lesson3", "Right Right Esc", dark());
    assert!(a.app.question().is_none() && a.app.answers().is_empty());
    assert!(a.app.message.as_ref().is_some_and(|m| m.text.contains("asked again")));
    let a = app("lesson3", "Right Right Esc Left Right", dark());
    assert!(a.app.question().is_some(), "asked again");
    // Jumps do not ask: End, :goto.
    let a = app("lesson3", "End", dark());
    assert!(a.app.question().is_none());
    let a = app("lesson3", ": 'goto 2' Enter", dark());
    assert!(a.app.question().is_none());
    // Right at the last step, where a jump went, asks what the jump passed over; once skipped
    // there, it is not asked again until the student comes back to the step.
    let a = app("lesson3", "End Right", dark());
    assert_eq!(
        a.app.question().map(|(_, q, ..)| q.id.as_str()),
        Some("dense-if-sequences")
    );
    let a = app("lesson3", "End Right Esc Right", dark());
    assert!(a.app.question().is_none());
    // Going on where an earlier run was left asks the step's questions too.
    let mut a = app("lesson3", "", dark());
    a.app.resume_at(3);
    assert_eq!(
        (a.app.cursor.t, a.app.question().map(|(_, q, ..)| q.id.as_str())),
        (3, Some("lstm_1-params"))
    );
    // > reaches a question too: lesson6's first is at t = 1, its second note.
    let a = app("lesson6", ">", dark());
    assert!(a.app.question().is_none(), "t = 0 has none");
    let a = app("lesson6", "> >", dark());
    assert_eq!(a.app.question().map(|(_, q, ..)| q.id.as_str()), Some("backward-at-1"));
    // A class asks none.
    let mut quiet = app("lesson3", "", dark());
    quiet.app.asks = false;
    for _ in 0..3 {
        quiet.handle(lstm_tui::tui::debugger::Event::Key(lstm_tui::keys::Key::Right));
    }
    assert!(quiet.app.question().is_none() && quiet.app.cursor.t == 3);
    // A key that is no answer is said so, and the question stays.
    let a = app("lesson3", "Right Right 7", dark());
    assert!(
        a.app
            .message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("1 to 3"))
    );
    assert!(a.app.question().is_some_and(|(.., answer)| answer.is_none()));
}

#[test]
fn check_refuses_a_bad_question_at_its_line_with_status_2() {
    let dir = TempDir::new().unwrap();
    let tiny = crate::common::tiny_lstm_lesson();
    let cases = [
        (
            "[[question]]\nat = 9\ntext = \"q\"\nnumber = 1\ntolerance = 0.5\nexplanation = { right = \"a\", wrong = \"b\" }\n",
            "/x.toml:12:6: at 9 is past the last timestep",
        ),
        (
            "[[question]]\nat = 1\ntext = \"q\"\nchoices = [{ text = \"a\", explanation = \"e\" }, { text = \"b\", explanation = \"e\" }]\n",
            "/x.toml:14:11: no choice is right",
        ),
        (
            "[[question]]\nat = 1\ntext = \"q\"\nnumber = 1\ntolerance = 0\nexplanation = { right = \"a\", wrong = \"b\" }\n",
            "/x.toml:15:13: tolerance must be a positive, finite number",
        ),
        (
            "[[question]]\nat = 1\nlayer = \"dense\"\ntext = \"q\"\nnumber = 1\ntolerance = 1\nexplanation = { right = \"a\", wrong = \"b\" }\n",
            "/x.toml:13:9: no layer is named \"dense\" (the layers are: lstm)",
        ),
    ];
    for (question, wanted) in cases {
        let path = dir.path().join("x.toml");
        std::fs::write(&path, format!("{tiny}{question}")).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "");
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(wanted), "wanted {wanted}, got {err}");
    }
}

#[test]
fn a_question_past_an_open_length_input_is_a_warning() {
    let dir = crate::common::fixture("files/keras3/free_seq");
    let scratch = TempDir::new().unwrap();
    let path = scratch.path().join("free.toml");
    std::fs::write(
        &path,
        format!(
            "format_version = 1\ntitle = \"free\"\n[model]\nfile = '{}'\n[input]\nfile = '{}'\n\
             [[question]]\nid = \"late\"\nat = 9\ntext = \"q\"\nnumber = 1\ntolerance = 0.5\n\
             explanation = {{ right = \"r\", wrong = \"w\" }}\n",
            dir.join("model.keras").display(),
            dir.join("input.npy").display()
        ),
    )
    .unwrap();
    let lesson = path.display().to_string();
    let session = Session::load(&lesson, &Overrides::default()).unwrap();
    assert_eq!(session.trace.input.timesteps(), 7);
    assert_eq!(
        session.warnings,
        [format!(
            "{lesson}: question late is asked at 9, past this input's last timestep (6); it is never asked"
        )]
    );
}

/// A follower (a class's student) told the leader's place, as a seat tells it.
fn follow(d: &mut Debugger, leader: &Debugger) {
    d.handle(Event::Guide {
        badge: Some("following".into()),
        to: Some(leader.app.position()),
        page: None,
    });
}

#[test]
fn a_follower_is_asked_at_the_leaders_step_whichever_way_the_leader_goes() {
    let mut leader = app("lesson3", "", dark());
    leader.app.asks = false;
    let mut ana = app("lesson3", "", dark());
    let asked = |d: &Debugger| d.app.question().map(|(_, q, ..)| q.id.clone());
    let to = |leader: &mut Debugger, key: &str| {
        for k in parse_keys(key).unwrap() {
            leader.handle(Event::Key(k));
        }
    };
    to(&mut leader, "Right");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (1, None));
    to(&mut leader, "Right");
    follow(&mut ana, &leader);
    assert!(leader.app.question().is_none(), "the leader is not asked");
    assert_eq!((ana.app.cursor.t, asked(&ana)), (2, Some("lstm-output".into())));
    // The leader changes unit at the same step: the panel stays.
    to(&mut leader, "]");
    follow(&mut ana, &leader);
    assert_eq!(asked(&ana), Some("lstm-output".into()));
    ana.handle(Event::Key(parse_keys("2").unwrap()[0]));
    assert_eq!(ana.app.answers(), [("lstm-output", true)]);
    // On to t = 3: the answered panel closes and the next question opens.
    to(&mut leader, "Right");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (3, Some("lstm_1-params".into())));
    assert_eq!(ana.app.cursor, leader.app.cursor, "the focus stays the leader's");
    // Back to t = 2 with lstm_1's question unanswered: it closes, and the answered one is not
    // asked again; forward again, the unanswered one is.
    to(&mut leader, "Left");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (2, None));
    to(&mut leader, "Right");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (3, Some("lstm_1-params".into())));
    // A jump to the last step asks there too; from the last step back to the start asks nothing.
    to(&mut leader, "End");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (7, Some("dense-if-sequences".into())));
    to(&mut leader, "Home");
    follow(&mut ana, &leader);
    assert_eq!((ana.app.cursor.t, asked(&ana)), (0, None));
    // Brought to a question's step while reading the help: asked once the help closes.
    ana.handle(Event::Key(parse_keys("?").unwrap()[0]));
    to(&mut leader, "Right Right");
    follow(&mut ana, &leader);
    assert!(matches!(ana.app.mode, Mode::Help { .. }), "the help stays open");
    ana.handle(Event::Key(parse_keys("Esc").unwrap()[0]));
    assert_eq!((ana.app.cursor.t, asked(&ana)), (2, None), "lstm-output is answered");
    to(&mut leader, "Right");
    ana.handle(Event::Key(parse_keys("?").unwrap()[0]));
    follow(&mut ana, &leader);
    assert_eq!(asked(&ana), None);
    ana.handle(Event::Key(parse_keys("Esc").unwrap()[0]));
    assert_eq!((ana.app.cursor.t, asked(&ana)), (3, Some("lstm_1-params".into())));
    assert_eq!(ana.app.answers(), [("lstm-output", true)], "nothing answered by moving");
}

#[test]
fn a_class_badge_is_drawn_in_the_glyph_set() {
    // The server's badges part their words with `·`; with --ascii the screen has none of it.
    let badge = "question 1/3: 1 of 2 answered, 1 right · 2 connected · 2 following · 0 exploring";
    for (ascii, wide, narrow) in [
        (
            false,
            "question 1/3: 1 of 2 answered, 1 right · 2 connected · 2 following",
            "question 1/3: 1 of 2 answered, 1 right · 2 connected",
        ),
        (
            true,
            "question 1/3: 1 of 2 answered, 1 right * 2 connected * 2 following",
            "question 1/3: 1 of 2 answered, 1 right * 2 connected",
        ),
    ] {
        let look = Look::new(ThemeName::Dark, Depth::TrueColor, ascii);
        for (size, expected) in [((200, 50), wide), ((80, 24), narrow)] {
            let session = Session::load("lesson3", &Overrides::default()).unwrap();
            let mut d = replay(session, look, size, &[]);
            d.handle(Event::Guide {
                badge: Some(badge.into()),
                to: None,
                page: None,
            });
            let frame = to_text(&render(&mut d));
            let header = frame.lines().next().unwrap();
            assert!(header.contains(expected), "{header}");
            assert_eq!(header.contains('·'), !ascii, "{header}");
        }
    }
}
