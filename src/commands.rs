//! What each command does, given the parsed command line. Errors end here: printed as
//! `file:line:col: message` on standard error with exit status 2; warnings are printed on
//! standard error too, both with text from files escaped (see [`crate::printable`]). Standard
//! output is written only through [`print_out`] or [`stdout_error`]: a reader that closes it
//! (`| head -1`) ends the command quietly with status 0.

pub mod course;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, Command, InputArgs, SummaryStyle, TraceFormat};
use crate::error::{Error, Kind, Result};
use crate::io::file::Output;
use crate::lesson::Framework;
use crate::model::{LayerKind, Model, summary};
use crate::session::{self, Overrides, Session};
use crate::warning::Warning;

/// Run a command and turn its outcome into an exit status.
pub fn main(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if *e.kind == Kind::OutputClosed => ExitCode::SUCCESS,
        Err(e) => {
            report(&[], &[e]);
            ExitCode::from(2)
        }
    }
}

impl From<&InputArgs> for Overrides {
    fn from(a: &InputArgs) -> Self {
        Overrides {
            input: a.input.clone(),
            weights: a.weights.clone(),
            sample: a.sample,
            tokens: a.tokens.as_ref().map(|t| t.0.clone()),
            text: a.text.clone(),
            vocab: a.vocab.clone(),
            pad: a.pad,
            random: a.random_input.then(|| a.seed.unwrap_or(0)),
        }
    }
}

/// Print warnings, then errors, on standard error (their Display escapes text from files); the
/// one place warnings are shown. Standard error is unbuffered: the lines go through one locked
/// buffer, written out at the end, so thousands of them cost a few writes rather than several each.
fn report(warnings: &[Warning], errors: &[Error]) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    // Nothing is left to tell when standard error cannot be written.
    let _ = warnings
        .iter()
        .try_for_each(|w| writeln!(err, "lstm-tui: warning: {w}"))
        .and_then(|()| errors.iter().try_for_each(|e| writeln!(err, "lstm-tui: {e}")))
        .and_then(|()| err.flush());
}

/// Say `text` on standard error, after `lstm-tui: `; like [`report`], never a panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "lstm-tui: {text}");
}

fn load(source: &str, input: &InputArgs) -> Result<Session> {
    let session = Session::load(source, &input.into())?;
    report(&session.warnings, &[]);
    Ok(session)
}

/// A failed write of the output: [`Kind::OutputClosed`] when its reader has closed the pipe
/// (`EPIPE`; Rust ignores `SIGPIPE`), else the operating system's reason.
fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::new(Kind::OutputClosed);
    }
    Error::new(Kind::Io {
        action: "write the output",
        detail: e.to_string(),
    })
}

/// Write `text` to standard output. `print!` would panic where this returns the error.
fn print_out(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// Standard output's width when it is a terminal, else Keras's 80 for a pipe.
fn terminal_width() -> usize {
    use std::io::IsTerminal;
    std::io::stdout()
        .is_terminal()
        .then(crossterm::terminal::size)
        .and_then(|size| size.ok())
        .map_or(summary::DEFAULT_WIDTH, |(w, _)| usize::from(w))
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::List => course::list(),
        Command::Reset { lesson } => course::reset(lesson.as_deref()),
        Command::Summary {
            source,
            explain,
            style,
            width,
            ascii,
        } => {
            let lesson = session::read_lesson(&source)?;
            let format = summary::Format {
                style: match style {
                    SummaryStyle::Keras3 => summary::Style::Keras3,
                    SummaryStyle::Keras2 => summary::Style::Keras2,
                },
                width: width.unwrap_or_else(terminal_width),
                ascii,
            };
            let mut text = if explain {
                summary::explain(&lesson.model, &format)
            } else {
                summary::summary(&lesson.model, &format)
            }
            .map_err(|e| e.with_file(&lesson.file))?;
            if let Framework::Pytorch(_) = lesson.framework {
                text.push_str(&summary::pytorch_note(&lesson.model).map_err(|e| e.with_file(&lesson.file))?);
            }
            print_out(&text)
        }
        Command::Trace {
            source,
            input,
            format,
            output,
        } => {
            let session = load(&source, &input)?;
            let output = output.as_deref().map(crate::io::file::create).transpose()?;
            let mut sink: Box<dyn Write> = match output {
                Some(Output::File(file)) => Box::new(std::io::BufWriter::new(file)),
                None | Some(Output::Stdout) => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            match format {
                TraceFormat::Json => crate::export::write_json(&session, &mut sink),
                TraceFormat::Csv => crate::export::write_csv(&session, &mut sink),
            }
            .and_then(|()| sink.flush())
            .map_err(stdout_error)
        }
        Command::Check { source } => {
            let checked = session::check(&source);
            let (last, rest) = match checked.problems.split_last() {
                Some((last, rest)) => (Some(last), rest),
                None => (None, &[][..]),
            };
            report(&checked.warnings, rest);
            if let Some(last) = last {
                return Err(last.clone());
            }
            print_out("ok\n")
        }
        Command::Bench {
            source,
            input,
            repeat,
            threads,
            render,
            size,
        } => {
            if render {
                // Checked before the lesson is loaded.
                crate::tui::frame::parse_size(&size)?;
            }
            let session = load(&source, &input)?;
            if render {
                let line = crate::tui::frame::bench_render(&session, &size, repeat)?;
                return print_out(&format!("{line}\n"));
            }
            bench_trace(&session, repeat, threads)
        }
        Command::Run { source, input, display } => course::run(source, &input, &display),
        Command::Serve(args) => crate::serve::serve(&args),
        Command::Frame {
            source,
            input,
            size,
            keys,
            ansi,
            display,
        } => {
            crate::tui::frame::parse_size(&size)?;
            let frame = crate::tui::frame::frame(load(&source, &input)?, &size, &keys, ansi, &display)?;
            print_out(&frame)
        }
    }
}

/// Floating-point operations of one recorded run (multiply-adds count as two).
pub fn flops(model: &Model, steps: usize) -> f64 {
    model
        .layers
        .iter()
        .map(|l| match &l.kind {
            LayerKind::Lstm(_) | LayerKind::Bidirectional { .. } => {
                l.cells().iter().map(|c| 2.0 * c.macs(steps) as f64).sum()
            }
            LayerKind::Dense { kernel, .. } => {
                let (input, units) = (kernel.nrows() as f64, kernel.ncols() as f64);
                let rows = if l.input_shape.dims().len() == 2 {
                    steps as f64
                } else {
                    1.0
                };
                2.0 * rows * input * units
            }
            _ => 0.0,
        })
        .sum()
}

fn bench_trace(session: &Session, repeat: usize, threads: usize) -> Result<()> {
    let repeat = repeat.max(1);
    let mut times: Vec<f64> = (0..repeat)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(session.model.trace(&session.trace.input, threads));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let steps = session.trace.input.timesteps();
    let line = serde_json::json!({
        "source": session.source,
        "steps": steps,
        "layers": session.model.layers.len(),
        "repeat": repeat,
        "threads": if crate::model::pipeline::side_by_side(threads) { 2 } else { 1 },
        "median_ms": median,
        "min_ms": times[0],
        "gflops": flops(&session.model, steps) / (median / 1e3) / 1e9,
    });
    print_out(&format!("{line}\n"))
}
