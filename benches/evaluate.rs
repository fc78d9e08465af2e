//! Criterion benchmarks: parsing a key policy, and deciding requests against the payments world
//! (allowed decrypt, denied decrypt with a failed condition, request building included).
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark with broken input should stop; criterion_group! generates undocumented items"
)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use kmspolicy::scenario::load_scenario_file;
use kmspolicy::{authorize, Policy, PolicyKind, Request};

/// Registers every benchmark of this file.
fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("policies/console-default-key-policy.json"))
        .expect("the bundled policy is readable");
    c.bench_function("parse+compile console default key policy", |b| {
        b.iter(|| Policy::parse("p.json", black_box(&text), PolicyKind::Key).expect("valid"))
    });

    let world = load_scenario_file(&root.join("policies/payments.world.json"))
        .expect("the payments world loads")
        .world;
    let app = "arn:aws:sts::111122223333:assumed-role/PaymentsApp/web-1";
    let allowed = Request::builder()
        .principal(app)
        .action("kms:Decrypt")
        .resource("alias/payments")
        .encryption_context("tenant", "acme")
        .build()
        .expect("valid request");
    let denied = Request::builder()
        .principal(app)
        .action("kms:Decrypt")
        .resource("alias/payments")
        .build()
        .expect("valid request");
    c.bench_function("authorize allowed decrypt (payments world)", |b| {
        b.iter(|| authorize(black_box(&world), black_box(&allowed)).expect("decidable"))
    });
    c.bench_function("authorize denied decrypt with explanation", |b| {
        b.iter(|| authorize(black_box(&world), black_box(&denied)).expect("decidable"))
    });
    c.bench_function("build request + authorize", |b| {
        b.iter(|| {
            let r = Request::builder()
                .principal(black_box(app))
                .action("kms:Decrypt")
                .resource("alias/payments")
                .encryption_context("tenant", "acme")
                .build()
                .expect("valid request");
            authorize(&world, &r).expect("decidable")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
