//! Evaluation: requests, their context, statement matching and the KMS decision procedure.

mod authorize;
mod caller;
mod conditions;
mod context;
mod matching;
mod request;
mod response;

#[cfg(feature = "cli")]
pub(crate) use authorize::authorize_brief;
pub use authorize::{authorize, authorize_with, decide, decide_with, Options, Verdict};
pub use caller::{Caller, CallerKind};
pub use context::ContextValue;
pub use matching::DirectKind;
pub use request::{Request, RequestBuilder};
pub use response::{Decision, FailedCondition, GrantRef, Response, StatementRef};
