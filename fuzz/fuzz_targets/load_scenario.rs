//! Arbitrary bytes through the scenario loader and, when it loads, every case through the
//! evaluator: no panic anywhere.
#![no_main]

use kmspolicy::scenario::{load_scenario_str, run_scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let dir = std::env::temp_dir();
    if let Ok(s) = load_scenario_str("fuzz.test.json", text, &dir) {
        let _ = run_scenario(&s);
    }
});
