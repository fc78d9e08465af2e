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
    pub(crate) use crate::policy::{
        BaseOp, Condition, Effect, Operator, PrincipalValue, SetOp, Statement,
    };
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
mod kp013_invalid_arn;
mod kp014_key_id_not_arn;
mod kp015_invalid_operator;
mod kp016_unknown_condition_key;
mod kp017_value_type_mismatch;
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
mod kp103_allow_not_principal;
mod kp104_cross_account_unconstrained;
mod kp105_cross_account_admin_ineffective;
mod kp106_full_access_non_root;
mod kp107_admin_and_user_mixed;
mod kp108_destructive_to_users;
mod kp109_unconstrained_create_grant;
mod kp110_lockout_no_manager;
mod kp111_no_root_delegation;
mod kp112_bypass_lockout_check;
mod kp113_decrypt_on_all_keys;
mod kp114_key_ops_any_account;
mod kp115_kms_star_in_identity_policy;
mod kp116_key_management_on_all_keys;
mod kp117_allow_not_action_or_resource;
mod kp118_service_principal_unscoped;
mod kp119_createkey_unconstrained;
mod kp120_source_ip_private_only;
mod kp121_usage_without_context_constraint;
mod kp201_forallvalues_single_valued;
mod kp202_foranyvalue_single_valued;
mod kp203_missing_set_qualifier;
mod kp204_forallvalues_empty_passes;
mod kp205_key_absent_allow;
mod kp206_key_absent_deny;
mod kp207_ifexists_vacuous;
mod kp208_ifexists_redundant;
mod kp209_null_with_ifexists;
mod kp210_null_with_qualifier;
mod kp211_wildcard_without_like;
mod kp212_like_without_wildcard;
mod kp213_via_service_format;
mod kp214_account_id_format;
mod kp215_encryption_context_case;
mod kp216_s3_bucket_key_context;
mod kp217_source_ip_on_kms;
mod kp218_vpc_restriction_on_kms;
mod kp219_encryption_context_on_non_symmetric;
mod kp220_key_policy_resource;
mod kp221_alias_arn_for_key_ops;
mod kp222_non_kms_action_in_key_policy;
mod kp223_resource_star_only_action_scoped;
mod kp224_deprecated_kms_key;
mod kp225_arn_key_with_string_operator;
mod kp226_wildcard_in_condition_key_name;
mod kp301_missing_sid;
mod kp302_redundant_action;
mod kp303_redundant_statement;
mod kp304_non_canonical_case;
mod kp305_wildcard_action_in_user_statement;
mod kp306_old_version;
mod kp307_cidr_host_bits;
mod kp401_rotation_disabled;
mod kp402_short_deletion_window;
mod kp403_key_disabled;
mod kp404_implicit_default_policy;
mod kp405_key_deletion_on_stack_delete;
mod kp406_multi_region_key;

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
    &kp013_invalid_arn::InvalidArn,
    &kp014_key_id_not_arn::KeyIdNotArn,
    &kp015_invalid_operator::InvalidOperator,
    &kp016_unknown_condition_key::UnknownConditionKey,
    &kp017_value_type_mismatch::ValueTypeMismatch,
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
    &kp103_allow_not_principal::AllowNotPrincipal,
    &kp104_cross_account_unconstrained::CrossAccountUnconstrained,
    &kp105_cross_account_admin_ineffective::CrossAccountAdminIneffective,
    &kp106_full_access_non_root::FullAccessNonRoot,
    &kp107_admin_and_user_mixed::AdminAndUserMixed,
    &kp108_destructive_to_users::DestructiveToUsers,
    &kp109_unconstrained_create_grant::UnconstrainedCreateGrant,
    &kp110_lockout_no_manager::LockoutNoManager,
    &kp111_no_root_delegation::NoRootDelegation,
    &kp112_bypass_lockout_check::BypassLockoutCheck,
    &kp113_decrypt_on_all_keys::DecryptOnAllKeys,
    &kp114_key_ops_any_account::KeyOpsAnyAccount,
    &kp115_kms_star_in_identity_policy::KmsStarInIdentityPolicy,
    &kp116_key_management_on_all_keys::KeyManagementOnAllKeys,
    &kp117_allow_not_action_or_resource::AllowNotActionOrResource,
    &kp118_service_principal_unscoped::ServicePrincipalUnscoped,
    &kp119_createkey_unconstrained::CreatekeyUnconstrained,
    &kp120_source_ip_private_only::SourceIpPrivateOnly,
    &kp121_usage_without_context_constraint::UsageWithoutContextConstraint,
    &kp201_forallvalues_single_valued::ForallvaluesSingleValued,
    &kp202_foranyvalue_single_valued::ForanyvalueSingleValued,
    &kp203_missing_set_qualifier::MissingSetQualifier,
    &kp204_forallvalues_empty_passes::ForallvaluesEmptyPasses,
    &kp205_key_absent_allow::KeyAbsentAllow,
    &kp206_key_absent_deny::KeyAbsentDeny,
    &kp207_ifexists_vacuous::IfexistsVacuous,
    &kp208_ifexists_redundant::IfexistsRedundant,
    &kp209_null_with_ifexists::NullWithIfexists,
    &kp210_null_with_qualifier::NullWithQualifier,
    &kp211_wildcard_without_like::WildcardWithoutLike,
    &kp212_like_without_wildcard::LikeWithoutWildcard,
    &kp213_via_service_format::ViaServiceFormat,
    &kp214_account_id_format::AccountIdFormat,
    &kp215_encryption_context_case::EncryptionContextCase,
    &kp216_s3_bucket_key_context::S3BucketKeyContext,
    &kp217_source_ip_on_kms::SourceIpOnKms,
    &kp218_vpc_restriction_on_kms::VpcRestrictionOnKms,
    &kp219_encryption_context_on_non_symmetric::EncryptionContextOnNonSymmetric,
    &kp220_key_policy_resource::KeyPolicyResource,
    &kp221_alias_arn_for_key_ops::AliasArnForKeyOps,
    &kp222_non_kms_action_in_key_policy::NonKmsActionInKeyPolicy,
    &kp223_resource_star_only_action_scoped::ResourceStarOnlyActionScoped,
    &kp224_deprecated_kms_key::DeprecatedKmsKey,
    &kp225_arn_key_with_string_operator::ArnKeyWithStringOperator,
    &kp226_wildcard_in_condition_key_name::WildcardInConditionKeyName,
    &kp301_missing_sid::MissingSid,
    &kp302_redundant_action::RedundantAction,
    &kp303_redundant_statement::RedundantStatement,
    &kp304_non_canonical_case::NonCanonicalCase,
    &kp305_wildcard_action_in_user_statement::WildcardActionInUserStatement,
    &kp306_old_version::OldVersion,
    &kp307_cidr_host_bits::CidrHostBits,
    &kp401_rotation_disabled::RotationDisabled,
    &kp402_short_deletion_window::ShortDeletionWindow,
    &kp403_key_disabled::KeyDisabled,
    &kp404_implicit_default_policy::ImplicitDefaultPolicy,
    &kp405_key_deletion_on_stack_delete::KeyDeletionOnStackDelete,
    &kp406_multi_region_key::MultiRegionKey,
];
