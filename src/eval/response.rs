//! The answer to a request: the decision and everything needed to explain it.
//!
//! A decision never comes alone: it names the statements that decided it (policy, index, Sid,
//! file:line:column), the policy type that blocked the request, the conditions that failed and the
//! keys they looked for, any evaluation errors (which can only ever deny), and the message AWS
//! would return.

use std::fmt;

use super::context::ContextValue;
use super::matching::DirectKind;
use crate::policy::{Effect, PolicyKind};
use crate::source::Location;

/// The decision, in AWS's own EvalDecision words.
///
/// An evaluation error never yields [`Decision::Allowed`]: a request whose evaluation failed
/// anywhere is at most [`Decision::ImplicitDeny`], with the error in [`Response::errors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Decision {
    /// Every required allow is present and nothing denies.
    #[serde(rename = "allowed")]
    Allowed,
    /// A `Deny` statement applies somewhere. Always wins.
    #[serde(rename = "explicitDeny")]
    ExplicitDeny,
    /// Nothing denies, but a required allow is missing. The default.
    #[serde(rename = "implicitDeny")]
    ImplicitDeny,
}

impl Decision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }

    /// Parses the words above.
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "allowed" => Some(Decision::Allowed),
            "explicitDeny" => Some(Decision::ExplicitDeny),
            "implicitDeny" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statement that took part in a decision.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatementRef {
    /// The type of the policy it belongs to.
    pub policy_type: PolicyKind,
    /// The policy: a file path or a label such as `key policy of arn:…`.
    pub policy: String,
    /// For SCPs and RCPs: the level, 0 = organization root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// Position in the policy, from 0.
    pub index: usize,
    /// The `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// Where the statement starts.
    pub location: Location,
    /// How the caller was named, for key-policy and grant matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_as: Option<String>,
}

impl StatementRef {
    /// The `Sid` or `#index`.
    pub fn label(&self) -> String {
        self.sid
            .clone()
            .unwrap_or_else(|| format!("#{}", self.index))
    }
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self
            .level
            .map(|l| format!(" level {l}"))
            .unwrap_or_default();
        write!(
            f,
            "{} statement {} ({}) of {}{level} `{}` at {}",
            self.effect.as_str(),
            self.index,
            self.label(),
            self.policy_type.aws_phrase(),
            self.policy,
            self.location
        )
    }
}

/// A statement that would have applied but for one of its conditions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FailedCondition {
    /// The statement.
    pub statement: StatementRef,
    /// The operator, as written.
    pub operator: String,
    /// The condition key, as written.
    pub key: String,
    /// Where the condition key is written.
    pub location: Location,
    /// The request's value for the key; `None` when the request lacked it.
    pub request_value: Option<ContextValue>,
    /// The policy's values.
    pub policy_values: Vec<String>,
}

impl fmt::Display for FailedCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let got = match &self.request_value {
            None => "the request has no such key".to_string(),
            Some(ContextValue::Single(v)) => format!("the request has `{v}`"),
            Some(ContextValue::Multi(v) | ContextValue::Conflict(v)) => {
                format!(
                    "the request has [{}]",
                    v.iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        write!(
            f,
            "`{}` on `{}` at {} is false: {got}; the policy wants {}",
            self.operator,
            self.key,
            self.location,
            self.policy_values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    }
}

/// A grant that allowed the request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GrantRef {
    /// The key the grant is on.
    pub key: String,
    /// `GrantId`.
    pub grant_id: String,
    /// How the grantee matched the caller.
    pub matched_as: String,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Response {
    /// The decision.
    pub decision: Decision,
    /// The statements that decided it: for `explicitDeny` every applying `Deny`; for `allowed` the
    /// `Allow` statements on the paths that allowed; empty for `implicitDeny` (see
    /// [`Response::failed_conditions`]).
    pub deciding: Vec<StatementRef>,
    /// Grants that allowed the request.
    pub grants: Vec<GrantRef>,
    /// The policy type that blocked the request, in AWS's words (`resource-based policy`, …).
    pub blocked_by: Option<String>,
    /// Statements that matched the request except for a condition.
    pub failed_conditions: Vec<FailedCondition>,
    /// Condition keys that a condition looked for but the request lacked.
    pub missing_keys: Vec<String>,
    /// Evaluation errors. Any error makes the decision at best `implicitDeny`.
    pub errors: Vec<String>,
    /// Further facts about the decision (for example "not usable across accounts").
    pub notes: Vec<String>,
    /// The error the KMS API call would return: `none`, `AccessDeniedException`,
    /// `DisabledException`, `KMSInvalidStateException`, `NotFoundException`, …
    pub error_code: String,
    /// The message that comes with [`Response::error_code`].
    pub message: Option<String>,
}

impl Response {
    /// Whether the request is allowed (the API call may still fail on the key state).
    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allowed
    }

    /// The `Sid`s (or `#N`) of the deciding statements.
    pub fn deciding_labels(&self) -> Vec<String> {
        self.deciding.iter().map(StatementRef::label).collect()
    }
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "decision: {}", self.decision)?;
        if let Some(b) = &self.blocked_by {
            writeln!(f, "blocked by: {b}")?;
        }
        if !self.deciding.is_empty() {
            writeln!(f, "decided by:")?;
            for s in &self.deciding {
                writeln!(f, "  - {s}")?;
            }
        }
        for g in &self.grants {
            writeln!(
                f,
                "allowed by grant `{}` on {} (grantee matched as {})",
                g.grant_id, g.key, g.matched_as
            )?;
        }
        if !self.failed_conditions.is_empty() {
            writeln!(f, "conditions that failed:")?;
            for c in &self.failed_conditions {
                writeln!(
                    f,
                    "  - {} {}: {c}",
                    c.statement.policy_type.aws_phrase(),
                    c.statement.label()
                )?;
            }
        }
        if !self.missing_keys.is_empty() {
            writeln!(
                f,
                "keys the request lacked: {}",
                self.missing_keys.join(", ")
            )?;
        }
        for e in &self.errors {
            writeln!(f, "evaluation error: {e}")?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        match &self.message {
            Some(m) => writeln!(f, "KMS would answer: {}: {m}", self.error_code),
            None => writeln!(f, "KMS would answer: success"),
        }
    }
}

pub(crate) fn kind_label(kind: DirectKind) -> &'static str {
    match kind {
        DirectKind::Wildcard => "wildcard",
        DirectKind::Service => "service principal",
        DirectKind::User => "IAM user",
        DirectKind::FederatedParentUser => "IAM user of the federated session",
        DirectKind::Role => "role",
        DirectKind::ExactSession => "exact session",
    }
}
