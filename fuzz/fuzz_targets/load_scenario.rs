//! Arbitrary bytes through the scenario loader and, when it loads, every case through the
//! evaluator: no panic anywhere, and the fast path (`decide`) and the explaining path
//! (`authorize`, with and without the principal index) give the same decision and error code.
#![no_main]

use kmspolicy::eval::{authorize_with, decide_with, Options};
use kmspolicy::scenario::{load_scenario_str, run_scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Policy files named by the scenario are read relative to an empty directory; names that
    // could reach device or kernel files (`/dev/zero` never ends) are not fuzzed.
    if ["/dev", "/proc", "/sys", "\\u"]
        .iter()
        .any(|s| text.contains(s))
    {
        return;
    }
    let dir = std::env::temp_dir().join("kmspolicy-fuzz-empty");
    if let Ok(s) = load_scenario_str("fuzz.test.json", text, &dir) {
        let _ = run_scenario(&s);
        for case in s.cases.iter().flatten() {
            for use_index in [true, false] {
                let opts = Options { use_index };
                let fast = decide_with(&s.world, &case.request, opts);
                let full = authorize_with(&s.world, &case.request, opts);
                match (fast, full) {
                    (Ok(v), Ok(r)) => {
                        assert_eq!(v.decision, r.decision, "decide and authorize differ");
                        assert_eq!(v.error_code, r.error_code, "error codes differ");
                    }
                    (Err(_), Err(_)) => {}
                    (a, b) => panic!("one path failed: {:?} / {:?}", a.err(), b.err()),
                }
            }
        }
    }
});
