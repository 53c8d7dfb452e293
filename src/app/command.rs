//! What each `:` command of the command table ([`crate::keys::COMMANDS`]) does to the debugger.
//! A mistyped command reopens the line with its text and says what was expected.

use super::breakpoint::{self, Breakpoint};
use super::{App, Message, Mode, Request, SPEEDS};
use crate::keys::{self, Command};
use crate::model::cell::Quantity;

impl App {
    /// Run one command line (without the leading `:`).
    pub fn execute(&mut self, line: &str) {
        match self.command(line) {
            Ok(Some(text)) => {
                self.message = Some(Message { text, error: false });
            }
            Ok(None) => {}
            Err(text) => self.refuse(line, text),
        }
    }

    /// Reopen the command line with `line` and say what was wrong with it.
    pub fn refuse(&mut self, line: &str, text: String) {
        self.mode = Mode::Prompt(line.to_string());
        self.message = Some(Message { text, error: true });
    }

    fn command(&mut self, typed: &str) -> Result<Option<String>, String> {
        let line = typed.trim();
        let (word, arg) = match line.split_once(char::is_whitespace) {
            Some((w, a)) => (w, a.trim()),
            None => (line, ""),
        };
        if word.is_empty() {
            return Ok(None);
        }
        if word.chars().all(|c| c.is_ascii_digit()) && arg.is_empty() {
            return self.goto_command(word).map(Some);
        }
        let Some(command) = keys::command_named(word) else {
            return Err(format!(
                "unknown command \"{word}\": the commands are {}",
                keys::command_names()
            ));
        };
        match command {
            Command::Goto => self.goto_command(arg).map(Some),
            Command::Break => {
                let b = if arg.is_empty() {
                    Breakpoint::At(self.cursor.t)
                } else {
                    breakpoint::parse(arg, self.scope())?
                };
                if self.breakpoints.contains(&b) {
                    return Ok(Some(format!("already set: {}", b.describe(self.layers()))));
                }
                let hits: Vec<usize> = (0..self.steps).filter(|&t| b.hits(self.layers(), t)).collect();
                let text = format!(
                    "breakpoint {}: {} ({})",
                    self.breakpoints.len() + 1,
                    b.describe(self.layers()),
                    match hits.as_slice() {
                        [] => "never holds".to_string(),
                        [t] => format!("holds at t={t}"),
                        [t, ..] => format!("{} hits, first t={t}", hits.len()),
                    }
                );
                self.breakpoints.push(b);
                Ok(Some(text))
            }
            Command::Delete => {
                let n: usize = arg
                    .parse()
                    .map_err(|_| format!("delete takes a breakpoint number, 1 to {}", self.breakpoints.len()))?;
                if n == 0 || n > self.breakpoints.len() {
                    return Err(match self.breakpoints.len() {
                        0 => "there are no breakpoints to delete".to_string(),
                        k => format!("there is no breakpoint {n}: they are numbered 1 to {k} (:list)"),
                    });
                }
                let b = self.breakpoints.remove(n - 1);
                Ok(Some(format!("deleted {}", b.describe(self.layers()))))
            }
            Command::Clear => {
                let n = self.breakpoints.len();
                self.breakpoints.clear();
                Ok(Some(format!("{n} breakpoint{} removed", if n == 1 { "" } else { "s" })))
            }
            Command::List => Ok(Some(if self.breakpoints.is_empty() {
                "no breakpoints".to_string()
            } else {
                self.breakpoints
                    .iter()
                    .enumerate()
                    .map(|(k, b)| format!("{}: {}", k + 1, b.describe(self.layers())))
                    .collect::<Vec<_>>()
                    .join("   ")
            })),
            Command::Timeline => {
                let q = Quantity::from_letter(arg)
                    .ok_or_else(|| format!("timeline takes one of f, i, g, o, c, h, got \"{arg}\""))?;
                self.cursor.timeline = q;
                Ok(Some(format!("the timeline shows {} ({})", q.letter(), q.title())))
            }
            Command::Unit => {
                let units = self.cell().map_or(0, |c| c.units());
                let n: usize = arg
                    .parse()
                    .ok()
                    .filter(|n| *n < units)
                    .ok_or_else(|| format!("unit takes a number from 0 to {}", units.saturating_sub(1)))?;
                self.cursor.unit = n;
                Ok(None)
            }
            Command::Layer => {
                let layer = breakpoint::parse_layer(arg, self.layers())?;
                self.focus_layer(layer);
                Ok(None)
            }
            Command::Speed => {
                let n: u32 = arg.parse().map_err(|_| speed_error(arg))?;
                let k = SPEEDS.iter().position(|s| *s == n).ok_or_else(|| speed_error(arg))?;
                self.speed = k;
                Ok(Some(format!("{n} steps per second")))
            }
            Command::Theme => {
                self.request = Some(Request::Theme {
                    name: arg.to_string(),
                    line: typed.to_string(),
                });
                Ok(None)
            }
            Command::Help => {
                self.mode = Mode::Help { scroll: 0 };
                Ok(None)
            }
            Command::Quit => {
                self.quit = true;
                Ok(None)
            }
        }
    }

    fn goto_command(&mut self, arg: &str) -> Result<String, String> {
        let last = self.steps.saturating_sub(1);
        let t: usize = arg
            .parse()
            .map_err(|_| format!("goto takes a timestep from 0 to {last}, got \"{arg}\""))?;
        if t > last {
            return Err(format!("t={t} is past the end: timesteps run from 0 to {last}"));
        }
        self.goto(t);
        Ok(format!("t={t}"))
    }
}

fn speed_error(arg: &str) -> String {
    format!(
        "speed takes one of {} (steps per second), got \"{arg}\"",
        SPEEDS.map(|s| s.to_string()).join(", ")
    )
}
