//! The command-line definition (clap).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ui::DisplayOptions;

/// lstm-tui: step through a Keras LSTM one timestep at a time, every gate on screen.
#[derive(Debug, Parser)]
#[command(name = "lstm-tui", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the input and weights come from, when not from the lesson.
#[derive(Debug, Clone, Args, Default)]
#[command(group = clap::ArgGroup::new("given_input").args(["input", "tokens", "text", "random_input"]))]
pub struct InputArgs {
    /// An .npy input: (T, D) floats, (T,) token ids, or a batch (B, T, D) / (B, T).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Token ids, separated by spaces or commas: --tokens "12 5 981".
    #[arg(long, value_name = "IDS", value_parser = parse_tokens)]
    pub tokens: Option<TokenIds>,
    /// A text, turned into token ids with --vocab as Keras's TextVectorization does by default.
    #[arg(long, value_name = "TEXT", requires = "vocab")]
    pub text: Option<String>,
    /// A vocabulary, one token a line as TextVectorization.get_vocabulary() gives it (line 1 empty,
    /// line 2 [UNK]); also shows the words of token inputs on screen.
    #[arg(long, value_name = "FILE")]
    pub vocab: Option<PathBuf>,
    /// Pre-pad token ids with zeros (or cut from the front) to N, as Keras's pad_sequences does.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub pad: Option<usize>,
    /// A random input of the model's shape (uniform 0 to 1, or token ids from 1 up to the vocabulary size).
    #[arg(long)]
    pub random_input: bool,
    /// The seed for --random-input.
    #[arg(long, value_name = "N", requires = "random_input")]
    pub seed: Option<u64>,
    /// Weights: .npz (keys <layer>.kernel, ...), .keras, .h5 / .weights.h5, or .safetensors for a PyTorch lesson.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Which sample of a batch input to use (from 0).
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
}

/// The ids of one `--tokens` value. A type of its own, so that clap takes the whole list as one
/// value (an `Option<Vec<_>>` field would mean the option is repeated, one id each time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenIds(pub Vec<usize>);

/// What is wrong with an option's value, as clap shows it after the option's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// A `--tokens` entry that is not a whole number.
    NotTokenId(String),
    /// A `--tokens` value with no ids in it.
    NoTokenIds,
    /// A time that is not a whole number and a unit.
    NotATime(String),
    /// A time of zero.
    ZeroTime(String),
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueError::NotTokenId(t) => write!(f, "\"{t}\" is not a token id (a whole number from 0)"),
            ValueError::NoTokenIds => f.write_str("no token ids given"),
            ValueError::NotATime(s) => write!(f, "\"{s}\" is not a time: a whole number and s, m or h, e.g. 30m"),
            ValueError::ZeroTime(s) => write!(f, "\"{s}\": the time must be more than zero"),
        }
    }
}

impl std::error::Error for ValueError {}

/// `"12 5 981"` or `"12,5,981"` → token ids.
fn parse_tokens(s: &str) -> Result<TokenIds, ValueError> {
    let ids = s
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<usize>().map_err(|_| ValueError::NotTokenId(t.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Err(ValueError::NoTokenIds);
    }
    Ok(TokenIds(ids))
}

/// `summary --style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryStyle {
    Keras3,
    Keras2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in lessons, in order, with the student's progress in each (kept in
    /// $XDG_STATE_HOME/lstm-tui/, else ~/.local/state/lstm-tui/).
    List,
    /// Forget the progress in one built-in lesson, or in all of them.
    Reset {
        /// A built-in lesson id (lesson1 ... lesson9); every lesson when not given.
        lesson: Option<String>,
    },
    /// Print the model summary as Keras 3 prints it (or tf.keras 2, with --style keras2).
    Summary {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        /// Also show how each parameter count arises.
        #[arg(long)]
        explain: bool,
        /// Whose layout: Keras 3's box table, or tf.keras 2's classic one.
        #[arg(long, value_enum, default_value = "keras3")]
        style: SummaryStyle,
        /// Lay the Keras 3 table out for a terminal this wide, as Keras does (a table of
        /// min(88, N - 4) columns). Default: the terminal's width, or 80 when not a terminal.
        /// Under 24 the table is drawn for 24, with ASCII rules.
        #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000))]
        width: Option<usize>,
        /// ASCII rules (+, -, |) instead of box characters, as Keras draws them on a console
        /// that cannot show them.
        #[arg(long)]
        ascii: bool,
    },
    /// Run the model once and write every gate of every cell at every timestep.
    ///
    /// JSON: {"source", "input", "layers": [{"name", "class_name", "output_shape", "params",
    /// "output", "cells": [{"direction", "steps": [{"t", "x", "i", "f", "g", "o", "c", "h"}]}]}],
    /// "output"}. CSV: one row per layer, direction, step and unit:
    /// layer,direction,step,t,unit,i,f,g,o,c,h.
    Trace {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value = "json")]
        format: TraceFormat,
        /// Write to FILE, a regular file, instead of standard output (- is standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check a lesson (and its weights and input): prints "ok" or the problem found.
    Check {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5).
        source: String,
    },
    /// Time the full recorded run (or, with --render, one step of the screen).
    Bench {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        #[command(flatten)]
        input: InputArgs,
        /// How many runs to take the median of (1 to 1000000).
        #[arg(long, default_value_t = 20, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
        repeat: usize,
        /// 1 runs every layer on one core; more lets large stacked LSTM layers run side by side.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Time a step of the debugger screen instead: key handled, frame drawn and diffed.
        #[arg(long)]
        render: bool,
        /// Screen size for --render, COLSxROWS.
        #[arg(long, default_value = "120x40", value_name = "COLSxROWS")]
        size: String,
    },
    /// Step through a lesson in the terminal; without a SOURCE, go on with the course where the
    /// student left off. A built-in lesson's progress is kept on quitting (see `list`).
    #[command(after_long_help = crate::keys::help_text())]
    Run {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5)
        /// [default: the lesson in progress, at its timestep, or the first not done].
        source: Option<String>,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        display: DisplayOptions,
    },
    /// Print the screen after replaying keys, without a terminal (for handouts, docs and tests).
    #[command(after_long_help = crate::keys::help_text())]
    Frame {
        /// A built-in lesson id (lesson1 ... lesson9), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        #[command(flatten)]
        input: InputArgs,
        /// Screen size, COLSxROWS.
        #[arg(long, default_value = "120x40", value_name = "COLSxROWS")]
        size: String,
        /// Keys to replay first, separated by spaces (names as in the help screen, e.g. "Right Right l";
        /// --help lists them all).
        #[arg(long, default_value = "")]
        keys: String,
        /// Keep the colours, as ANSI escape sequences.
        #[arg(long)]
        ansi: bool,
        #[command(flatten)]
        display: DisplayOptions,
    },
    /// Serve a lesson to a class over SSH: every student who logs in gets their own debugger.
    ///
    /// Students type the `ssh` line printed at start. At least one way in is needed:
    /// --authorized-keys, --class-code-file, or --open for anyone.
    Serve(ServeArgs),
}

/// `lstm-tui serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address and port to listen on; only this machine (127.0.0.1) unless told otherwise,
    /// e.g. 0.0.0.0:2222 for the whole network.
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,
    /// A lesson students get: a built-in id (lesson1 ... lesson9) or a lesson file. Name it more
    /// than once for a course: students then start at a picker of them, as they do without any
    /// (the built-in lessons).
    #[arg(long, value_name = "ID|FILE")]
    pub lesson: Vec<String>,
    /// The server's ed25519 host key, made there on first start
    /// [default: $XDG_DATA_HOME/lstm-tui/host_key, else ~/.local/share/lstm-tui/host_key].
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Students' public keys, one a line, as in OpenSSH's authorized_keys.
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Present this lesson in this terminal (as `run` shows it): every student follows it
    /// (f to explore alone, f again to rejoin). The lesson served, unless --lesson says it too.
    #[arg(long, value_name = "ID|FILE")]
    pub present: Option<String>,
    /// Public keys (authorized_keys format) that log in as the presenter: every student follows
    /// the presenter's screen (f to explore alone, f again to rejoin).
    #[arg(long, value_name = "FILE")]
    pub presenter_keys: Option<PathBuf>,
    /// A file whose first line is the class code students type (keyboard-interactive or password).
    #[arg(long, value_name = "FILE")]
    pub class_code_file: Option<PathBuf>,
    /// Let anyone in without a key or code.
    #[arg(long)]
    pub open: bool,
    /// Where students' progress is kept, so that one who comes back goes on where they were
    /// [default: $XDG_STATE_HOME/lstm-tui/serve, else ~/.local/state/lstm-tui/serve].
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// How many students at once; the next one is told the class is full.
    #[arg(long, default_value_t = 64, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_sessions: u32,
    /// Close a session after this long without a key: 90s, 30m, 2h.
    #[arg(long, default_value = "30m", value_name = "TIME", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// Close any session after this long.
    #[arg(long, default_value = "8h", value_name = "TIME", value_parser = parse_duration)]
    pub max_session_time: Duration,
    #[command(flatten)]
    pub display: DisplayOptions,
}

/// `90s`, `30m` or `2h` (a whole number and a unit).
fn parse_duration(s: &str) -> Result<Duration, ValueError> {
    let bad = || ValueError::NotATime(s.to_string());
    let (number, unit) = s.trim().split_at(s.trim().len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60).ok_or_else(bad)?,
        "h" => n.checked_mul(3600).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if secs == 0 {
        return Err(ValueError::ZeroTime(s.to_string()));
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests;
