//! A class with several lessons and a presenter, driven by russh's client: the lesson picker,
//! the presenter's choice followed, and the presenter's roster.

use super::Class;
use super::russh_client::{login, runtime, sit};

#[test]
fn several_lessons_start_at_a_picker_and_o_goes_back_to_it() {
    let class = Class::new();
    let server = class.serve(&[
        "--authorized-keys",
        "authorized_keys",
        "--lesson",
        "lesson2",
        "--lesson",
        "lesson5",
    ]);
    runtime().block_on(async {
        let ssh = login(server.port, &server.fingerprint, &class.path("student"), "ana").await;
        let mut ana = sit(&ssh, 80, 24).await;
        ana.sees("lstm-tui · choose a lesson").await;
        ana.sees("lesson2  Every step's output").await;
        ana.sees("lesson5  Embedding, padding and dropout").await;
        ana.sees("Down/j next · Enter/Right opens · q/Ctrl-c quits · o returns here")
            .await;
        // Down and Enter open the second; its own keys work; o goes back; Enter opens the first.
        ana.press(b"j\r").await;
        ana.sees("t=0 of 0‥499").await;
        ana.press(b"\x1b[C").await;
        ana.sees("t=1 of 0‥499").await;
        // A class without a presenter asks the lesson's questions as `run` does; Esc skips.
        ana.sees("What shape does the Embedding hand to lstm?").await;
        ana.press(b"\x1b").await;
        ana.sees("question skipped").await;
        ana.press(b"o").await;
        ana.sees("lstm-tui · choose a lesson").await;
        ana.press(b"k\r").await;
        ana.sees("t=0 of 0‥9").await;
        // Typed on the : line, o is a letter, not the picker.
        ana.press(b":o").await;
        ana.sees(":o").await;
        // Ctrl-U empties the line, Backspace closes it.
        ana.press(b"\x15\x7fq").await;
        ana.sees("Goodbye.").await;
    });
}

#[test]
fn students_follow_the_presenters_choice_of_lesson() {
    let class = Class::new();
    class.keygen("teacher");
    std::fs::copy(class.path("teacher.pub"), class.path("presenter_keys")).unwrap();
    // No --lesson: the built-in course.
    let server = class.serve_course(&[
        "--authorized-keys",
        "authorized_keys",
        "--presenter-keys",
        "presenter_keys",
    ]);
    runtime().block_on(async {
        let (port, fp) = (server.port, server.fingerprint.clone());
        let ana_ssh = login(port, &fp, &class.path("student"), "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        ana.sees("lesson9  Negation").await;
        ana.sees("following · no presenter yet").await;
        let teacher_ssh = login(port, &fp, &class.path("teacher"), "teacher").await;
        let mut teacher = sit(&teacher_ssh, 100, 30).await;
        teacher
            .sees("presenting · 1 connected · 1 following · 0 exploring")
            .await;
        teacher.press(b"jj\r").await;
        teacher.sees("Stacking LSTMs").await;
        ana.sees("following │ t=0 of 0‥7 │ lstm 1/3").await;
        teacher.press(b"\x1b[C").await;
        ana.sees("following │ t=1 of 0‥7").await;
        // Another lesson: the follower goes along, starting where the presenter is in it.
        teacher.press(b"ok\r\x1b[C\x1b[C").await;
        teacher.sees("t=2 of 0‥9").await;
        ana.sees("following │ t=2 of 0‥9").await;
        // A student who opens the picker explores: the presenter's moves leave them there.
        ana.press(b"o").await;
        ana.sees("exploring · f follows").await;
        teacher.press(b"\x1b[C").await;
        teacher.sees("t=3 of 0‥9").await;
        ana.sees("lstm-tui · choose a lesson").await;
        ana.press(b"f").await;
        ana.sees("following │ t=3 of 0‥9").await;
    });
}

#[test]
fn the_presenter_sees_a_roster_of_students_by_user_name() {
    let class = Class::new();
    let server = class.serve_with_presenter(&[]);
    runtime().block_on(async {
        let (port, fp) = (server.port, server.fingerprint.clone());
        let key = class.path("student");
        let teacher_ssh = login(port, &fp, &class.path("teacher"), "teacher").await;
        let mut teacher = sit(&teacher_ssh, 80, 24).await;
        let ana_ssh = login(port, &fp, &key, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        // A user name that would drive a terminal: shown escaped.
        let evil_ssh = login(port, &fp, &key, "\x1b[2Jevil\x07").await;
        let mut evil = sit(&evil_ssh, 80, 24).await;
        ana.sees("following").await;
        evil.sees("following").await;
        teacher
            .sees("presenting · 2 connected · 2 following · 0 exploring")
            .await;
        teacher.press(b"\x1b[C\x1b[C").await;
        ana.sees("t=2 of 0‥7").await;
        // Each follower is told the step on its own: evil explores from t=2 only once it is there,
        // where both are asked lesson3's first question. f explores from its panel, Esc skips
        // it, and stepping on alone asks the next one (at t=3), skipped too.
        evil.sees("t=2 of 0‥7").await;
        evil.sees("What shape does it hand up to lstm_1?").await;
        evil.press(b"f").await;
        evil.sees("exploring · f follows │ t=2 of 0‥7").await;
        evil.press(b"\x1b").await;
        evil.shows("question skipped: it is asked again when you step onto t=2")
            .await;
        evil.press(b"\x1b[C").await;
        evil.sees("exploring · f follows │ t=3 of 0‥7").await;
        evil.sees("Why more?").await;
        evil.press(b"\x1b").await;
        evil.shows("question skipped: it is asked again when you step onto t=3")
            .await;
        teacher.press(b"r").await;
        teacher.sees("Roster").await;
        teacher
            .sees("student                      lesson      timestep      answers")
            .await;
        teacher
            .sees("ana               following  lesson3     t=2 of 0‥7    ···")
            .await;
        teacher
            .sees("\\x1b[2Jevil\\x07   exploring  lesson3     t=3 of 0‥7    ···")
            .await;
        // At a question's step the presenter's header counts its answers first (at 80
        // columns, as much of the rest as fits).
        teacher
            .sees("Roster │ question 1/3: 0 of 2 answered, 0 right · 2 connected · 1 following")
            .await;
        // The roster follows the students live; the presenter's keys do not move the lesson.
        evil.press(b"\x1b[C\x1b[C").await;
        teacher.sees("exploring  lesson3     t=5 of 0‥7").await;
        teacher.press(b"\x1b[C").await;
        ana.press(b"\x1b").await;
        ana.sees("question skipped").await;
        ana.press(b"q").await;
        teacher
            .sees("question 1/3: 0 of 1 answered, 0 right · 1 connected · 0 following")
            .await;
        teacher.press(b"r").await;
        teacher.sees("t=2 of 0‥7 │").await;
        // The help lists the class's keys first, for the presenter and for a student.
        teacher.press(b"?").await;
        teacher.sees(" In this class").await;
        teacher.sees("the presenter: the roster of students").await;
        evil.press(b"?").await;
        evil.sees(" In this class").await;
        evil.sees("a student: explore alone / follow the presenter again").await;
    });
}

#[test]
fn with_the_class_code_the_same_name_goes_on_and_an_explorer_stays_exploring() {
    let class = Class::new();
    let server = class.serve_with_presenter(&["--class-code-file", "code"]);
    runtime().block_on(async {
        let (port, fp) = (server.port, server.fingerprint.clone());
        let teacher_ssh = login(port, &fp, &class.path("teacher"), "teacher").await;
        let mut teacher = sit(&teacher_ssh, 80, 24).await;
        teacher.press(b"\x1b[C").await;
        teacher.sees("t=1 of 0‥7").await;
        let ana_ssh = code(port, &fp, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        ana.sees("following │ t=1 of 0‥7").await;
        // Exploring, she is asked as in `run` when she steps onto t=2 and t=3; Esc skips.
        ana.press(b"f\x1b[C").await;
        ana.sees("What shape does it hand up to lstm_1?").await;
        ana.press(b"\x1b").await;
        ana.shows("question skipped: it is asked again when you step onto t=2")
            .await;
        ana.press(b"\x1b[C").await;
        ana.sees("Why more?").await;
        ana.press(b"\x1b").await;
        ana.shows("question skipped: it is asked again when you step onto t=3")
            .await;
        ana.press(b"\x1b[C\x1b[C").await;
        ana.sees("exploring · f follows │ t=5 of 0‥7").await;
        ana.press(b"q").await;
        ana.sees("Goodbye.").await;
        drop(ana_ssh);
        // Back with the code: still exploring, at her own step, not the presenter's.
        let ana_ssh = code(port, &fp, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        ana.sees("exploring · f follows │ t=5 of 0‥7").await;
        // The same name with a key is someone else: following, at the presenter's step.
        let key_ssh = login(port, &fp, &class.path("student"), "ana").await;
        let mut other = sit(&key_ssh, 80, 24).await;
        other.sees("following │ t=1 of 0‥7").await;
    });
}

/// Logged in with the class code as `user`.
async fn code(port: u16, fingerprint: &str, user: &str) -> russh::client::Handle<super::russh_client::Client> {
    let mut ssh = super::russh_client::connect_to(port, fingerprint).await;
    assert!(
        ssh.authenticate_password(user, "maple-42-birch")
            .await
            .unwrap()
            .success()
    );
    ssh
}
