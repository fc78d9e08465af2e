//! kmspolicy: decide offline, exactly as AWS does, whether a request to AWS KMS is allowed.
#![forbid(unsafe_code)]

mod error;
pub(crate) mod glob;
pub mod json;
pub mod policy;
mod source;
pub(crate) mod values;

pub use error::{Diagnostic, Error};
pub use policy::{Effect, Policy, PolicyKind, Statement};
pub use source::{Location, Source, Span};
