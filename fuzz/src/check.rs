//! The check behind the `evaluate` fuzz target, in the library so that the unit tests can run it
//! on pseudo-random input without libFuzzer.
//!
//! The bytes choose a case from the vocabulary of [`crate::model`]; the case is written as policy
//! JSON text, parsed (it must parse: the vocabulary is valid), put in a world and decided with
//! `decide` and `authorize`, with and without the principal index. All four must agree with each
//! other and with [`crate::reference`], and the engine must report an evaluation error exactly
//! when the reference meets one.

use crate::model::{
    policy_json, Case, ACTIONS, BOOLS, CALLERS, CONTEXTS, DATES, IPS, KEY_ARN, LISTED, NUMBERS,
    PRINCIPAL_ARNS,
};
use crate::reference::{self, decide as reference_decide};
use arbitrary::Unstructured;
use kmspolicy::eval::{authorize_with, decide_with, Options};
use kmspolicy::world::{Key, Principal};
use kmspolicy::{Decision, Policy, PolicyKind, Request, World};

fn parse(text: &str, kind: PolicyKind) -> Policy {
    match Policy::parse("generated.json", text, kind) {
        Ok(p) => p,
        Err(e) => panic!("the vocabulary produced a policy the parser rejects: {e}\n{text}"),
    }
}

fn world(case: &Case) -> World {
    let mut w = World::new();
    let key = parse(&policy_json(&case.key), PolicyKind::Key);
    w.add_key(Key::new(KEY_ARN, key).expect("key ARN"));
    let identity = if case.identity.is_empty() {
        vec![]
    } else {
        vec![parse(&policy_json(&case.identity), PolicyKind::Identity)]
    };
    for arn in LISTED {
        w.add_principal(Principal::new(arn, identity.clone()).expect("principal ARN"));
    }
    w
}

fn request(case: &Case) -> Request<'_> {
    let mut b = Request::builder()
        .principal(CALLERS[case.caller].text)
        .action(ACTIONS[case.action].0)
        .resource(KEY_ARN);
    for (k, v) in CONTEXTS[case.ec] {
        b = b.encryption_context(*k, *v);
    }
    for (key, value) in [
        ("custom:n", NUMBERS[case.number]),
        ("aws:CurrentTime", DATES[case.date]),
        ("aws:SourceIp", IPS[case.ip]),
        ("aws:SecureTransport", BOOLS[case.secure]),
    ] {
        b = match value {
            Some(v) => b.context(key, v),
            None => b.context_absent(key),
        };
    }
    if let Some(v) = PRINCIPAL_ARNS[case.principal_arn] {
        b = b.context("aws:PrincipalArn", v);
    }
    b.build().expect("the vocabulary's requests are valid")
}

/// Decodes one case from `data` and checks the engine against the reference (panics on a
/// difference). Input too short for a case is ignored.
pub fn check(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(case) = Case::generate(&mut u) else {
        return;
    };
    let w = world(&case);
    let q = request(&case);
    let expected = reference_decide(&case);
    let want = match expected.decision {
        reference::Decision::Allowed => Decision::Allowed,
        reference::Decision::ExplicitDeny => Decision::ExplicitDeny,
        reference::Decision::ImplicitDeny => Decision::ImplicitDeny,
    };
    for use_index in [true, false] {
        let opts = Options { use_index };
        let fast = decide_with(&w, &q, opts).expect("decidable");
        let full = authorize_with(&w, &q, opts).expect("decidable");
        assert_eq!(fast.decision, full.decision, "decide and authorize differ");
        assert_eq!(
            full.decision,
            want,
            "engine and reference differ (use_index {use_index})\ncase: {case:#?}\nkey policy: {}\nidentity policy: {}\nerrors: {:?}",
            policy_json(&case.key),
            policy_json(&case.identity),
            full.errors
        );
        assert_eq!(
            !full.errors.is_empty(),
            expected.error,
            "evaluation errors differ (use_index {use_index}): engine {:?}\ncase: {case:#?}",
            full.errors
        );
    }
}

#[cfg(test)]
mod tests {
    /// A few thousand pseudo-random inputs (xorshift), so that `cargo test` in `fuzz/` catches a
    /// broken vocabulary or reference without libFuzzer.
    #[test]
    fn random_cases_agree() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let n: usize = std::env::var("KMSPOLICY_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3000);
        for _ in 0..n {
            let mut bytes = vec![0u8; 512];
            for b in bytes.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = (state >> 24) as u8;
            }
            super::check(&bytes);
        }
    }
}
