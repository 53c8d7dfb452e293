//! A lesson's questions in a class, driven by russh's client: followers are asked at the
//! presenter's step in their own seat, the presenter is not and counts the answers in the
//! header, the roster shows each student's answers, and a panel never holds a follower back.

use super::Class;
use super::russh_client::{login, runtime, sit};

#[test]
fn followers_answer_at_the_presenters_step_and_the_presenter_counts_the_answers() {
    let class = Class::new();
    let server = class.serve_with_presenter(&[]);
    runtime().block_on(async {
        let (port, fp) = (server.port, server.fingerprint.clone());
        let key = class.path("student");
        let teacher_ssh = login(port, &fp, &class.path("teacher"), "teacher").await;
        let mut teacher = sit(&teacher_ssh, 80, 24).await;
        let ana_ssh = login(port, &fp, &key, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        // Ana is seated first, so the roster lists her first.
        ana.shows("following").await;
        let ben_ssh = login(port, &fp, &key, "ben").await;
        let mut ben = sit(&ben_ssh, 80, 24).await;
        ben.shows("following").await;
        teacher
            .shows("presenting · 2 connected · 2 following · 0 exploring")
            .await;
        // lesson3's first question is at t=2: the followers are asked, the presenter is not,
        // and at 80 columns the presenter's header keeps the count and the timestep.
        teacher.press(b"\x1b[C\x1b[C").await;
        teacher
            .shows("question 1/3: 0 of 2 answered, 0 right · 2 connected │ t=2 of 0‥7")
            .await;
        ana.shows("What shape does it hand up to lstm_1?").await;
        ben.shows("What shape does it hand up to lstm_1?").await;
        ana.press(b"2").await;
        ana.shows("your answer: right").await;
        insta::assert_snapshot!("follower_answered_at_the_presenters_step_80x24", ana.frame());
        teacher.shows("question 1/3: 1 of 2 answered, 1 right").await;
        ben.press(b"1").await;
        ben.shows("your answer: wrong").await;
        teacher.shows("question 1/3: 2 of 2 answered, 1 right").await;
        teacher.press(b"r").await;
        teacher
            .shows("ana               following  lesson3     t=2 of 0‥7    ✓··")
            .await;
        teacher
            .shows("ben               following  lesson3     t=2 of 0‥7    ✗··")
            .await;
        insta::assert_snapshot!("roster_with_answers_80x24", teacher.frame());
        teacher.press(b"r").await;
        // On to t=3: the panels move on with the presenter, answered or not.
        teacher.press(b"\x1b[C").await;
        teacher.shows("question 2/3: 0 of 2 answered, 0 right").await;
        ana.shows("Why more?").await;
        ben.shows("Why more?").await;
        // Back to t=2: the open panels close and the answered question is not asked again.
        teacher.press(b"\x1b[D").await;
        teacher.shows("question 1/3: 2 of 2 answered, 1 right").await;
        ana.shows("following │ t=2 of 0‥7").await;
        ana.lacks("Question").await;
        ben.shows("following │ t=2 of 0‥7").await;
        ben.lacks("Question").await;
        // Forward again: the unanswered question is asked again. f explores from inside its
        // panel (f is no answer); Esc skips it, and the explorer steps on alone.
        teacher.press(b"\x1b[C").await;
        ben.shows("following │ t=3 of 0‥7").await;
        ben.shows("Why more?").await;
        ben.press(b"f").await;
        ben.shows("exploring · f follows").await;
        ben.shows("Why more?").await;
        ben.press(b"\x1b").await;
        ben.shows("question skipped").await;
        ben.press(b"\x1b[C").await;
        ben.shows("exploring · f follows │ t=4 of 0‥7").await;
        ana.shows("Why more?").await;
        ana.press(b"1").await;
        teacher.shows("question 2/3: 1 of 2 answered, 1 right").await;
        // The presenter leaves the question's step: the header counts the class again.
        teacher.press(b"\x1b[C").await;
        teacher
            .shows("presenting · 2 connected · 1 following · 1 exploring │ t=4 of 0‥7")
            .await;
        ana.shows("following │ t=4 of 0‥7").await;
        ana.lacks("Question").await;
        teacher.press(b"r").await;
        teacher
            .shows("ana               following  lesson3     t=4 of 0‥7    ✓✓·")
            .await;
        teacher
            .shows("ben               exploring  lesson3     t=4 of 0‥7    ✗··")
            .await;
    });
}

#[test]
fn a_student_who_comes_back_keeps_her_answers_and_is_not_asked_again() {
    let class = Class::new();
    let server = class.serve_with_presenter(&[]);
    runtime().block_on(async {
        let (port, fp) = (server.port, server.fingerprint.clone());
        let key = class.path("student");
        let teacher_ssh = login(port, &fp, &class.path("teacher"), "teacher").await;
        let mut teacher = sit(&teacher_ssh, 100, 30).await;
        teacher.press(b"\x1b[C\x1b[C").await;
        teacher.shows("t=2 of 0‥7").await;
        let ana_ssh = login(port, &fp, &key, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        // A late joiner is asked the question where the presenter is.
        ana.shows("What shape does it hand up to lstm_1?").await;
        ana.press(b"2").await;
        ana.shows("your answer: right").await;
        ana.press(b"\rq").await;
        ana.sees("Goodbye.").await;
        drop(ana_ssh);
        teacher
            .shows("question 1/3: 0 of 0 answered, 0 right · 0 connected")
            .await;
        // Back with the same key: at the presenter's step, her answer kept, not asked again.
        let ana_ssh = login(port, &fp, &key, "ana").await;
        let mut ana = sit(&ana_ssh, 80, 24).await;
        ana.shows("following │ t=2 of 0‥7").await;
        ana.lacks("Question").await;
        teacher
            .shows("question 1/3: 1 of 1 answered, 1 right · 1 connected · 1 following")
            .await;
        teacher.press(b"r").await;
        teacher
            .shows("ana               following  lesson3     t=2 of 0‥7    ✓··")
            .await;
    });
}
