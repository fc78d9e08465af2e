//! A decision on the common path allocates nothing: the request is prebuilt, the world compiled,
//! and `decide` reads condition keys straight from them. Checked with a counting allocator, in a
//! test binary of its own because it replaces the global allocator.
#![allow(
    clippy::expect_used,
    reason = "a test that cannot go on should stop loudly"
)]

use kmspolicy::decide;

include!("../benches/workload_requests.rs");

#[test]
fn deciding_the_workload_requests_does_not_allocate() {
    for n in [4, 100, 1000] {
        let world = workload_world(n);
        for (_, principal, action, tenant, want) in REQUESTS {
            let request = build(principal, action, tenant);
            // Warm up lazily initialised state, then count.
            let _ = decide(&world, &request);
            let mut decision = None;
            let info = allocation_counter::measure(|| {
                decision = Some(decide(&world, &request).expect("decidable").decision);
            });
            assert_eq!(decision, Some(want), "N={n} {principal} {action}");
            assert_eq!(
                info.count_total, 0,
                "N={n} {principal} {action} allocated {info:?}"
            );
        }
    }
}

include!("../benches/big_policy.rs");

#[test]
fn a_32_kb_key_policy_compiles_to_under_a_megabyte() {
    let text = key_policy_32k();
    assert!(text.len() > 30_000 && text.len() <= 32_768);
    let mut keep = None;
    let info = allocation_counter::measure(|| {
        keep = Some(
            kmspolicy::Policy::parse("big.json", &text, kmspolicy::PolicyKind::Key).expect("valid"),
        );
    });
    let policy = keep.expect("parsed");
    assert!(policy.statements.len() > 100);
    // What the compiled policy keeps (its AST, compiled patterns, index and a copy of the source
    // text), measured as the bytes still allocated when parsing returns.
    assert!(info.bytes_current < 1_000_000, "{info:?}");
    println!(
        "32 KB key policy: {} statements, {} bytes compiled",
        policy.statements.len(),
        info.bytes_current
    );
}
