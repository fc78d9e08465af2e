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
use kmspolicy::scenario::load_scenario_str;
use kmspolicy::{authorize, decide, Policy, PolicyKind, Request};

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const DEFAULT_POLICY: &str = r#"{"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
   "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}"#;

/// A key policy of realistic statements (key users with encryption-context and ViaService
/// conditions, admins, cross-account users, denies), grown to just under 32,768 bytes.
pub fn key_policy_32k() -> String {
    let mut statements = vec![DEFAULT_POLICY
        .split_once("\"Statement\": [")
        .map(|(_, s)| s.trim_end_matches("]}").trim().to_string())
        .unwrap_or_default()];
    let mut i = 0;
    loop {
        let s = match i % 4 {
            0 => format!(
                r#"{{"Sid": "KeyUser{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/app-{i}"}},
  "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*",
  "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": "tenant-{i}", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}}}}}"#
            ),
            1 => format!(
                r#"{{"Sid": "Admin{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/admin-{i}"}},
  "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*"], "Resource": "*"}}"#
            ),
            2 => format!(
                r#"{{"Sid": "Partner{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::4444555{:05}:root"}},
  "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
  "Condition": {{"ForAnyValue:StringLike": {{"kms:EncryptionContextKeys": ["partner-*"]}}}}}}"#,
                i
            ),
            _ => format!(
                r#"{{"Sid": "DenyOutside{i}", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
  "Condition": {{"StringNotEquals": {{"aws:PrincipalOrgID": "o-example{i}"}}, "BoolIfExists": {{"aws:ViaAWSService": "false"}}}}}}"#
            ),
        };
        let next = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{},\n{s}]}}",
            statements.join(",\n")
        );
        if next.len() > 32_768 {
            break;
        }
        statements.push(s);
        i += 1;
    }
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}",
        statements.join(",\n")
    )
}

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
}

criterion_group!(benches, policies);
criterion_main!(benches);
