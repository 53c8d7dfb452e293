//! All integration tests in one binary (one link, one run): each module covers one area.

mod common;
mod ui;
