//! `[[question]]` in a lesson file: a question asked at one step (and, optionally, about one
//! layer), answered by picking one of its choices or by typing a number within a tolerance, with
//! an explanation for every answer. Read here with an error at the line of every mistake; how an
//! answer is judged is here too, so the app and `check` agree.

use crate::error::Result;
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
        return Err(n.error(format!("{what} is empty")));
    }
    if let Some(c) = text.chars().find(|&c| needs_escape(c) && !(lines && c == '\n')) {
        let why = if c == '\n' {
            "a line break (write it on one line)".to_string()
        } else {
            format!("the character U+{:04X}, which is not printable", c as u32)
        };
        return Err(n.error(format!("{what} holds {why}")));
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
                return Err(n.error(format!(
                    "id must be 1 to {MAX_ID} letters, digits, - or _, got \"{}\"",
                    crate::printable::printable(id)
                )));
            }
            id.to_string()
        }
    };
    let at_node = t.require("at", "the step it is asked at: a timestep or \"last\"")?;
    let at = parse_at(&at_node, model.and_then(|m| m.input.shape.fixed_timesteps()))?;
    if let At::Range(..) = at {
        return Err(at_node.error("a question is asked at one step: at = 3 or at = \"last\", not a range"));
    }
    let layer = match t.get("layer") {
        None => None,
        Some(n) => {
            let name = n.as_str()?;
            if let Some(model) = model
                && !model.layers.iter().any(|l| l.name == name)
            {
                let names: Vec<&str> = model.layers.iter().map(|l| l.name.as_str()).collect();
                return Err(n.error(format!(
                    "no layer is named \"{}\" (the layers are: {})",
                    crate::printable::printable(name),
                    names.join(", ")
                )));
            }
            Some(name.to_string())
        }
    };
    let text = words(&t.require("text", "the question to ask")?, "text", true)?;
    let form = match (t.get("choices"), t.get("number")) {
        (Some(c), None) => {
            for key in ["tolerance", "explanation"] {
                if let Some(n) = t.get(key) {
                    return Err(n.error(format!(
                        "`{key}` belongs to a question answered with a number; with choices, each choice has its own explanation"
                    )));
                }
            }
            Form::Choices(parse_choices(&c)?)
        }
        (None, Some(n)) => parse_number(t, &n)?,
        (Some(_), Some(n)) => {
            return Err(n.error("a question has either choices or a number, not both"));
        }
        (None, None) => {
            return Err(t.error(
                "a [[question]] needs choices (one of them with right = true) or a number with a tolerance",
            ));
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
        return Err(n.error(format!(
            "choices must list 2 to {MAX_CHOICES} choices (one number key each), got {}",
            items.len()
        )));
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
        0 => Err(n.error("no choice is right: give exactly one choice right = true")),
        many => Err(n.error(format!(
            "{many} choices are right: give exactly one choice right = true"
        ))),
    }
}

fn parse_number(t: &Table, n: &Node) -> Result<Form> {
    let value = n.as_f64()?;
    if !value.is_finite() {
        return Err(n.error(format!("number must be finite, got {value}")));
    }
    let tol_node = t.require("tolerance", "how far from the number an answer may be and still be right")?;
    let tolerance = tol_node.as_f64()?;
    if !(tolerance > 0.0 && tolerance.is_finite()) {
        return Err(tol_node.error(format!(
            "tolerance must be a positive, finite number (0.5 for a whole number), got {tolerance}"
        )));
    }
    let ex = t
        .require("explanation", "{ right = \"...\", wrong = \"...\" }: what to say after each answer")?
        .as_table("question.explanation")?;
    ex.deny_unknown(&["right", "wrong"], "a number question's explanation")?;
    let right = words(&ex.require("right", "what to say after a right answer")?, "explanation.right", true)?;
    let wrong = words(&ex.require("wrong", "what to say after a wrong answer")?, "explanation.wrong", true)?;
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
