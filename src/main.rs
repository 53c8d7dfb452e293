//! The `lstm-tui` binary: parse the command line and hand over to the command.

use clap::Parser;

fn main() -> std::process::ExitCode {
    lstm_tui::memory::keep_freed_memory();
    lstm_tui::commands::main(lstm_tui::cli::Cli::parse())
}
