//! Structured policies and requests through the evaluator, checked against the reference
//! evaluator of `kmspolicy_fuzz::reference` (spec §8 for one key policy and one identity
//! policy): see `kmspolicy_fuzz::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kmspolicy_fuzz::check::check(data));
