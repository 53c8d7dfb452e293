//! `[[question]]` in a lesson file: a question asked at one step (and, optionally, about one
//! layer), answered by picking one of its choices or by typing a number within a tolerance, with
//! an explanation for every answer. Read here with an error at the line of every mistake; how an
//! answer is judged is here too, so the app and `check` agree.

use crate::error::{LessonMistake, Result};
use crate::model::spec::ModelSpec;
use crate::printable::needs_escape;

use super::doc::{Node, Table};
use super::{At, parse_at};

/// At most this many choices: each is picked by one number key, 1 to 9.
pub const MAX_CHOICES: usize = 9;

/// The longest `id`, in characters.
const MAX_ID: usize = 40;

/// A question the lesson asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// What the answers are kept under: `id`, or its number in the file counted from 1.
    pub id: String,
    /// The step it is asked at: a timestep or the last one.
    pub at: At,
    /// The layer it is about (focused when it is asked); `None` for the model as a whole.
    pub layer: Option<String>,
    pub text: String,
    pub form: Form,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// Pick one; exactly one is right.
    Choices(Vec<Choice>),
    /// Type a number; right within `tolerance` of `value`.
    Number {
        value: f64,
        tolerance: f64,
        /// Said after a right answer.
        right: String,
        /// Said after a wrong one.
        wrong: String,
    },
}

/// One choice of a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub text: String,
    pub right: bool,
    /// Said after this choice is picked.
    pub explanation: String,
}

/// What a student answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Given {
    /// The choice picked, counted from 0.
    Choice(usize),
    Number(f64),
}

impl Question {
    /// Whether `given` is the right answer.
    pub fn is_right(&self, given: Given) -> bool {
        match (&self.form, given) {
            (Form::Choices(choices), Given::Choice(k)) => choices.get(k).is_some_and(|c| c.right),
            (Form::Number { value, tolerance, .. }, Given::Number(x)) => (x - value).abs() <= *tolerance,
            _ => false,
        }
    }

    /// What to say after `given`.
    pub fn explanation(&self, given: Given) -> &str {
        match (&self.form, given) {
            (Form::Choices(choices), Given::Choice(k)) => choices.get(k).map_or("", |c| &c.explanation),
            (Form::Number { right, wrong, .. }, Given::Number(_)) => {
                if self.is_right(given) {
                    right
                } else {
                    wrong
                }
            }
            _ => "",
        }
    }

    /// The choices, if it has them.
    pub fn choices(&self) -> &[Choice] {
        match &self.form {
            Form::Choices(c) => c,
            Form::Number { .. } => &[],
        }
    }
}

/// Text shown to the student: not empty, no control or reordering characters (a newline only
/// where `lines` allows it).
fn words(n: &Node, what: &str, lines: bool) -> Result<String> {
    let text = n.as_str()?.trim();
    if text.is_empty() {
        return Err(n.error(LessonMistake::EmptyText { what: what.to_string() }));
    }
    if let Some(c) = text.chars().find(|&c| needs_escape(c) && !(lines && c == '\n')) {
        let mistake = LessonMistake::Unprintable {
            what: what.to_string(),
            c: (c != '\n').then_some(c),
        };
        return Err(n.error(mistake));
    }
    Ok(text.to_string())
}

/// One `[[question]]` table, the `number`-th in the file (from 1). Without a model (its
/// section had problems) what needs it (the step, the layer) goes unchecked.
pub(super) fn parse_question(t: &Table, number: usize, model: Option<&ModelSpec>) -> Result<Question> {
    const KEYS: &[&str] = &[
        "id",
        "at",
        "layer",
        "text",
        "choices",
        "number",
        "tolerance",
        "explanation",
    ];
    t.deny_unknown(KEYS, "a [[question]]")?;
    let id = match t.get("id") {
        None => number.to_string(),
        Some(n) => {
            let id = n.as_str()?;
            let fine = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if id.is_empty() || id.chars().count() > MAX_ID || !id.chars().all(fine) {
                let mistake = LessonMistake::QuestionId {
                    id: id.to_string(),
                    most: MAX_ID,
                };
                return Err(n.error(mistake));
            }
            id.to_string()
        }
    };
    let at_node = t.require("at", "the step it is asked at: a timestep or \"last\"")?;
    let at = parse_at(&at_node, model.and_then(|m| m.input.shape.fixed_timesteps()))?;
    if let At::Range(..) = at {
        return Err(at_node.error(LessonMistake::QuestionAtRange));
    }
    let layer = match t.get("layer") {
        None => None,
        Some(n) => {
            let name = n.as_str()?;
            if let Some(model) = model
                && !model.layers.iter().any(|l| l.name == name)
            {
                let mistake = LessonMistake::NoLayerNamed {
                    name: name.to_string(),
                    layers: model.layers.iter().map(|l| l.name.clone()).collect(),
                };
                return Err(n.error(mistake));
            }
            Some(name.to_string())
        }
    };
    let text = words(&t.require("text", "the question to ask")?, "text", true)?;
    let form = match (t.get("choices"), t.get("number")) {
        (Some(c), None) => {
            for key in ["tolerance", "explanation"] {
                if let Some(n) = t.get(key) {
                    return Err(n.error(LessonMistake::NumberKeyWithChoices { key }));
                }
            }
            Form::Choices(parse_choices(&c)?)
        }
        (None, Some(n)) => parse_number(t, &n)?,
        (Some(_), Some(n)) => {
            return Err(n.error(LessonMistake::ChoicesAndNumber));
        }
        (None, None) => {
            return Err(t.error(LessonMistake::NoAnswer));
        }
    };
    Ok(Question {
        id,
        at,
        layer,
        text,
        form,
    })
}

fn parse_choices(n: &Node) -> Result<Vec<Choice>> {
    let items = n.as_array()?;
    if !(2..=MAX_CHOICES).contains(&items.len()) {
        let mistake = LessonMistake::ChoiceCount {
            count: items.len(),
            most: MAX_CHOICES,
        };
        return Err(n.error(mistake));
    }
    let mut choices = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let c = item.as_table(&format!("question.choices[{k}]"))?;
        c.deny_unknown(&["text", "right", "explanation"], "a choice")?;
        let text = words(&c.require("text", "what the choice says")?, "a choice's text", false)?;
        let right = c.get("right").map(|r| r.as_bool()).transpose()?.unwrap_or(false);
        let explanation = words(
            &c.require("explanation", "what to say when it is picked")?,
            "an explanation",
            true,
        )?;
        choices.push(Choice {
            text,
            right,
            explanation,
        });
    }
    match choices.iter().filter(|c| c.right).count() {
        1 => Ok(choices),
        count => Err(n.error(LessonMistake::RightChoices { count })),
    }
}

fn parse_number(t: &Table, n: &Node) -> Result<Form> {
    let value = n.as_f64()?;
    if !value.is_finite() {
        let value = value.to_string();
        return Err(n.error(LessonMistake::NumberNotFinite { value }));
    }
    let tol_node = t.require(
        "tolerance",
        "how far from the number an answer may be and still be right",
    )?;
    let tolerance = tol_node.as_f64()?;
    if !(tolerance > 0.0 && tolerance.is_finite()) {
        let value = tolerance.to_string();
        return Err(tol_node.error(LessonMistake::Tolerance { value }));
    }
    let ex = t
        .require(
            "explanation",
            "{ right = \"...\", wrong = \"...\" }: what to say after each answer",
        )?
        .as_table("question.explanation")?;
    ex.deny_unknown(&["right", "wrong"], "a number question's explanation")?;
    let right = words(
        &ex.require("right", "what to say after a right answer")?,
        "explanation.right",
        true,
    )?;
    let wrong = words(
        &ex.require("wrong", "what to say after a wrong answer")?,
        "explanation.wrong",
        true,
    )?;
    Ok(Form::Number {
        value,
        tolerance,
        right,
        wrong,
    })
}

/// A typed number as a student writes it: `12416`, `12,416`, `0.5`, `-3`; `None` if it is not one.
/// A comma only ever separates thousands, so `0,5` is not a number.
pub fn read_number(typed: &str) -> Option<f64> {
    let typed = typed.trim();
    let (whole, rest) = typed.split_at(typed.find(['.', 'e', 'E']).unwrap_or(typed.len()));
    if rest.contains(',') {
        return None;
    }
    if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("").trim_start_matches(['-', '+']);
        if !(1..=3).contains(&first.len()) || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let plain: String = typed.chars().filter(|c| *c != ',').collect();
    plain.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Form, Given, read_number};
    use crate::lesson::{At, parse};

    /// An LSTM over 8 steps with `questions` appended; the first question's table starts on
    /// line 11.
    fn lesson_text(questions: &str) -> String {
        format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [8, 3]\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 4\n[input]\nrandom = {{ seed = 1 }}\n\n{questions}"
        )
    }

    fn problem(questions: &str) -> String {
        parse("t.toml", &lesson_text(questions), PathBuf::new())
            .expect_err("refused")
            .to_string()
    }

    const NUMBER: &str = "number = 2\ntolerance = 0.5\nexplanation = { right = \"r\", wrong = \"w\" }\n";
    const CHOICES: &str =
        "choices = [{ text = \"a\", explanation = \"x\" }, { text = \"b\", right = true, explanation = \"y\" }]\n";

    #[test]
    fn a_question_reads_with_its_choices_or_its_number() {
        let text = format!(
            "[[question]]\nat = 2\nlayer = \"lstm\"\ntext = \"which?\"\n{CHOICES}[[question]]\nid = \"n\"\nat = \"last\"\ntext = \"how many?\"\n{NUMBER}"
        );
        let l = parse("t.toml", &lesson_text(&text), PathBuf::new()).unwrap();
        let [c, n] = &l.questions[..] else {
            panic!("two questions")
        };
        assert_eq!(
            (c.id.as_str(), c.at, c.layer.as_deref()),
            ("1", At::Step(2), Some("lstm"))
        );
        assert_eq!((n.id.as_str(), n.at, n.layer.as_deref()), ("n", At::Last, None));
        assert!(matches!(&c.form, Form::Choices(choices) if choices.len() == 2 && choices[1].right));
        assert!(c.is_right(Given::Choice(1)) && !c.is_right(Given::Choice(0)));
        assert_eq!(c.explanation(Given::Choice(0)), "x");
        assert!(n.is_right(Given::Number(2.4)) && !n.is_right(Given::Number(2.6)));
        assert_eq!(
            (n.explanation(Given::Number(2.0)), n.explanation(Given::Number(7.0))),
            ("r", "w")
        );
        assert!(
            !n.is_right(Given::Choice(0)),
            "a choice is no answer to a number question"
        );
    }

    #[test]
    fn every_mistake_is_said_at_its_line() {
        let q = |rest: &str| format!("[[question]]\nat = 1\ntext = \"q\"\n{rest}");
        let cases = [
            (
                q(&format!("colour = 1\n{NUMBER}")),
                "t.toml:14:1: unknown key `colour` in a [[question]]",
            ),
            (
                format!("[[question]]\ntext = \"q\"\n{NUMBER}"),
                "t.toml:11:1: [question[0]] needs `at`",
            ),
            (
                format!("[[question]]\nat = \"2-4\"\ntext = \"q\"\n{NUMBER}"),
                "t.toml:12:6: a question is asked at one step",
            ),
            (
                format!("[[question]]\nat = 8\ntext = \"q\"\n{NUMBER}"),
                "t.toml:12:6: at 8 is past the last timestep",
            ),
            (
                format!("[[question]]\nat = 1\nlayer = \"gru\"\ntext = \"q\"\n{NUMBER}"),
                "t.toml:13:9: no layer is named \"gru\" (the layers are: lstm)",
            ),
            (q(""), "t.toml:11:1: a [[question]] needs choices"),
            (
                q(&format!("{CHOICES}number = 1\n")),
                "t.toml:15:10: a question has either choices or a number",
            ),
            (
                q(&format!("{CHOICES}tolerance = 1\n")),
                "t.toml:15:13: `tolerance` belongs to a question answered with a number",
            ),
            (
                q("choices = [{ text = \"a\", right = true, explanation = \"x\" }]\n"),
                "t.toml:14:11: choices must list 2 to 9 choices",
            ),
            (
                q(&format!(
                    "choices = [{}]\n",
                    ["{ text = \"a\", explanation = \"x\" }"; 10].join(", ")
                )),
                "t.toml:14:11: choices must list 2 to 9 choices (one number key each), got 10",
            ),
            (
                q("choices = [{ text = \"a\", explanation = \"x\" }, { text = \"b\", explanation = \"y\" }]\n"),
                "t.toml:14:11: no choice is right",
            ),
            (
                q(
                    "choices = [{ text = \"a\", right = true, explanation = \"x\" }, { text = \"b\", right = true, explanation = \"y\" }]\n",
                ),
                "t.toml:14:11: 2 choices are right",
            ),
            (
                q("choices = [{ text = \"a\", right = true }, { text = \"b\", explanation = \"y\" }]\n"),
                "needs `explanation`",
            ),
            (
                q(
                    "choices = [{ text = \"a\\nb\", right = true, explanation = \"x\" }, { text = \"b\", explanation = \"y\" }]\n",
                ),
                "t.toml:14:21: a choice's text holds a line break",
            ),
            (
                q(
                    "[[question.choices]]\ntext = \"b\"\nexplanation = \"y\"\n[[question.choices]]\ntext = \"a\"\nright = \"yes\"\nexplanation = \"x\"\n",
                ),
                "t.toml:19:9: right must be true or false",
            ),
            (
                q("number = 1\ntolerance = -1\nexplanation = { right = \"r\", wrong = \"w\" }\n"),
                "t.toml:15:13: tolerance must be a positive, finite number",
            ),
            (
                q("number = 1\ntolerance = inf\nexplanation = { right = \"r\", wrong = \"w\" }\n"),
                "t.toml:15:13: tolerance must be a positive, finite number (0.5 for a whole number), got inf",
            ),
            (
                q("number = nan\ntolerance = 1\nexplanation = { right = \"r\", wrong = \"w\" }\n"),
                "t.toml:14:10: number must be finite, got NaN",
            ),
            (
                q("number = 1\nexplanation = { right = \"r\", wrong = \"w\" }\n"),
                "needs `tolerance`",
            ),
            (
                q("number = 1\ntolerance = 1\nexplanation = { right = \"r\" }\n"),
                "needs `wrong`",
            ),
            (
                format!("[[question]]\nat = 1\ntext = \"q\\u001b[2J\"\n{NUMBER}"),
                "t.toml:13:8: text holds the character U+001B, which is not printable",
            ),
            (
                format!("[[question]]\nat = 1\ntext = \"  \"\n{NUMBER}"),
                "t.toml:13:8: text is empty",
            ),
            (
                format!("[[question]]\nid = \"a b\"\nat = 1\ntext = \"q\"\n{NUMBER}"),
                "t.toml:12:6: id must be 1 to 40 letters, digits, - or _, got \"a b\"",
            ),
            (
                format!(
                    "[[question]]\nid = \"q\"\nat = 1\ntext = \"q\"\n{NUMBER}[[question]]\nid = \"q\"\nat = 2\ntext = \"r\"\n{NUMBER}"
                ),
                "t.toml:19:6: two questions have the id \"q\"",
            ),
        ];
        for (text, wanted) in cases {
            let got = problem(&text);
            assert!(got.contains(wanted), "wanted {wanted}\n   got {got}");
        }
    }

    #[test]
    fn a_typed_number_groups_thousands_with_commas_only() {
        let read = ["12416", "12,416", "-1,000.5", "0.5", " 3 ", "1e3"].map(read_number);
        assert_eq!(
            read,
            [
                Some(12416.0),
                Some(12416.0),
                Some(-1000.5),
                Some(0.5),
                Some(3.0),
                Some(1000.0)
            ]
        );
        for bad in [
            "0,5", "1,2", "12,41,6", ",123", "1.000,5", "", "-", "inf", "NaN", "1..2",
        ] {
            assert_eq!(read_number(bad), None, "{bad}");
        }
    }
}
