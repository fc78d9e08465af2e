#![doc = include_str!("../README.md")]
//!
//! ## Features
//!
//! - `cli` (default): the `kmspolicy` binary and the [`cli`] module (adds `clap`). Embedders use
//!   `default-features = false`.
#![forbid(unsafe_code)]

#[cfg(feature = "cli")]
pub mod cli;
mod error;
pub mod eval;
pub(crate) mod glob;
pub(crate) mod hash;
pub mod json;
pub mod kms;
pub mod lint;
pub mod policy;
pub mod scenario;
mod source;
pub(crate) mod values;
pub mod world;

pub use error::{Diagnostic, Error};
pub use eval::{authorize, decide, Decision, Request, Response, Verdict};
pub use policy::{Effect, Policy, PolicyKind, Statement};
pub use source::{Location, Source, Span};
pub use world::World;
