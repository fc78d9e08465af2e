//! Criterion benchmarks of `kmspolicy lint` throughput (policies per second, all 88 rules): over
//! the bundled `policies/` (read once, linted from memory), and over a corpus of 1,000 generated
//! key and identity policies — roughly half key policies with root delegation, administrator and
//! user statements (some with a wildcard principal, so the evaluator-backed rules KP101–KP104 and
//! KP110 do real work), half identity policies — built deterministically in this file.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark with broken input should stop; criterion_group! generates undocumented items"
)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kmspolicy::lint::{lint_text, Options};
use serde_json::{json, Value};

/// How many policies the generated corpus holds.
const CORPUS: usize = 1_000;

/// A small deterministic generator (64-bit LCG), so every run lints the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.next()).unwrap_or(0) % items.len().max(1);
        items.get(i).copied().unwrap_or("")
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const USER_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
    "kms:DescribeKey",
    "kms:CreateGrant",
    "kms:Sign",
    "kms:Verify",
];

const ADMIN_ACTIONS: &[&str] = &[
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

const SERVICES: &[&str] = &["s3", "ec2", "rds", "dynamodb", "secretsmanager"];

/// A condition block for a user statement, or none.
fn condition(rng: &mut Lcg, account: &str) -> Option<Value> {
    match rng.next() % 6 {
        0 => None,
        1 => Some(json!({"StringEquals": {
            "kms:ViaService": format!("{}.us-east-1.amazonaws.com", rng.pick(SERVICES)),
            "kms:CallerAccount": account
        }})),
        2 => Some(json!({"StringEquals": {"kms:EncryptionContext:tenant": "acme"}})),
        3 => Some(json!({
            "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "region"]},
            "Null": {"kms:EncryptionContextKeys": "false"}
        })),
        4 => Some(json!({"Bool": {"kms:GrantIsForAWSResource": "true"}})),
        _ => Some(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
    }
}

fn actions(rng: &mut Lcg, from: &[&str], max: u64) -> Vec<String> {
    let n = 1 + rng.next() % max;
    let mut out: Vec<String> = Vec::new();
    for _ in 0..n {
        let a = rng.pick(from).to_string();
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// One generated key policy.
fn key_policy(rng: &mut Lcg, i: usize) -> Value {
    let account = format!("{:012}", 111_122_223_333_u64 + (i as u64 % 7));
    let mut statements = Vec::new();
    if rng.chance(85) {
        statements.push(json!({
            "Sid": "Enable IAM User Permissions", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "kms:*", "Resource": "*"
        }));
    }
    if rng.chance(70) {
        statements.push(json!({
            "Sid": "KeyAdministrators", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:role/KeyAdmin{i}")},
            "Action": actions(rng, ADMIN_ACTIONS, 10), "Resource": "*"
        }));
    }
    let users = 1 + rng.next() % 4;
    for u in 0..users {
        let principal = if rng.chance(15) {
            json!({"AWS": "*"})
        } else if rng.chance(15) {
            json!({"AWS": "arn:aws:iam::444455556666:root"})
        } else {
            json!({"AWS": format!("arn:aws:iam::{account}:role/App{i}-{u}")})
        };
        let mut st = json!({
            "Sid": format!("KeyUsers{u}"), "Effect": "Allow", "Principal": principal,
            "Action": actions(rng, USER_ACTIONS, 5), "Resource": "*"
        });
        if let (Some(c), Some(obj)) = (condition(rng, &account), st.as_object_mut()) {
            obj.insert("Condition".into(), c);
        }
        statements.push(st);
    }
    if rng.chance(20) {
        statements.push(json!({
            "Sid": "NoLockoutBypass", "Effect": "Deny", "Principal": "*",
            "Action": "kms:PutKeyPolicy", "Resource": "*",
            "Condition": {"Bool": {"kms:BypassPolicyLockoutSafetyCheck": "true"}}
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// One generated identity policy.
fn identity_policy(rng: &mut Lcg, i: usize) -> Value {
    let account = format!("{:012}", 111_122_223_333_u64 + (i as u64 % 7));
    let resources = [
        "*".to_string(),
        format!("arn:aws:kms:us-east-1:{account}:key/{i:08x}-12ab-34cd-56ef-1234567890ab"),
        "arn:aws:kms:*:*:key/*".to_string(),
        format!("arn:aws:kms:*:{account}:key/*"),
    ];
    let n = 1 + rng.next() % 4;
    let statements: Vec<Value> = (0..n)
        .map(|s| {
            let resource = resources
                .get(usize::try_from(rng.next()).unwrap_or(0) % resources.len())
                .cloned()
                .unwrap_or_default();
            let from = if rng.chance(25) {
                ADMIN_ACTIONS
            } else {
                USER_ACTIONS
            };
            let mut st = json!({
                "Sid": format!("Stmt{s}"), "Effect": "Allow",
                "Action": actions(rng, from, 4), "Resource": resource
            });
            if let (Some(c), Some(obj)) = (condition(rng, &account), st.as_object_mut()) {
                obj.insert("Condition".into(), c);
            }
            st
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The generated corpus: (file name, pretty-printed policy).
fn corpus() -> Vec<(String, String)> {
    let mut rng = Lcg(0x6b6d_7370_6f6c_6963);
    (0..CORPUS)
        .map(|i| {
            let doc = if i % 2 == 0 {
                key_policy(&mut rng, i)
            } else {
                identity_policy(&mut rng, i)
            };
            (
                format!("generated/{i:04}.json"),
                serde_json::to_string_pretty(&doc).expect("serialisable"),
            )
        })
        .collect()
}

/// Lints every text; returns the number of findings (so the work is not optimised away).
fn lint_all(files: &[(String, String)], options: &Options) -> usize {
    files
        .iter()
        .map(|(name, text)| lint_text(name, black_box(text), options).findings.len())
        .sum()
}

/// Registers every benchmark of this file.
fn bench(c: &mut Criterion) {
    let options = Options::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut bundled: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("policies/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        // Scenario worlds are not policies.
        .filter(|p| !p.to_string_lossy().ends_with(".world.json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p.display().to_string(), text)
        })
        .collect();
    bundled.sort();

    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Elements(bundled.len() as u64));
    group.bench_function(format!("policies/ ({} files)", bundled.len()), |b| {
        b.iter(|| lint_all(&bundled, &options))
    });

    let generated = corpus();
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(generated.len() as u64));
    group.bench_function(format!("generated corpus ({CORPUS} policies)"), |b| {
        b.iter(|| lint_all(&generated, &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
