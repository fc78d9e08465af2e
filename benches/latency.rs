//! Latency distribution of `decide` on the peer-bench workload: p50 and p99 per decision, for the
//! p99 ≤ 2 × p50 target. Plain `main` (harness = false): criterion reports means and medians, not
//! tail percentiles.
//!
//! - Each sample times a batch of 8 decisions: a single decision is too short for the clock
//!   (reading it costs about 20 ns).
//! - The rows are sampled round-robin, 200 samples at a time after a few untimed warm-up runs, so
//!   that every row's 80,000 samples are spread over the whole run. This VM has slow spells of a
//!   few milliseconds (it shares its cores; the kernel's memory monitor `kdamond` runs too):
//!   measured one after the other, a row that met a spell had a p99 made by the spell alone,
//!   while its neighbours were clean.
//! - Two control rows, sampled the same way, time work of about a decision's length without the
//!   engine: arithmetic on registers, and a chain of dependent loads through memory. Their
//!   p99/p50 is the machine's own tail in that run.
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark with broken input should stop; it prints its table"
)]

use std::hint::black_box;
use std::time::Instant;

use kmspolicy::decide;

include!("workload_requests.rs");

const BATCH: u32 = 8;
const SAMPLES: usize = 80_000;
/// Samples taken from one row before moving to the next.
const CHUNK: usize = 200;
/// Untimed runs before each chunk, so that the row's path is back in the caches.
const WARM_UP: usize = 10;

/// What a row times: one decision, or a control.
enum Work<'w> {
    Decide(&'w kmspolicy::World, Box<kmspolicy::Request<'static>>),
    /// A fixed chain of multiplications, about as long as a decision, touching no memory.
    Arithmetic,
    /// A chain of dependent loads through a 256 KB table (one random cycle), continuing where the
    /// previous run stopped, about as long as a decision: memory accesses without the engine.
    Loads(Vec<u32>, std::cell::Cell<u32>),
}

impl Work<'_> {
    fn run(&self) {
        match self {
            Work::Decide(world, request) => {
                black_box(decide(black_box(world), black_box(request)).expect("decidable"));
            }
            Work::Arithmetic => {
                let mut x = black_box(0x9e37_79b9_7f4a_7c15_u64);
                for i in 0..150 {
                    x = (x ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
                }
                black_box(x);
            }
            Work::Loads(table, position) => {
                let mut at = black_box(position.get());
                for _ in 0..32 {
                    at = table.get(at as usize).copied().unwrap_or_default();
                }
                position.set(at);
            }
        }
    }
}

/// A table of `len` slots forming one random cycle: each slot holds the index of the next.
fn cycle(len: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len).map(|i| i as u32).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let mut table = vec![0; len];
    for (k, &from) in order.iter().enumerate() {
        let to = order
            .get(k + 1)
            .or(order.first())
            .copied()
            .unwrap_or_default();
        if let Some(slot) = table.get_mut(from as usize) {
            *slot = to;
        }
    }
    table
}

struct Row<'w> {
    n: &'static str,
    name: &'static str,
    work: Work<'w>,
    samples: Vec<f64>,
}

impl<'w> Row<'w> {
    fn new(n: &'static str, name: &'static str, work: Work<'w>) -> Row<'w> {
        Row {
            n,
            name,
            work,
            samples: Vec::with_capacity(SAMPLES),
        }
    }
}

fn main() {
    let worlds =
        [(4, "4"), (100, "100"), (1000, "1000")].map(|(n, label)| (label, workload_world(n)));
    let mut rows = Vec::new();
    for (n, world) in &worlds {
        for (name, principal, action, tenant, _) in REQUESTS {
            let request = Box::new(build(principal, action, tenant));
            rows.push(Row::new(n, name, Work::Decide(world, request)));
        }
    }
    rows.push(Row::new(
        "–",
        "control: arithmetic, no memory",
        Work::Arithmetic,
    ));
    rows.push(Row::new(
        "–",
        "control: dependent loads, 256 KB",
        Work::Loads(cycle(1 << 16), std::cell::Cell::new(0)),
    ));
    for row in &rows {
        (0..SAMPLES / 10).for_each(|_| row.work.run());
    }
    for _ in 0..SAMPLES / CHUNK {
        for row in &mut rows {
            (0..WARM_UP).for_each(|_| row.work.run());
            for _ in 0..CHUNK {
                let t = Instant::now();
                (0..BATCH).for_each(|_| row.work.run());
                row.samples
                    .push(t.elapsed().as_nanos() as f64 / f64::from(BATCH));
            }
        }
    }
    println!("| N | request | p50 ns | p99 ns | p99/p50 |");
    println!("|---:|---|---:|---:|---:|");
    for mut row in rows {
        row.samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            row.samples
                .get(((row.samples.len() as f64) * q) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        let (p50, p99) = (at(0.50), at(0.99));
        println!(
            "| {} | {} | {p50:.0} | {p99:.0} | {:.2} |",
            row.n,
            row.name,
            p99 / p50
        );
    }
}
