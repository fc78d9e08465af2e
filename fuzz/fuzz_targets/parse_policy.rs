//! Arbitrary bytes through the policy parser for every policy kind: it must never panic, and a
//! policy it accepts must print to JSON that parses back to the same policy.
#![no_main]

use kmspolicy::{Policy, PolicyKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [
        PolicyKind::Key,
        PolicyKind::Identity,
        PolicyKind::Scp,
        PolicyKind::Rcp,
    ] {
        if let Ok(p) = Policy::parse("fuzz.json", text, kind) {
            let printed = p.to_json();
            let again =
                Policy::parse("printed.json", &printed, kind).expect("printed policy parses");
            assert_eq!(p, again);
        }
    }
});
