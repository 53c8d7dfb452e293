//! The question panel: a lesson's question over the bottom of the screen (the unit pane and the
//! lesson pane, rising over the timeline when it needs the rows), with its choices or the number
//! typed so far, and after an answer whether it was right and the explanation. Right and wrong
//! are said in words, so mono and `--ascii` screens say them too.
//!
//! ```text
//!  Question 1/2 · lstm · t=9                       (a bar)
//!  What shape does lstm pass on?
//!   1  (None, 32)
//!   2  (None, 8, 32)       your answer: right
//!  Every step's h: return_sequences = true.
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Panes;
use super::text::{fit, put, wrap};
use super::view::View;
use crate::app::quiz::Answer;
use crate::keys::{Action, QUESTION_BINDINGS, binding_in};
use crate::lesson::Question;
use crate::lesson::question::{Form, Given};

/// Where the panel goes: the band of the unit and lesson panes (or, on a wide screen, the
/// information pane), grown upwards to `need` rows, at most to half the body and two rows more.
pub fn area(panes: &Panes, need: u16) -> Rect {
    let band = band(panes);
    let body = panes.body;
    let most = (body.height / 2 + 2).max(band.height);
    let height = need.clamp(band.height, most);
    let y = band.bottom().saturating_sub(height).max(body.y);
    Rect::new(band.x, y, band.width, band.bottom() - y)
}

/// The unit and lesson panes side by side, or the information pane below the unit pane.
fn band(panes: &Panes) -> Rect {
    let (inspector, info) = (panes.inspector, panes.info);
    if inspector.y == info.y {
        Rect::new(inspector.x, inspector.y, info.right() - inspector.x, inspector.height)
    } else {
        info
    }
}

/// One line of the panel and how it is drawn.
type Line = (String, Style);

/// The panel's lines for `width` columns: the question, its choices or the typed number, then
/// the explanation after an answer. What the keys do is in the footer, below.
pub fn lines(view: &View, width: u16) -> Vec<Line> {
    let Some((k, q, typed, answer)) = view.app.question() else {
        return vec![];
    };
    let theme = &view.look.theme;
    let w = usize::from(width.saturating_sub(2));
    let count = view.app.session.lesson.questions.len();
    let mut out: Vec<Line> = Vec::new();
    let mut title = format!("Question {}/{count}", k + 1);
    if let Some(layer) = &q.layer {
        title.push_str(&format!(" {} {layer}", view.look.glyphs.dot));
    }
    title.push_str(&format!(" {} t={}", view.look.glyphs.dot, view.app.cursor.t));
    if let Some(a) = answer {
        title.push_str(&format!(" {} {}", view.look.glyphs.dot, verdict(a)));
    }
    out.push((title, theme.bar()));
    out.extend(wrap(&q.text, w).into_iter().map(|l| (l, theme.title())));
    match &q.form {
        Form::Choices(choices) => {
            let text_w = choices.iter().map(|c| c.text.chars().count()).max().unwrap_or(0);
            for (n, c) in choices.iter().enumerate() {
                let picked = answer.is_some_and(|a| a.given == Given::Choice(n));
                let note = match answer {
                    Some(a) if picked => format!("your answer: {}", verdict(a)),
                    Some(_) if c.right => "the right answer".to_string(),
                    _ => String::new(),
                };
                let line = format!(" {}  {:<text_w$}  {note}", n + 1, c.text);
                let style = match answer {
                    Some(a) if picked && !a.right => theme.error(),
                    Some(_) if c.right => theme.key(),
                    _ => theme.base(),
                };
                out.push((line.trim_end().to_string(), style));
            }
        }
        Form::Number { value, .. } => match answer {
            None => out.push((format!(" your answer: {typed}{}", view.look.glyphs.bar), theme.base())),
            Some(a) => {
                let Given::Number(x) = a.given else {
                    unreachable!("a number question takes a number")
                };
                let line = match a.right {
                    true => format!(" your answer: {}, right", number(x)),
                    false => format!(" your answer: {}, wrong: it is {}", number(x), number(*value)),
                };
                let style = if a.right { theme.key() } else { theme.error() };
                out.push((line, style));
            }
        },
    }
    if let Some(a) = answer {
        out.extend(wrap(q.explanation(a.given), w).into_iter().map(|l| (l, theme.base())));
    }
    out
}

/// A number as the lessons write it: whole numbers from 1,000 up with their thousands apart.
fn number(x: f64) -> String {
    if x.fract() != 0.0 || x.abs() < 1000.0 || x.abs() >= 1e15 {
        return x.to_string();
    }
    let digits = (x.abs() as u64).to_string();
    let mut out = String::from(if x < 0.0 { "-" } else { "" });
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn verdict(a: Answer) -> &'static str {
    if a.right { "right" } else { "wrong" }
}

/// What the keys do now, from the key table: the panel's last line and the footer's hints.
pub fn keys_line(q: &Question, answer: Option<Answer>, dot: &str) -> String {
    let [enter, esc] = [Action::Answer, Action::SkipQuestion].map(|a| binding_in(QUESTION_BINDINGS, a));
    let (answers, skips) = (
        format!("{} {}", enter.keys(0, ""), enter.hint()),
        format!("{} {}", esc.keys(0, ""), esc.hint()),
    );
    match (answer, &q.form) {
        (Some(_), _) => format!("{} or {} go on", enter.keys(0, ""), esc.keys(0, "")),
        (None, Form::Choices(c)) => format!("press 1 to {} to answer {dot} {skips}", c.len()),
        (None, Form::Number { .. }) => format!("type a number, {answers} {dot} {skips}"),
    }
}

pub fn render(view: &View, panes: &Panes, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let mut lines = lines(view, band(panes).width);
    let area = area(panes, lines.len() as u16);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_char(' ').set_style(theme.base());
        }
    }
    let room = usize::from(area.height);
    if lines.len() > room && room > 0 {
        // The explanation's end gives way, said with an ellipsis.
        lines.truncate(room);
        if let Some((last, _)) = lines.last_mut() {
            *last = format!(
                "{} {}",
                fit(last, usize::from(area.width).saturating_sub(6), ""),
                g.ellipsis
            );
        }
    }
    for (k, (line, style)) in lines.iter().enumerate().take(room) {
        let y = area.y + k as u16;
        if k == 0 {
            for x in area.left()..area.right() {
                buf[(x, y)].set_char(' ').set_style(*style);
            }
        }
        put(buf, area.x + 1, y, line, *style, area.right().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_numbers_have_their_thousands_apart() {
        let shown: Vec<String> = [12416.0, 320000.0, -1000.0, 999.0, 0.5, 1234.5]
            .map(super::number)
            .into();
        assert_eq!(shown, ["12,416", "320,000", "-1,000", "999", "0.5", "1234.5"]);
    }
}
