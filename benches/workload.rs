//! The peer-bench workload (`../shared/tools/peer-bench`, files generated with
//! `cedar_kms_bench workload benches/workload`): one key whose policy has N = 4, 100 or 1,000
//! statements and five requests. Measures the decision alone (`decide`, request prebuilt), the decision with the
//! request built from its parts, and the decision with its full explanation (`authorize`), so the figures can be set beside the peers' in one table.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark with broken input should stop; criterion_group! generates undocumented items"
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kmspolicy::{authorize, decide};

include!("workload_requests.rs");

/// Registers the workload benchmarks.
fn workload(c: &mut Criterion) {
    for n in [4, 100, 1000] {
        let world = workload_world(n);
        let mut group = c.benchmark_group(format!("workload/N{n}"));
        for (name, principal, action, tenant, _) in REQUESTS {
            let request = build(principal, action, tenant);
            group.bench_function(format!("{name}/decide"), |b| {
                b.iter(|| decide(black_box(&world), black_box(&request)).expect("decidable"))
            });
            group.bench_function(format!("{name}/build+decide"), |b| {
                b.iter(|| {
                    let r = build(black_box(principal), action, tenant);
                    decide(&world, &r).expect("decidable")
                })
            });
            group.bench_function(format!("{name}/authorize+explain"), |b| {
                b.iter(|| authorize(black_box(&world), black_box(&request)).expect("decidable"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, workload);
criterion_main!(benches);
