//! Splitting one LSTM's recurrence across cores: each worker owns a range of units, and after
//! every step the workers swap their parts of h through a double buffer and meet at a barrier.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// Below this many units a step is too short to be worth sharing between cores.
const MIN_UNITS_PER_WORKER: usize = 128;

/// The most workers one layer may use (two: a step is too short to feed more).
static MAX_WORKERS: AtomicUsize = AtomicUsize::new(2);

/// Limit the workers per layer (`lstm-tui bench --threads 1` compares with a single core).
pub fn set_max_workers(n: usize) {
    MAX_WORKERS.store(n.max(1), Ordering::Relaxed);
}

/// How many workers to use for a layer of `units`.
pub fn workers(units: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (units / MIN_UNITS_PER_WORKER).clamp(1, cores.min(MAX_WORKERS.load(Ordering::Relaxed)))
}

/// h of the last step, double-buffered, and a barrier that ends every step.
pub struct Exchange {
    units: usize,
    /// Two buffers of `units` f32 values (as bits): step k reads buffer k % 2, writes the other.
    h: Vec<AtomicU32>,
    workers: usize,
    arrived: AtomicUsize,
    generation: AtomicUsize,
}

impl Exchange {
    pub fn new(units: usize) -> Self {
        Exchange {
            units,
            h: (0..2 * units).map(|_| AtomicU32::new(0)).collect(),
            workers: workers(units),
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
        }
    }

    /// The whole h before step k (zeros before the first).
    pub fn read(&self, k: usize, h: &mut [f32]) {
        let buffer = &self.h[(k % 2) * self.units..][..self.units];
        for (dst, src) in h.iter_mut().zip(buffer) {
            *dst = f32::from_bits(src.load(Ordering::Relaxed));
        }
    }

    /// Publish this worker's part of h after step k (units from `first`), then wait for the others.
    pub fn write(&self, k: usize, first: usize, part: &[f32]) {
        let buffer = &self.h[((k + 1) % 2) * self.units + first..][..part.len()];
        for (dst, src) in buffer.iter().zip(part) {
            dst.store(src.to_bits(), Ordering::Relaxed);
        }
        self.wait();
    }

    /// A barrier that spins briefly (a step takes microseconds), then yields the core.
    fn wait(&self) {
        if self.workers == 1 {
            return;
        }
        let generation = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.workers {
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == generation {
            if spins < 2_000 {
                std::hint::spin_loop();
                spins += 1;
            } else {
                std::thread::yield_now();
            }
        }
    }
}
