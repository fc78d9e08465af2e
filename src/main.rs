//! The thin `kmspolicy` binary.
fn main() {}
