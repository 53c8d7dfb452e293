//! Running LSTM cells on several cores at once. In a stack of LSTM layers each layer has its own
//! thread, reading the h of the layer below in chunks of steps, through a channel, as soon as
//! they are known; a layer with a wider input than the one below gets part of its input product
//! computed by the layer below, so the threads finish together. The two directions of a
//! Bidirectional layer run side by side. Nothing waits in lock-step, so a busy machine slows it
//! down gracefully.

use std::sync::mpsc;

use ndarray::{Array2, ArrayView2, Axis, CowArray, Ix2};

use super::cell::Direction;
use super::lstm::{CHUNK, Lstm, Recording};
use super::trace::CellTrace;

/// Below this many multiply-adds in a layer's run, a thread of its own costs more than it saves.
const MIN_WORK: usize = 1 << 22;

/// The threads this machine runs at once: what a recorded run uses unless told otherwise
/// (`lstm-tui bench --threads 1` compares with one).
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Whether a run allowed `threads` threads runs layers side by side on this machine.
pub fn side_by_side(threads: usize) -> bool {
    threads > 1 && available_threads() > 1
}

/// Multiply-adds of one run of an LSTM layer over `steps` steps; none for another layer.
fn work(cell: Option<&Lstm>, steps: usize) -> usize {
    cell.map_or(0, |c| c.macs(steps))
}

/// Whether `upper` can start on the h rows of `lower` while `lower` still runs: `lower` returns
/// its sequence (in its processing order, which is the order `upper` reads) and `upper` reads
/// from the start.
fn streams(lower: Option<&Lstm>, upper: Option<&Lstm>) -> bool {
    match (lower, upper) {
        (Some(lower), Some(upper)) => lower.config.return_sequences && !upper.config.go_backwards,
        _ => false,
    }
}

/// The end (exclusive) of the run of layers from `first` that can go side by side; `first + 1`
/// when it is not worth it. `cells` holds each layer's cell (`None` for a layer that is not an
/// LSTM) and `steps` the length of the sequence.
pub fn group_end(cells: &[Option<&Lstm>], steps: usize, first: usize, threads: usize) -> usize {
    let mut end = first + 1;
    if side_by_side(threads) && work(cells[first], steps) >= MIN_WORK {
        while end < cells.len() && streams(cells[end - 1], cells[end]) && work(cells[end], steps) >= MIN_WORK {
            end += 1;
        }
    }
    end
}

/// What a multiply-add of the recurrent product costs against one of the input product: the
/// recurrent product reads its whole matrix for one step, the input product for a chunk of them.
const RECURRENT_COST: f64 = 2.0;

/// The time one step of a cell takes, in input-product multiply-adds per gate.
fn step_cost(cell: &Lstm) -> f64 {
    let (u, d) = (cell.units() as f64, cell.input_dim() as f64);
    RECURRENT_COST * u * u + u * d
}

/// Run the two cells of a Bidirectional layer over `x`, side by side when it is worth a thread.
/// As in [`run`], everything is allocated before the threads start.
pub fn both_ways(cells: &[Lstm; 2], x: ArrayView2<f32>, threads: usize) -> [CellTrace; 2] {
    let mut started = [
        cells[0].start(x, Direction::Forward),
        cells[1].start(x, Direction::Backward),
    ];
    if side_by_side(threads) && cells[0].macs(x.nrows()) >= MIN_WORK {
        std::thread::scope(|scope| {
            for (recording, x) in started.iter_mut() {
                scope.spawn(move || recording.push_all(x.view()));
            }
        });
    } else {
        for (recording, x) in started.iter_mut() {
            recording.push_all(x.view());
        }
    }
    started.map(|(recording, _)| recording.finish())
}

/// The share of a layer's input product (the first rows of each chunk) that the layer below
/// computes in its own thread before handing the chunk up, so that both threads have about as
/// much to do.
fn handed_share(below: &Lstm, above: &Lstm) -> f64 {
    let product = (above.units() * above.input_dim()) as f64;
    ((step_cost(above) - step_cost(below)) / (2.0 * product)).clamp(0.0, 0.5)
}

/// One chunk of a layer's input on its way to that layer's thread: the rows, and the input part
/// of the layer's pre-activations for the first of them, when the layer below computed it.
struct Chunk<'a> {
    x: CowArray<'a, f32, Ix2>,
    projected: Vec<f32>,
}

/// How a layer hands its h rows, chunk by chunk, to the layer above, with part of that layer's
/// input product. Its buffers are allocated before the threads start.
struct Handoff<'a> {
    above: &'a Lstm,
    /// Rows of each chunk projected for the layer above.
    rows: usize,
    /// (h rows, projected rows) for every chunk, empty.
    buffers: std::vec::IntoIter<(Vec<f32>, Vec<f32>)>,
    tx: mpsc::SyncSender<Chunk<'a>>,
}

impl<'a> Handoff<'a> {
    fn new(below: &Lstm, above: &'a Lstm, chunks: usize, tx: mpsc::SyncSender<Chunk<'a>>) -> Self {
        let rows = (handed_share(below, above) * CHUNK as f64) as usize;
        let buffers = (0..chunks)
            .map(|_| {
                let h = Vec::with_capacity(CHUNK * below.units());
                (h, Vec::with_capacity(rows * 4 * above.units()))
            })
            .collect::<Vec<_>>()
            .into_iter();
        Handoff {
            above,
            rows,
            buffers,
            tx,
        }
    }

    fn send(&mut self, h: ArrayView2<f32>) {
        let (mut rows, mut projected) = self.buffers.next().expect("buffers for every chunk");
        rows.extend_from_slice(h.as_slice().expect("rows one after the other"));
        let n = self.rows.min(h.nrows());
        projected.resize(n * 4 * self.above.units(), 0.0);
        self.above.project(&rows[..n * self.above.input_dim()], &mut projected);
        let x = Array2::from_shape_vec(h.dim(), rows).expect("the chunk's own shape");
        // The layer above stops reading only by ending too; nothing to do then.
        let _ = self.tx.send(Chunk { x: x.into(), projected });
    }
}

/// Run a group found by [`group_end`] on `x`, each layer in its own thread. Every buffer is
/// allocated here, before the threads start, so that the memory is reused from run to run
/// (memory a short-lived thread allocates goes back to the system when it is freed).
pub fn run(cells: &[&Lstm], x: ArrayView2<f32>) -> Vec<CellTrace> {
    let steps = x.nrows();
    let (first, x) = cells[0].start(x, Direction::Forward);
    // The layers above read the rows in the first layer's processing order, from the start.
    let mut recordings = vec![first];
    recordings.extend(
        cells[1..]
            .iter()
            .map(|cell| cell.recording(Direction::Forward, (0..steps).collect())),
    );
    let chunks = steps.div_ceil(CHUNK);
    // Layer k reads its chunks from inputs[k] and, unless it is the last, hands its h rows up
    // through handoffs[k].
    let first = x.axis_chunks_iter(Axis(0), CHUNK).map(|x| Chunk {
        x: x.into(),
        projected: Vec::new(),
    });
    let mut inputs: Vec<Box<dyn Iterator<Item = Chunk> + Send>> = vec![Box::new(first)];
    let mut handoffs = Vec::with_capacity(cells.len());
    for pair in cells.windows(2) {
        let (tx, rx) = mpsc::sync_channel(chunks);
        handoffs.push(Some(Handoff::new(pair[0], pair[1], chunks, tx)));
        inputs.push(Box::new(rx.into_iter()));
    }
    handoffs.push(None);
    std::thread::scope(|scope| {
        let threads: Vec<_> = recordings
            .iter_mut()
            .zip(inputs)
            .zip(handoffs)
            .map(|((recording, reads), mut handoff)| {
                scope.spawn(move || {
                    for chunk in reads {
                        let h = recording.push(chunk.x.view(), &chunk.projected);
                        if let Some(handoff) = &mut handoff {
                            handoff.send(h);
                        }
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
    recordings.into_iter().map(Recording::finish).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LayerKind;
    use crate::model::Model;
    use crate::model::init::SeededInit;
    use crate::model::layer::Flow;
    use crate::model::spec::LayerConfig;
    use crate::model::spec::LstmConfig;

    /// A seeded model of `layers` reading 400 steps of 24 features.
    fn model(layers: Vec<LayerConfig>) -> Model {
        Model::build(super::super::tests::spec(400, 24, layers), &mut SeededInit::new(5)).unwrap()
    }

    /// Three stacked LSTMs big enough to go side by side. The first reads backwards (its output
    /// stays in its processing order, which the second reads from the start); the third reads
    /// backwards too, so it has to wait for the whole sequence. The second is the wider, so the
    /// first computes part of its input product.
    fn stack() -> Model {
        let lstm = |units, return_sequences, go_backwards| {
            LayerConfig::Lstm(LstmConfig {
                return_sequences,
                go_backwards,
                ..LstmConfig::new(units)
            })
        };
        model(vec![lstm(48, true, true), lstm(64, true, false), lstm(40, true, true)])
    }

    #[test]
    fn side_by_side_gives_the_same_numbers_as_one_after_another() {
        let model = stack();
        let x = super::super::tests::uniform((400, 24), 1);
        let cells: Vec<_> = model.layers.iter().map(|l| l.lstm()).collect();
        assert_eq!(group_end(&cells, 400, 0, 2), 2, "the first two layers stream");
        let cells: Vec<_> = cells.into_iter().flatten().collect();
        assert_eq!(handed_share(cells[0], cells[1]), 0.5);
        let together = run(&cells[..2], x.view());
        let first = model.layers[0].forward(Flow::Values(x.view().into_dyn()), 1);
        let second = model.layers[1].forward(Flow::Values(first.output.view()), 1);
        for (a, b) in together.iter().zip([&first, &second]) {
            // The layer's output is h, all of it or its last row.
            assert_eq!(a.values.h, b.cells[0].values.h);
            assert_eq!(a.values.c, b.cells[0].values.c);
            assert_eq!(a.x, b.cells[0].x);
            assert_eq!(a.t, b.cells[0].t);
        }
    }

    #[test]
    fn the_wider_input_product_is_shared_out() {
        let cell = |d, u| {
            let config = LstmConfig::new(u);
            Lstm::new(config, Array2::zeros((d, 4 * u)), Array2::zeros((u, 4 * u)), None)
        };
        // The benchmark stack: 64 features into LSTM(256), then LSTM(256). Both recurrent parts
        // cost 2 × 256², the input products 64 and 256 per unit: the first layer takes
        // (2·256² + 256²) − (2·256² + 64·256) over 2 · 256² of the second's.
        assert_eq!(handed_share(&cell(64, 256), &cell(256, 256)), 0.375);
        assert_eq!(handed_share(&cell(256, 256), &cell(256, 256)), 0.0);
        assert_eq!(
            handed_share(&cell(256, 256), &cell(256, 64)),
            0.0,
            "never a negative share"
        );
        assert_eq!(handed_share(&cell(8, 16), &cell(16, 512)), 0.5, "at most half");
    }

    #[test]
    fn both_directions_side_by_side_give_the_same_numbers_as_one_after_another() {
        let model = model(vec![LayerConfig::Bidirectional {
            layer: LstmConfig::new(48),
            merge_mode: crate::model::spec::MergeMode::Concat,
        }]);
        let LayerKind::Bidirectional { cells, .. } = &model.layers[0].kind else {
            unreachable!()
        };
        let x = Array2::from_shape_fn((400, 24), |(t, d)| ((t * 7 + d) % 13) as f32 / 13.0 - 0.5);
        assert!(cells[0].macs(400) >= MIN_WORK, "big enough for two threads");
        let [fw, bw] = both_ways(cells, x.view(), 2);
        let one_by_one = [
            cells[0].run(x.view(), Direction::Forward),
            cells[1].run(x.view(), Direction::Backward),
        ];
        for (a, b) in [fw, bw].iter().zip(&one_by_one) {
            assert_eq!(a.values.h, b.values.h);
            assert_eq!(a.values.c, b.values.c);
            assert_eq!(a.t, b.t);
            assert_eq!(a.direction, b.direction);
        }
        assert_eq!(one_by_one[1].t[0], 399, "the backward cell starts from the end");
    }
}
