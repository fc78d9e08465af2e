//! Criterion benchmarks of loading and of the heavier decision shapes: parse + compile of the
//! default key policy, of a realistic key policy at the 32 KB KMS size limit and of a set of ten
//! identity policies; a decision on a key with 100 grants; a decision under a three-level SCP chain
//! with a permissions boundary and a session policy.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark with broken input should stop; criterion_group! generates undocumented items"
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kmspolicy::eval::{decide_with, Options};
use kmspolicy::scenario::load_scenario_str;
use kmspolicy::{authorize, decide, Policy, PolicyKind, Request};

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

include!("big_policy.rs");

fn identity_policies() -> Vec<String> {
    (0..10)
        .map(|i| {
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [
  {{"Sid": "Use{i}", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/*",
    "Condition": {{"StringEquals": {{"aws:ResourceTag/team": "team-{i}"}}}}}},
  {{"Sid": "S3{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-{i}/*"}},
  {{"Sid": "Deny{i}", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}}]}}"#
            )
        })
        .collect()
}

fn grants_world() -> String {
    let grants: Vec<String> = (0..100)
        .map(|i| {
            format!(
                r#"{{"GrantId": "grant-{i:03}", "GranteePrincipal": "arn:aws:iam::111122223333:role/worker-{i}",
  "Operations": ["Decrypt", "GenerateDataKey"], "Constraints": {{"EncryptionContextSubset": {{"job": "job-{i}"}}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"keys": [{{"arn": "{KEY}", "grants": [{}]}}]}}"#,
        grants.join(",\n")
    )
}

fn guarded_world() -> String {
    let allow_all = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "FullAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let deny_delete = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "NoDeletion", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]}"#;
    format!(
        r#"{{
  "keys": [{{"arn": "{KEY}", "policy": {{"Version": "2012-10-17", "Statement": [
    {{"Sid": "Root", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}}, "Action": "kms:*", "Resource": "*"}}]}}}}],
  "principals": [{{"arn": "arn:aws:iam::111122223333:role/App",
    "policies": [{{"Version": "2012-10-17", "Statement": [{{"Sid": "Use", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "{KEY}"}}]}}],
    "permissions_boundary": {{"Version": "2012-10-17", "Statement": [{{"Sid": "Boundary", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}}]}}}}],
  "accounts": [{{"id": "111122223333", "organization": {{"id": "o-example", "paths": ["o-example/r-ab12/ou-ab12-1/"]}},
    "scps": [[{allow_all}], [{allow_all}, {deny_delete}], [{allow_all}]]}}]
}}"#
    )
}

/// A key policy of 1,000 statements that all name `"*"` (scoped by `aws:PrincipalArn`): the
/// principal index cannot narrow it, so it measures the index's overhead on the linear path.
fn wildcard_world() -> String {
    let statements: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
  "Condition": {{"ArnEquals": {{"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-{i}"}}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"keys": [{{"arn": "{KEY}", "policy": {{"Version": "2012-10-17", "Statement": [{}]}}}}]}}"#,
        statements.join(",\n")
    )
}

/// Registers the benchmarks.
fn policies(c: &mut Criterion) {
    let big = key_policy_32k();
    assert!(big.len() <= 32_768 && big.len() > 30_000, "{}", big.len());
    c.bench_function("parse+compile/default key policy", |b| {
        b.iter(|| {
            Policy::parse("p.json", black_box(DEFAULT_POLICY), PolicyKind::Key).expect("valid")
        })
    });
    c.bench_function("parse+compile/32 KB key policy", |b| {
        b.iter(|| Policy::parse("p.json", black_box(&big), PolicyKind::Key).expect("valid"))
    });
    let ids = identity_policies();
    c.bench_function("parse+compile/10 identity policies", |b| {
        b.iter(|| {
            for p in &ids {
                black_box(Policy::parse("id.json", p, PolicyKind::Identity).expect("valid"));
            }
        })
    });

    let grants = load_scenario_str("grants.json", &grants_world(), std::path::Path::new("."))
        .expect("valid world")
        .world;
    let last_worker = Request::builder()
        .principal("arn:aws:sts::111122223333:assumed-role/worker-99/run")
        .action("kms:Decrypt")
        .resource(KEY)
        .encryption_context("job", "job-99")
        .build()
        .expect("valid request");
    c.bench_function("decide/key with 100 grants", |b| {
        b.iter(|| decide(black_box(&grants), black_box(&last_worker)).expect("decidable"))
    });

    let guarded = load_scenario_str("guarded.json", &guarded_world(), std::path::Path::new("."))
        .expect("valid world")
        .world;
    let session_policy = Policy::parse(
        "session.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Session", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}"#,
        PolicyKind::Session,
    )
    .expect("valid");
    let app = Request::builder()
        .principal("arn:aws:sts::111122223333:assumed-role/App/s1")
        .action("kms:Decrypt")
        .resource(KEY)
        .session_policy(session_policy)
        .build()
        .expect("valid request");
    c.bench_function(
        "decide/3-level SCP chain + boundary + session policy",
        |b| b.iter(|| decide(black_box(&guarded), black_box(&app)).expect("decidable")),
    );
    c.bench_function(
        "authorize/3-level SCP chain + boundary + session policy",
        |b| b.iter(|| authorize(black_box(&guarded), black_box(&app)).expect("decidable")),
    );

    let wildcard = load_scenario_str(
        "wildcard.json",
        &wildcard_world(),
        std::path::Path::new("."),
    )
    .expect("valid world")
    .world;
    let last = Request::builder()
        .principal("arn:aws:sts::111122223333:assumed-role/app-999/s")
        .action("kms:Decrypt")
        .resource(KEY)
        .build()
        .expect("valid request");
    for (name, use_index) in [("indexed", true), ("linear", false)] {
        let opts = Options { use_index };
        c.bench_function(&format!("decide/1,000 wildcard statements ({name})"), |b| {
            b.iter(|| decide_with(black_box(&wildcard), black_box(&last), opts).expect("decidable"))
        });
    }
}

criterion_group!(benches, policies);
criterion_main!(benches);
