//! Suppressions written in the host file itself (lint-rules.md §4.5): a CloudFormation resource
//! can accept a finding in its own `Metadata`, next to the policy, as cfn-lint and cfn-guard let
//! templates do:
//!
//! ```yaml
//! Metadata:
//!   kmspolicy:
//!     ignore:
//!       - rule: KP402            # an ID or a rule name
//!         reason: "short window agreed for this test key"
//! ```
//!
//! An entry covers the findings of that rule whose host is the resource (its key policy, its
//! inline policies, the key resource itself). A reason is required, and the rule must exist: a
//! malformed entry stops the run like a malformed `kmspolicy.toml`. An entry that matched
//! nothing is reported.

use std::sync::Arc;

use super::{member, Target};
use crate::json::{Node, Value};
use crate::lint::finding::Finding;
use crate::lint::registry;
use crate::source::Source;

/// One accepted finding, declared in a template.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The resource it belongs to, as findings name their host: `Resources.AppKey`.
    pub host: String,
    /// The rule ID.
    pub code: &'static str,
    /// Why the finding is accepted.
    pub reason: String,
    /// Where the entry is: `file:line:column`.
    pub place: String,
}

impl Suppression {
    /// Whether this entry covers `f` (found in the same file).
    pub fn covers(&self, f: &Finding) -> bool {
        f.code == self.code
            && f.host.as_deref().is_some_and(|h| {
                h.strip_prefix(self.host.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
    }
}

/// The `Metadata.kmspolicy.ignore` entries of the resource `name`, as targets: a
/// [`Target::Suppression`] each, or a [`Target::Error`] for an entry that is malformed.
pub(super) fn resource_markers(
    source: &Arc<Source>,
    name: &str,
    resource: &Node,
    out: &mut Vec<Target>,
) {
    let Some(ours) = member(resource, "Metadata").and_then(|m| member(m, "kmspolicy")) else {
        return;
    };
    let at = |node: &Node| source.location(node.span).to_string();
    let Some(Value::Array(entries)) = member(ours, "ignore").map(|n| &n.value) else {
        out.push(Target::Error(format!(
            "{}: `Metadata.kmspolicy` of `{name}` needs `ignore`: a list of {{rule, reason}}",
            at(ours)
        )));
        return;
    };
    for entry in entries {
        let text = |field: &str| match member(entry, field).map(|n| &n.value) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
            _ => None,
        };
        let (Some(rule), Some(reason)) = (text("rule"), text("reason")) else {
            out.push(Target::Error(format!(
                "{}: an ignore entry of `{name}` needs a `rule` and a non-empty `reason`",
                at(entry)
            )));
            continue;
        };
        let Some(found) = registry::lookup(rule) else {
            out.push(Target::Error(format!(
                "{}: unknown rule `{rule}` in the ignore entries of `{name}`",
                at(entry)
            )));
            continue;
        };
        out.push(Target::Suppression(Suppression {
            host: format!("Resources.{name}"),
            code: found.meta().code,
            reason: reason.to_string(),
            place: at(entry),
        }));
    }
}
