//! A decision on the common path allocates nothing: the request is prebuilt, the world compiled,
//! and `decide` reads condition keys straight from them. Building a request from borrowed strings
//! allocates nothing either. Checked with a counting allocator, in a test binary of its own
//! because it replaces the global allocator.
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

#[test]
fn building_a_request_from_borrowed_strings_does_not_allocate() {
    for (_, principal, action, tenant, _) in REQUESTS {
        let _ = build(principal, action, tenant);
        let mut built = None;
        let info = allocation_counter::measure(|| {
            built = Some(build(principal, action, tenant));
        });
        assert_eq!(
            info.count_total, 0,
            "{principal} {action} allocated {info:?}"
        );
        let request = built.expect("built");
        assert_eq!(request.caller().display_arn(), principal);
        assert_eq!(
            request.encryption_context().count(),
            usize::from(tenant.is_some())
        );
    }
    // Two encryption-context pairs still fit without the heap; a role session's ARN needs its
    // role ARN derived, which is one allocation.
    let info = allocation_counter::measure(|| {
        let r = kmspolicy::Request::builder()
            .principal("arn:aws:iam::111122223333:user/alice")
            .action("kms:Decrypt")
            .resource(KEY)
            .encryption_context("tenant", "acme")
            .encryption_context("team", "payments")
            .build()
            .expect("valid request");
        assert_eq!(r.encryption_context_len(), 2);
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    let info = allocation_counter::measure(|| {
        let r = kmspolicy::Request::builder()
            .principal("arn:aws:sts::111122223333:assumed-role/App/worker-1")
            .action("kms:Decrypt")
            .resource(KEY)
            .build()
            .expect("valid request");
        assert_eq!(
            r.caller().principal_arn(),
            Some("arn:aws:iam::111122223333:role/App")
        );
    });
    assert_eq!(info.count_total, 1, "{info:?}");
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
