//! One debugger step at 120×40 (key handled, frame drawn, diffed and written through a crossterm
//! backend into a byte counter), for lessons of every shape.

use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::frame::Stepper;
use lstm_tui::ui::Look;

fn main() {
    // As the binary does (src/main.rs).
    lstm_tui::memory::keep_freed_memory();
    divan::main();
}

#[divan::bench(args = ["lesson1", "lesson3", "lesson4", "lesson5", "lesson6"])]
fn step_120x40(bencher: divan::Bencher, source: &str) {
    let session = Session::load(source, &Overrides::default()).expect("built-in lessons load");
    let mut stepper = Stepper::new(session, Look::default(), (120, 40));
    bencher.bench_local(|| stepper.step());
}

#[divan::bench(args = ["lesson3", "lesson5"])]
fn step_80x24(bencher: divan::Bencher, source: &str) {
    let session = Session::load(source, &Overrides::default()).expect("built-in lessons load");
    let mut stepper = Stepper::new(session, Look::default(), (80, 24));
    bencher.bench_local(|| stepper.step());
}
