//! What each `:` command of the command table ([`crate::keys::COMMANDS`]) does to the debugger.
//! A mistyped command reopens the line, empty, and says what was expected.

use super::breakpoint::{self, Breakpoint};
use super::mistake::Mistake;
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
            Err(mistake) => self.refuse(&mistake),
        }
    }

    /// Reopen the command line, empty for the next try, and say what was wrong with the line.
    pub fn refuse(&mut self, mistake: &Mistake) {
        self.mode = Mode::Prompt(String::new());
        self.message = Some(Message {
            text: mistake.to_string(),
            error: true,
        });
    }

    fn command(&mut self, typed: &str) -> Result<Option<String>, Mistake> {
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
            return Err(Mistake::UnknownCommand { word: word.to_string() });
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
                let n: usize = arg.parse().map_err(|_| Mistake::DeleteWhat {
                    count: self.breakpoints.len(),
                })?;
                if n == 0 || n > self.breakpoints.len() {
                    return Err(match self.breakpoints.len() {
                        0 => Mistake::NothingToDelete,
                        count => Mistake::NoBreakpoint { n, count },
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
                let q = Quantity::from_letter(arg).ok_or_else(|| Mistake::TimelineWhat { found: arg.to_string() })?;
                self.cursor.timeline = q;
                Ok(Some(format!("the timeline shows {} ({})", q.letter(), q.title())))
            }
            Command::Unit => {
                let units = self.cell().map_or(0, |c| c.units());
                let n: usize = arg.parse().ok().filter(|n| *n < units).ok_or(Mistake::UnitWhat {
                    last: units.saturating_sub(1),
                })?;
                self.cursor.unit = n;
                Ok(None)
            }
            Command::Layer => {
                let layer = breakpoint::parse_layer(arg, self.layers())?;
                self.focus_layer(layer);
                Ok(None)
            }
            Command::Speed => {
                let speed_what = || Mistake::SpeedWhat { found: arg.to_string() };
                let n: u32 = arg.parse().map_err(|_| speed_what())?;
                let k = SPEEDS.iter().position(|s| *s == n).ok_or_else(speed_what)?;
                self.speed = k;
                Ok(Some(format!("{n} steps per second")))
            }
            Command::Sort => self.sort_command(arg).map(Some),
            Command::Theme => {
                self.request = Some(Request::Theme(arg.to_string()));
                Ok(None)
            }
            Command::Warnings => {
                if self.next_warning() {
                    Ok(None)
                } else {
                    Ok(Some("the load gave no warnings".to_string()))
                }
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

    fn goto_command(&mut self, arg: &str) -> Result<String, Mistake> {
        let last = self.steps.saturating_sub(1);
        let t: usize = arg.parse().map_err(|_| Mistake::GotoWhat {
            last,
            found: arg.to_string(),
        })?;
        if t > last {
            return Err(Mistake::PastEnd { t, last });
        }
        self.goto(t);
        Ok(format!("t={t}"))
    }
}
