//! Running a stack of LSTM layers on several cores at once: each layer in its own thread,
//! reading the h of the layer below in chunks of steps, through a channel, as soon as they are
//! known. Nothing waits in lock-step, so a busy machine slows it down gracefully.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use ndarray::{Array2, ArrayView2, Axis, CowArray, Ix2};

use super::lstm::CHUNK;
use super::spec::LayerConfig;
use super::trace::{Direction, LayerTrace};
use super::{Layer, Weights, layer_output};

/// Below this many multiply-adds in a layer's run, a thread of its own costs more than it saves.
const MIN_WORK: usize = 1 << 22;

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Allow or forbid running layers side by side (`lstm-tui bench --threads 1` compares).
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether stacks of layers run side by side, on this machine and with this setting.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed) && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

fn lstm(layer: &Layer) -> Option<&super::lstm::Lstm> {
    match (&layer.weights, &layer.config) {
        (Weights::Lstm(cell), LayerConfig::Lstm(_)) => Some(cell),
        _ => None,
    }
}

/// Multiply-adds of one run of an LSTM layer.
fn work(layer: &Layer) -> usize {
    let steps = layer.input_shape.dims()[0];
    lstm(layer).map_or(0, |c| steps * 4 * c.units() * (c.units() + c.input_dim()))
}

/// Whether `upper` can start on the h rows of `lower` while `lower` still runs: `lower` returns
/// its sequence (in its processing order, which is the order `upper` reads) and `upper` reads
/// from the start.
fn streams(lower: &Layer, upper: &Layer) -> bool {
    let returns_all = matches!(&lower.config, LayerConfig::Lstm(c) if c.return_sequences);
    let reads_forward = matches!(&upper.config, LayerConfig::Lstm(c) if !c.go_backwards);
    returns_all && reads_forward && lstm(lower).is_some() && lstm(upper).is_some()
}

/// The end (exclusive) of the run of layers from `first` that can go side by side; `first + 1`
/// when it is not worth it.
pub fn group_end(layers: &[Layer], first: usize) -> usize {
    let mut end = first + 1;
    if enabled() && work(&layers[first]) >= MIN_WORK {
        while end < layers.len() && streams(&layers[end - 1], &layers[end]) && work(&layers[end]) >= MIN_WORK {
            end += 1;
        }
    }
    end
}

/// Run a group found by [`group_end`] on `x`, each layer in its own thread. Every buffer is
/// allocated here, before the threads start, so that the memory is reused from run to run
/// (memory a short-lived thread allocates goes back to the system when it is freed).
pub fn run(layers: &[Layer], x: ArrayView2<f32>) -> Vec<LayerTrace> {
    let steps = x.nrows();
    let cells: Vec<_> = layers
        .iter()
        .map(|layer| lstm(layer).expect("a group is made of LSTM layers"))
        .collect();
    let order: Vec<usize> = if cells[0].config.go_backwards {
        (0..steps).rev().collect()
    } else {
        (0..steps).collect()
    };
    let x = x.select(Axis(0), &order);
    let mut order = Some(order);
    let mut recordings: Vec<_> = cells
        .iter()
        .map(|cell| cell.recording(Direction::Forward, order.take().unwrap_or_else(|| (0..steps).collect())))
        .collect();
    // What each layer but the last sends up: its h rows, a chunk at a time.
    let chunks = steps.div_ceil(CHUNK);
    let mut handoffs: Vec<Vec<Vec<f32>>> = cells[..cells.len() - 1]
        .iter()
        .map(|cell| (0..chunks).map(|_| Vec::with_capacity(CHUNK * cell.units())).collect())
        .collect();
    std::thread::scope(|scope| {
        let mut input: Box<dyn Iterator<Item = CowArray<f32, Ix2>> + Send> =
            Box::new(x.axis_chunks_iter(Axis(0), CHUNK).map(CowArray::from));
        let mut handoffs = handoffs.drain(..);
        let mut threads = Vec::with_capacity(layers.len());
        for recording in recordings.iter_mut() {
            let reads = input;
            let mut send = handoffs.next().map(|buffers| buffers.into_iter());
            let (tx, rx) = mpsc::sync_channel(chunks);
            input = Box::new(rx.into_iter().map(CowArray::from));
            threads.push(scope.spawn(move || {
                for chunk in reads {
                    let h = recording.push(chunk.view());
                    if let Some(buffers) = &mut send {
                        let mut buffer = buffers.next().expect("a buffer per chunk");
                        buffer.extend_from_slice(h.as_slice().expect("rows one after the other"));
                        let rows = Array2::from_shape_vec(h.dim(), buffer).expect("the chunk's own shape");
                        // The layer above stops reading only by ending too; nothing to do then.
                        let _ = tx.send(rows);
                    }
                }
            }));
        }
        for thread in threads {
            thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
    recordings
        .into_iter()
        .zip(layers)
        .map(|(recording, layer)| layer_output(layer, recording.finish()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::model::init::SeededInit;
    use crate::model::spec::{InputSpec, LayerSpec, LstmConfig, ModelSpec, Shape};
    use crate::model::trace::Input;

    /// Three stacked LSTMs big enough to go side by side. The first reads backwards (its output
    /// stays in its processing order, which the second reads from the start); the third reads
    /// backwards too, so it has to wait for the whole sequence.
    fn model() -> Model {
        let lstm = |units, return_sequences, go_backwards| {
            LayerConfig::Lstm(LstmConfig {
                return_sequences,
                go_backwards,
                ..LstmConfig::new(units)
            })
        };
        let layers = [lstm(64, true, true), lstm(48, true, false), lstm(40, true, true)];
        let spec = ModelSpec {
            name: "sequential".into(),
            input: InputSpec {
                shape: Shape::Seq(300, 24),
                batch_size: None,
            },
            layers: layers
                .into_iter()
                .enumerate()
                .map(|(k, config)| LayerSpec {
                    name: format!("l{k}"),
                    config,
                })
                .collect(),
        };
        Model::build(spec, &mut SeededInit::new(5)).unwrap()
    }

    #[test]
    fn side_by_side_gives_the_same_numbers_as_one_after_another() {
        let model = model();
        let Input::Values(x) = crate::session::random_input(&model.spec, 1, -1.0, 1.0) else {
            unreachable!()
        };
        assert_eq!(group_end(&model.layers, 0), 2, "the first two layers stream");
        let together = run(&model.layers[..2], x.view());
        let first = model.layers[0].forward(super::super::Flow::Values(x.view().into_dyn()));
        let second = model.layers[1].forward(super::super::Flow::Values(first.output.view()));
        for (a, b) in together.iter().zip([&first, &second]) {
            assert_eq!(a.output, b.output);
            assert_eq!(a.cells[0].c, b.cells[0].c);
            assert_eq!(a.cells[0].x, b.cells[0].x);
            assert_eq!(a.cells[0].t, b.cells[0].t);
        }
    }
}
