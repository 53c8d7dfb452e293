//! The command-line definition (clap).

use std::path::PathBuf;

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

/// `"12 5 981"` or `"12,5,981"` → token ids.
fn parse_tokens(s: &str) -> Result<TokenIds, String> {
    let ids = s
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .map_err(|_| format!("\"{t}\" is not a token id (a whole number from 0)"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Err("no token ids given".to_string());
    }
    Ok(TokenIds(ids))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in lessons, in order.
    List,
    /// Print the model summary in the classic Keras layout.
    Summary {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        /// Also show how each parameter count arises.
        #[arg(long)]
        explain: bool,
    },
    /// Run the model once and write every gate of every cell at every timestep.
    ///
    /// JSON: {"source", "input", "layers": [{"name", "class_name", "output_shape", "params",
    /// "output", "cells": [{"direction", "steps": [{"t", "x", "i", "f", "g", "o", "c", "h"}]}]}],
    /// "output"}. CSV: one row per layer, direction, step and unit:
    /// layer,direction,step,t,unit,i,f,g,o,c,h.
    Trace {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value = "json")]
        format: TraceFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check a lesson (and its weights and input): prints "ok" or the problem found.
    Check {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
        source: String,
    },
    /// Time the full recorded run (or, with --render, one step of the screen).
    Bench {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
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
    /// Step through a lesson in the terminal.
    #[command(after_long_help = crate::keys::help_text())]
    Run {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
        source: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        display: DisplayOptions,
    },
    /// Print the screen after replaying keys, without a terminal (for handouts, docs and tests).
    #[command(after_long_help = crate::keys::help_text())]
    Frame {
        /// A built-in lesson id (lesson1 ... lesson6), a lesson file, or a Keras model (.keras, .h5).
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
}

#[cfg(test)]
mod tests;
