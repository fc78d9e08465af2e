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
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use kmspolicy::scenario::load_scenario_file;
use kmspolicy::{authorize, decide, Request};

/// The five requests of the workload: (name, principal, action, tenant).
const REQUESTS: [(&str, &str, &str, Option<&str>); 5] = [
    (
        "user-decrypt-allow",
        "arn:aws:iam::111122223333:role/KeyUser",
        "kms:Decrypt",
        Some("acme"),
    ),
    (
        "user-decrypt-wrong-ctx",
        "arn:aws:iam::111122223333:role/KeyUser",
        "kms:Decrypt",
        Some("evil"),
    ),
    (
        "blocked-explicit-deny",
        "arn:aws:iam::111122223333:role/Blocked",
        "kms:Decrypt",
        Some("acme"),
    ),
    (
        "cross-account-allow",
        "arn:aws:iam::444455556666:role/Partner",
        "kms:Decrypt",
        Some("acme"),
    ),
    (
        "admin-schedule-delete",
        "arn:aws:iam::111122223333:role/KeyAdmin",
        "kms:ScheduleKeyDeletion",
        None,
    ),
];

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn build(principal: &str, action: &str, tenant: Option<&str>) -> Request {
    let mut b = Request::builder()
        .principal(principal)
        .action(action)
        .resource(KEY);
    if let Some(t) = tenant {
        b = b.encryption_context("tenant", t);
    }
    b.build().expect("valid request")
}

/// Registers the workload benchmarks.
fn workload(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workload");
    for n in [4, 100, 1000] {
        let scenario = load_scenario_file(&root.join(format!("workload-N{n}.test.json")))
            .expect("the workload loads");
        let world = scenario.world;
        let mut group = c.benchmark_group(format!("workload/N{n}"));
        for (name, principal, action, tenant) in REQUESTS {
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
