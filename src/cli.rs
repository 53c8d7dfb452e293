//! The command-line definition (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// lstm-tui: step through a Keras LSTM one timestep at a time, every gate on screen.
#[derive(Debug, Parser)]
#[command(name = "lstm-tui", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the input and weights come from, when not from the lesson.
#[derive(Debug, Clone, Args, Default)]
pub struct InputArgs {
    /// An .npy input: (T, D) floats, (T,) token ids, or a batch (B, T, D) / (B, T).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// A weights .npz (keys <layer>.kernel, <layer>.recurrent_kernel, <layer>.bias, ...).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Which sample of a batch input to use (from 0).
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
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
        /// A built-in lesson id (lesson1 ... lesson6) or a path to a lesson file.
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
    Check { source: String },
    /// Time the full recorded run (or, with --render, one step of the screen).
    Bench {
        source: String,
        #[command(flatten)]
        input: InputArgs,
        /// How many runs to take the median of.
        #[arg(long, default_value_t = 20)]
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
    #[command(after_long_help = crate::app::keys::help_text())]
    Run {
        source: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        display: DisplayArgs,
    },
    /// Print the screen after replaying keys, without a terminal (for handouts, docs and tests).
    #[command(after_long_help = crate::app::keys::help_text())]
    Frame {
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
        display: DisplayArgs,
    },
}

/// How the screen looks.
#[derive(Debug, Clone, Args, Default)]
pub struct DisplayArgs {
    /// Colour theme.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,
    /// Draw with ASCII only, for terminals without Unicode block glyphs.
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
    /// Strong contrast for projectors.
    HighContrast,
}
