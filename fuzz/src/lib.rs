//! Support code for the `evaluate` fuzz target: a small vocabulary of policy elements and requests
//! ([`model`]), turned into policy JSON text and a request from fuzzer bytes, and an independent,
//! deliberately simple reference evaluator ([`reference`]) written from §8 of
//! `../shared/docs/kms-authorization.md` for the subset the vocabulary covers. The target checks
//! that kmspolicy and the reference decide every generated case identically.
//!
//! The reference shares no code with kmspolicy: it has its own wildcard matcher, its own ARN
//! splitting, number, date, IP and boolean readers, and its own decision procedure.

pub mod check;
pub mod model;
pub mod reference;
