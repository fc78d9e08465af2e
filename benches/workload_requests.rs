// Shared by benches/workload.rs, benches/latency.rs and tests/alloc.rs (included with
// `include!`): the five requests of the peer-bench workload.

/// The workload's key.
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// (name, principal, action, tenant in the encryption context, expected decision)
const REQUESTS: [(&str, &str, &str, Option<&str>, kmspolicy::Decision); 5] = [
    (
        "user-decrypt-allow",
        "arn:aws:iam::111122223333:role/KeyUser",
        "kms:Decrypt",
        Some("acme"),
        kmspolicy::Decision::Allowed,
    ),
    (
        "user-decrypt-wrong-ctx",
        "arn:aws:iam::111122223333:role/KeyUser",
        "kms:Decrypt",
        Some("evil"),
        kmspolicy::Decision::ImplicitDeny,
    ),
    (
        "blocked-explicit-deny",
        "arn:aws:iam::111122223333:role/Blocked",
        "kms:Decrypt",
        Some("acme"),
        kmspolicy::Decision::ExplicitDeny,
    ),
    (
        "cross-account-allow",
        "arn:aws:iam::444455556666:role/Partner",
        "kms:Decrypt",
        Some("acme"),
        kmspolicy::Decision::Allowed,
    ),
    (
        "admin-schedule-delete",
        "arn:aws:iam::111122223333:role/KeyAdmin",
        "kms:ScheduleKeyDeletion",
        None,
        kmspolicy::Decision::Allowed,
    ),
];

/// Builds one workload request, borrowing its strings as an embedder would.
fn build<'a>(principal: &'a str, action: &str, tenant: Option<&'a str>) -> kmspolicy::Request<'a> {
    let mut b = kmspolicy::Request::builder()
        .principal(principal)
        .action(action)
        .resource(KEY);
    if let Some(t) = tenant {
        b = b.encryption_context("tenant", t);
    }
    b.build().expect("valid request")
}

/// The compiled world of the workload with `n` statements.
fn workload_world(n: usize) -> kmspolicy::World {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("benches/workload/workload-N{n}.test.json"));
    kmspolicy::scenario::load_scenario_file(&path)
        .expect("the workload loads")
        .world
}
