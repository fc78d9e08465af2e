//! The lint rules, one file per rule (named by ID and kebab-case name), and the list
//! [`ALL`] that the registry exposes. Shared helpers for reading statements live here so that
//! each rule file holds only its documentation and its check.

#[allow(unused_imports, reason = "not every rule needs every name")]
pub(crate) mod prelude {
    //! What every rule file needs.
    pub(crate) use super::helpers::*;
    pub(crate) use crate::json::{Member, Node, Value};
    pub(crate) use crate::lint::catalog::{ActionInfo, Catalog};
    pub(crate) use crate::lint::context::{strings, KeyCx, LintKind, PolicyCx, StmtView};
    pub(crate) use crate::lint::finding::{Finding, Severity};
    pub(crate) use crate::lint::registry::{Applies, Rule, RuleMeta};
    pub(crate) use crate::policy::{BaseOp, Condition, Effect, PrincipalValue, SetOp, Statement};
    pub(crate) use crate::source::Span;
}

pub(crate) mod helpers;

mod kp001_json_syntax;
mod kp002_duplicate_json_key;
mod kp003_missing_version;
mod kp004_invalid_version;
mod kp005_missing_element;
mod kp006_invalid_effect;
mod kp007_unknown_element;
mod kp008_wrong_json_type;
mod kp009_conflicting_elements;
mod kp010_unknown_action;
mod kp011_wildcard_matches_nothing;
mod kp012_unknown_service;
mod kp015_invalid_operator;
mod kp016_unknown_condition_key;
mod kp018_multiple_bool_values;
mod kp019_duplicate_sid;
mod kp020_invalid_sid;
mod kp021_principal_in_identity_policy;
mod kp022_bad_principal;
mod kp023_stale_principal_id;
mod kp024_policy_too_large;
mod kp025_disallowed_characters;
mod kp026_variable_misuse;
mod kp027_empty_collection;
mod kp028_unsupported_global_key;
mod kp101_public_key_policy;
mod kp102_condition_does_not_bind_caller;

use crate::lint::registry::Rule;

/// Every rule, in ID order.
pub(crate) const ALL: &[&dyn Rule] = &[
    &kp001_json_syntax::JsonSyntax,
    &kp002_duplicate_json_key::DuplicateJsonKey,
    &kp003_missing_version::MissingVersion,
    &kp004_invalid_version::InvalidVersion,
    &kp005_missing_element::MissingElement,
    &kp006_invalid_effect::InvalidEffect,
    &kp007_unknown_element::UnknownElement,
    &kp008_wrong_json_type::WrongJsonType,
    &kp009_conflicting_elements::ConflictingElements,
    &kp010_unknown_action::UnknownAction,
    &kp011_wildcard_matches_nothing::WildcardMatchesNothing,
    &kp012_unknown_service::UnknownService,
    &kp015_invalid_operator::InvalidOperator,
    &kp016_unknown_condition_key::UnknownConditionKey,
    &kp018_multiple_bool_values::MultipleBoolValues,
    &kp019_duplicate_sid::DuplicateSid,
    &kp020_invalid_sid::InvalidSid,
    &kp021_principal_in_identity_policy::PrincipalInIdentityPolicy,
    &kp022_bad_principal::BadPrincipal,
    &kp023_stale_principal_id::StalePrincipalId,
    &kp024_policy_too_large::PolicyTooLarge,
    &kp025_disallowed_characters::DisallowedCharacters,
    &kp026_variable_misuse::VariableMisuse,
    &kp027_empty_collection::EmptyCollection,
    &kp028_unsupported_global_key::UnsupportedGlobalKey,
    &kp101_public_key_policy::PublicKeyPolicy,
    &kp102_condition_does_not_bind_caller::ConditionDoesNotBindCaller,
];
