//! The integration tests, in one binary: the fixture suite, bad-input diagnostics, the CLI, and
//! property tests of the decision procedure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot go on should stop loudly"
)]

mod cli;
mod fixtures;
mod lint;
mod parse_errors;
mod properties;
mod reliability;
