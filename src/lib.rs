//! lstm-tui: a terminal step-through debugger for Keras LSTM networks.
//!
//! `model` is the pure math, `lesson` the lesson format, `io` the files, `session` ties a SOURCE
//! to a recorded run, `keys` the key and command tables, `app` the debugger's state, `ui` its
//! drawing, `tui` the two joined on a screen (terminal, frame printer), `serve` the debugger over
//! SSH for a class, `commands` the command line; `error` and `warning` what is told the user,
//! `printable` is how text from a file reaches any output;
//! `progress` the student's way through the course, kept in the state directory.

pub mod app;
pub mod cli;
pub mod commands;
pub mod error;
pub mod export;
pub mod io;
pub mod keys;
pub mod lesson;
pub mod memory;
pub mod model;
pub mod printable;
pub mod progress;
pub mod serve;
pub mod session;
pub mod tui;
pub mod ui;
pub mod warning;
