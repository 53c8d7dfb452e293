//! All integration tests in one binary (one link, one run): each module covers one area.

mod bidi;
mod cli;
mod colours;
mod commands;
mod common;
mod course;
mod errors;
mod escapes;
mod files;
mod lessons;
mod notes;
mod parity;
mod pipes;
mod pytorch;
mod questions;
mod readme;
mod scales;
mod serve;
mod sizes;
mod small_screen;
mod sort;
mod special_files;
mod summaries;
mod trained;
mod ui;
mod weights;
