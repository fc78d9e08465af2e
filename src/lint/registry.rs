//! The one registry of lint rules. Every rule is a unit struct implementing [`Rule`] in its own
//! file under `rules/`; [`RULES`] lists them in ID order. The registry drives the checks,
//! `kmspolicy explain`, the SARIF rule metadata and the README rule table, so a rule's ID, name,
//! severity and documentation are written exactly once.

use super::context::{KeyCx, PolicyCx};
use super::finding::{Finding, Severity};
use super::rules;

/// Which policy kinds a rule applies to (lint-rules.md: K, I or both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Key policies only.
    Key,
    /// Identity policies only.
    Identity,
    /// Key and identity policies (and, being kind-neutral, SCPs and RCPs).
    Both,
    /// A key resource of a CloudFormation template or Terraform plan (KP4xx).
    KeyResource,
}

impl Applies {
    /// `K`, `I`, `K,I` or `key resource`, as in the catalogue.
    pub fn as_str(self) -> &'static str {
        match self {
            Applies::Key => "K",
            Applies::Identity => "I",
            Applies::Both => "K,I",
            Applies::KeyResource => "key resource",
        }
    }
}

/// Everything about a rule except its check.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable ID, such as `KP101`.
    pub code: &'static str,
    /// The kebab-case name, usable in configuration instead of the ID.
    pub name: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// Where it applies.
    pub applies: Applies,
    /// One line: what it detects.
    pub summary: &'static str,
    /// The documentation: What / Why / Example (bad → good), in Markdown.
    pub doc: &'static str,
    /// GitHub code scanning `security-severity` for security rules (KP1xx).
    pub security_severity: Option<&'static str>,
}

impl RuleMeta {
    /// The group the ID belongs to.
    pub fn group(&self) -> &'static str {
        match self.code.get(2..3) {
            Some("0") => "grammar",
            Some("1") => "security",
            Some("2") => "correctness",
            Some("3") => "hygiene",
            _ => "key-resource",
        }
    }
}

/// A lint rule: its metadata and its checks. Checks push findings; they never fail.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one policy document.
    fn check_policy(&self, _cx: &PolicyCx<'_>, _out: &mut Vec<Finding>) {}

    /// Checks one key resource of a template or plan (KP4xx).
    fn check_key(&self, _cx: &KeyCx<'_>, _out: &mut Vec<Finding>) {}
}

/// Every rule, in ID order.
pub const RULES: &[&dyn Rule] = rules::ALL;

/// Finds a rule by ID (`KP101`, any case) or name (`public-key-policy`).
pub fn lookup(id_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| {
        let m = r.meta();
        m.code.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name
    })
}

/// The metadata of the rule with ID `code`.
pub(crate) fn meta(code: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_sorted_and_documented() {
        let mut prev = "";
        for r in RULES {
            let m = r.meta();
            assert!(m.code > prev, "{} is out of order", m.code);
            prev = m.code;
            assert!(m.code.len() == 5 && m.code.starts_with("KP"));
            assert!(m
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()));
            for section in ["## What", "## Why", "## Example"] {
                assert!(m.doc.contains(section), "{} lacks {section}", m.code);
            }
            assert_eq!(
                RULES.iter().filter(|o| o.meta().name == m.name).count(),
                1,
                "{}",
                m.name
            );
        }
    }
}
