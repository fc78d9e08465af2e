//! The policy AST: what a policy document says, with every pattern compiled once.
//!
//! Lowering (in [`parse`]) turns the spanned JSON tree into these types and rejects everything AWS
//! would reject; the evaluator only ever sees well-formed policies. Each element keeps its source
//! text and whether it was written as a single value or an array, so that a policy prints back to
//! equivalent JSON ([`print`]).

mod condition;
pub(crate) mod index;
pub(crate) mod keys;
mod parse;
mod principal;
mod print;

use std::sync::Arc;

use crate::glob::Glob;
use crate::kms::ActionSet;
use crate::source::{Location, Source, Span};

pub(crate) use condition::{cmp_holds, Compiled, Family, Part, Template};
pub use condition::{BaseOp, Condition, ConditionValue, Operator, SetOp};
pub(crate) use parse::arn_value;
pub(crate) use principal::is_account_id;
pub use principal::PrincipalValue;
pub(crate) use principal::{
    parse_aws as principal_parse_aws, parse_service as principal_parse_service,
};

/// Helpers shared with other loaders (scenario files).
pub(crate) mod parse_support {
    pub(crate) use super::parse::{fields, syntax_error};
}

/// What a policy is attached to. It decides which elements are required or forbidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// The key policy of a KMS key (a resource policy).
    Key,
    /// An IAM identity policy (inline, managed or group policy).
    Identity,
    /// A permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// A VPC endpoint policy.
    VpcEndpoint,
}

impl PolicyKind {
    /// Whether statements name principals (resource-based policies).
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyKind::Key | PolicyKind::Rcp | PolicyKind::VpcEndpoint
        )
    }

    /// How AWS names this policy type in AccessDenied messages.
    pub fn aws_phrase(self) -> &'static str {
        match self {
            PolicyKind::Key => "resource-based policy",
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Boundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::Scp => "service control policy",
            PolicyKind::Rcp => "resource control policy",
            PolicyKind::VpcEndpoint => "VPC endpoint policy",
        }
    }
}

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2008-10-17`: `${...}` is literal text.
    V2008,
    /// `2012-10-17`: policy variables are substituted.
    V2012,
}

impl Version {
    /// The version string.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2008 => "2008-10-17",
            Version::V2012 => "2012-10-17",
        }
    }
}

/// A list element written either as a single value or as a JSON array.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOrMany<T> {
    /// The values.
    pub items: Vec<T>,
    /// True when written as an array (even of one value).
    pub array: bool,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

impl Effect {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A compiled action pattern such as `kms:ReEncrypt*` (case-insensitive).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPattern {
    /// As written (shared between equal patterns of one policy).
    pub text: Arc<str>,
    /// Shared between equal patterns of one policy: large policies repeat the same actions.
    pub(crate) matcher: Arc<Glob>,
    /// The KMS actions it covers.
    pub(crate) kms: ActionSet,
    /// Where it is.
    pub span: Span,
}

impl ActionPattern {
    /// Whether this pattern matches `action_lower`, an action name in lowercase.
    pub fn matches(&self, action_lower: &str) -> bool {
        self.matcher.is_match(action_lower)
    }
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionElement {
    /// True for `NotAction`.
    pub negated: bool,
    /// The patterns.
    pub patterns: OneOrMany<ActionPattern>,
    /// The KMS actions the patterns cover (before `NotAction` negates them).
    pub(crate) kms: ActionSet,
    /// Where the element's value is.
    pub span: Span,
}

/// One `Resource` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePattern {
    /// As written.
    pub text: String,
    pub(crate) matcher: ResourceMatcher,
    /// Where it is.
    pub span: Span,
}

/// How a resource entry matches.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ResourceMatcher {
    /// `"*"`: every resource (in a key policy: this key).
    Any,
    /// An ARN pattern: the first five components (case-insensitive globs) and the resource part.
    Arn {
        head: Box<[Glob; 5]>,
        resource: ArnResource,
    },
}

/// The resource part of an ARN pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArnResource {
    /// No variables: compiled once.
    Glob(Glob),
    /// Contains policy variables: substituted per request.
    Template(Template),
}

/// `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceElement {
    /// True for `NotResource`.
    pub negated: bool,
    /// The patterns.
    pub patterns: OneOrMany<ResourcePattern>,
    /// Where the element's value is.
    pub span: Span,
}

/// One principal type in a `Principal` object, with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, `Federated` or `CanonicalUser`.
    pub kind: String,
    /// The values.
    pub values: OneOrMany<PrincipalValue>,
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalElement {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// True when written as the bare string `"*"`.
    pub star: bool,
    /// The entries of the object form (empty for `"*"`).
    pub entries: Vec<PrincipalEntry>,
    /// Where the element's value is.
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the policy, from 0.
    pub index: usize,
    /// The `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Principal` / `NotPrincipal` (resource-based policies only).
    pub principal: Option<PrincipalElement>,
    /// `Action` / `NotAction`; `None` only in a key policy, where such a statement matches nothing.
    pub action: Option<ActionElement>,
    /// `Resource` / `NotResource`; `None` only in a key policy, where such a statement matches
    /// nothing.
    pub resource: Option<ResourceElement>,
    /// The condition entries, ANDed. `None` when there is no `Condition` element.
    pub conditions: Option<Vec<Condition>>,
    /// The whole statement.
    pub span: Span,
}

impl Statement {
    /// The `Sid` or, without one, `#index`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) => s.clone(),
            None => format!("#{}", self.index),
        }
    }
}

/// A parsed and compiled policy document.
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) source: Arc<Source>,
    pub(crate) label: Option<String>,
    /// What the policy is attached to.
    pub kind: PolicyKind,
    /// `Version`, `None` when absent (evaluated as 2008-10-17).
    pub version: Option<Version>,
    /// `Id`, if any.
    pub id: Option<String>,
    /// The statements.
    pub statements: Vec<Statement>,
    /// True when `Statement` was written as an array.
    pub statement_array: bool,
    /// Statements by the principals they name (resource policies with many statements).
    pub(crate) index: Option<index::PrincipalIndex>,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        self.kind == other.kind
            && self.version == other.version
            && self.id == other.id
            && self.statements == other.statements
            && self.statement_array == other.statement_array
    }
}

impl Policy {
    /// Parses `text` (read from `name`) as a policy of `kind`, reporting every problem found.
    pub fn parse(name: &str, text: &str, kind: PolicyKind) -> Result<Policy, crate::Error> {
        // An over-size document is refused before its text is copied or indexed.
        if let Err(e) = crate::json::check_size(text, crate::json::Limits::default()) {
            return Err(parse::syntax_error(&Source::new(name, ""), e));
        }
        parse::parse_policy(Source::new(name, text), kind)
    }

    /// Parses a policy from an already-read JSON node of `source` (a policy inline in a scenario
    /// file).
    pub(crate) fn from_node(
        source: &Arc<Source>,
        node: &crate::json::Node,
        kind: PolicyKind,
    ) -> Result<Policy, crate::Error> {
        parse::lower_policy(source, node, kind)
    }

    /// The language version in effect (absent means 2008-10-17).
    pub fn effective_version(&self) -> Version {
        self.version.unwrap_or(Version::V2008)
    }

    /// The name of the file (or label) the policy came from.
    pub fn source_name(&self) -> &str {
        self.source.name()
    }

    /// How explanations name this policy: its label, else its file.
    pub fn name(&self) -> &str {
        self.label.as_deref().unwrap_or_else(|| self.source.name())
    }

    /// Names the policy in explanations (for a policy inline in a scenario file).
    pub fn with_label(mut self, label: impl Into<String>) -> Policy {
        self.label = Some(label.into());
        self
    }

    /// The location of `span` in the policy's source.
    pub fn location(&self, span: Span) -> Location {
        self.source.location(span)
    }

    /// A policy with no statements (denies everything by default).
    pub(crate) fn empty(kind: PolicyKind) -> Policy {
        Policy {
            source: Source::new("<empty>", ""),
            label: None,
            kind,
            version: Some(Version::V2012),
            id: None,
            statements: Vec::new(),
            statement_array: true,
            index: None,
        }
    }

    /// Prints the policy back as JSON, keeping single-value and array forms.
    pub fn to_json(&self) -> String {
        print::print_policy(self)
    }
}
