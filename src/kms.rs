//! The KMS action catalogue: what each action is authorized against, which policies can grant it,
//! whether another account may ever use it, whether a grant can cover it, and how the key state
//! affects it (spec §7, §8.8).
//!
//! Hand-kept and small on purpose: every row is reviewed against the KMS API reference.

/// What an action is authorized against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// One KMS key: the key policy applies.
    Key,
    /// No resource: only identity policies with `"Resource": "*"` grant it.
    None,
    /// An alias (identity policies) and the key it names (key policy).
    AliasAndKey,
}

/// How the key state (spec §8.8) affects an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateRule {
    /// Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, DeriveSharedSecret.
    Crypto,
    /// Sign, Verify, GenerateMac, VerifyMac, GetPublicKey.
    Signing,
    /// CreateGrant.
    CreateGrant,
    /// ReplicateKey.
    Replicate,
    /// UpdatePrimaryRegion.
    UpdatePrimary,
    /// Works in every state.
    Always,
    /// CreateAlias, TagResource, UntagResource, UpdateKeyDescription, UpdateAlias.
    NotPendingDeletion,
    /// EnableKey, DisableKey.
    EnableDisable,
    /// ScheduleKeyDeletion.
    Schedule,
    /// CancelKeyDeletion.
    Cancel,
    /// EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand.
    Rotation,
    /// GetKeyRotationStatus.
    RotationStatus,
    /// GetParametersForImport, ImportKeyMaterial.
    Import,
    /// DeleteImportedKeyMaterial.
    DeleteImported,
}

/// One KMS action.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    /// The IAM action name without the `kms:` prefix.
    pub name: &'static str,
    /// What it is authorized against.
    pub resource: ResourceKind,
    /// Whether a principal of another account can ever be authorized.
    pub cross_account: bool,
    /// Whether a grant can allow it.
    pub grant_operation: bool,
    /// Whether the request carries an encryption context.
    pub takes_encryption_context: bool,
    pub(crate) state: StateRule,
}

const fn a(
    name: &'static str,
    resource: ResourceKind,
    cross_account: bool,
    grant_operation: bool,
    takes_encryption_context: bool,
    state: StateRule,
) -> Action {
    Action {
        name,
        resource,
        cross_account,
        grant_operation,
        takes_encryption_context,
        state,
    }
}

use ResourceKind::{AliasAndKey, Key, None as NoResource};
use StateRule::*;

/// Every KMS action (Service Authorization Reference, 2026).
pub const ACTIONS: &[Action] = &[
    a("CancelKeyDeletion", Key, false, false, false, Cancel),
    a(
        "ConnectCustomKeyStore",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a(
        "CreateAlias",
        AliasAndKey,
        false,
        false,
        false,
        NotPendingDeletion,
    ),
    a(
        "CreateCustomKeyStore",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a(
        "CreateGrant",
        Key,
        true,
        true,
        false,
        StateRule::CreateGrant,
    ),
    a("CreateKey", NoResource, false, false, false, Always),
    a("Decrypt", Key, true, true, true, Crypto),
    a("DeleteAlias", AliasAndKey, false, false, false, Always),
    a(
        "DeleteCustomKeyStore",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a(
        "DeleteImportedKeyMaterial",
        Key,
        false,
        false,
        false,
        DeleteImported,
    ),
    a("DeriveSharedSecret", Key, true, true, false, Crypto),
    a(
        "DescribeCustomKeyStores",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a("DescribeKey", Key, true, true, false, Always),
    a("DisableKey", Key, false, false, false, EnableDisable),
    a("DisableKeyRotation", Key, false, false, false, Rotation),
    a(
        "DisconnectCustomKeyStore",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a("EnableKey", Key, false, false, false, EnableDisable),
    a("EnableKeyRotation", Key, false, false, false, Rotation),
    a("Encrypt", Key, true, true, true, Crypto),
    a("GenerateDataKey", Key, true, true, true, Crypto),
    a("GenerateDataKeyPair", Key, true, true, true, Crypto),
    a(
        "GenerateDataKeyPairWithoutPlaintext",
        Key,
        true,
        true,
        true,
        Crypto,
    ),
    a(
        "GenerateDataKeyWithoutPlaintext",
        Key,
        true,
        true,
        true,
        Crypto,
    ),
    a("GenerateMac", Key, true, true, false, Signing),
    a("GenerateRandom", NoResource, false, false, false, Always),
    a("GetKeyLastUsage", Key, false, false, false, Always),
    a("GetKeyPolicy", Key, false, false, false, Always),
    a(
        "GetKeyRotationStatus",
        Key,
        true,
        false,
        false,
        RotationStatus,
    ),
    a("GetParametersForImport", Key, false, false, false, Import),
    a("GetPublicKey", Key, true, true, false, Signing),
    a("ImportKeyMaterial", Key, false, false, false, Import),
    a("ListAliases", NoResource, false, false, false, Always),
    a("ListGrants", Key, true, false, false, Always),
    a("ListKeyPolicies", Key, false, false, false, Always),
    a("ListKeyRotations", Key, false, false, false, Always),
    a("ListKeys", NoResource, false, false, false, Always),
    a("ListResourceTags", Key, false, false, false, Always),
    a(
        "ListRetirableGrants",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a("PutKeyPolicy", Key, false, false, false, Always),
    a("ReEncryptFrom", Key, true, true, true, Crypto),
    a("ReEncryptTo", Key, true, true, true, Crypto),
    a("ReplicateKey", Key, false, false, false, Replicate),
    a("RetireGrant", Key, true, true, false, Always),
    a("RevokeGrant", Key, true, false, false, Always),
    a("RotateKeyOnDemand", Key, false, false, false, Rotation),
    a("ScheduleKeyDeletion", Key, false, false, false, Schedule),
    a("Sign", Key, true, true, false, Signing),
    a(
        "SynchronizeMultiRegionKey",
        Key,
        false,
        false,
        false,
        Always,
    ),
    a("TagResource", Key, false, false, false, NotPendingDeletion),
    a(
        "UntagResource",
        Key,
        false,
        false,
        false,
        NotPendingDeletion,
    ),
    a(
        "UpdateAlias",
        AliasAndKey,
        false,
        false,
        false,
        NotPendingDeletion,
    ),
    a(
        "UpdateCustomKeyStore",
        NoResource,
        false,
        false,
        false,
        Always,
    ),
    a(
        "UpdateKeyDescription",
        Key,
        false,
        false,
        false,
        NotPendingDeletion,
    ),
    a(
        "UpdatePrimaryRegion",
        Key,
        false,
        false,
        false,
        UpdatePrimary,
    ),
    a("Verify", Key, true, true, false, Signing),
    a("VerifyMac", Key, true, true, false, Signing),
];

/// Looks up an action by its full IAM name (`kms:Decrypt`), case-insensitively.
pub fn lookup(action: &str) -> Option<&'static Action> {
    let (service, name) = action.split_once(':')?;
    if !service.eq_ignore_ascii_case("kms") {
        return None;
    }
    ACTIONS.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// The key state names of DescribeKey's `KeyState`.
pub const KEY_STATES: &[&str] = &[
    "Enabled",
    "Disabled",
    "PendingDeletion",
    "PendingReplicaDeletion",
    "PendingImport",
    "Unavailable",
    "Creating",
    "Updating",
];

/// The service error a KMS call gets after it was authorized, for `state` (spec §8.8), with
/// AWS's message. `None` means the call succeeds.
pub(crate) fn state_error(
    action: &Action,
    state: &str,
    key_arn: &str,
) -> Option<(&'static str, String)> {
    let disabled = || ("DisabledException", format!("{key_arn} is disabled."));
    let pending = || {
        (
            "KMSInvalidStateException",
            format!("{key_arn} is pending deletion."),
        )
    };
    let import = || {
        (
            "KMSInvalidStateException",
            format!("{key_arn} is pending import."),
        )
    };
    let unavailable = || {
        (
            "KMSInvalidStateException",
            format!("{key_arn} is unavailable."),
        )
    };
    let creating = || {
        (
            "KMSInvalidStateException",
            format!("{key_arn} is creating."),
        )
    };
    let updating = || {
        (
            "KMSInvalidStateException",
            format!("{key_arn} is updating."),
        )
    };
    let pending_deletion = matches!(state, "PendingDeletion" | "PendingReplicaDeletion");
    match action.state {
        Always => None,
        Crypto | Signing | StateRule::CreateGrant | Replicate | UpdatePrimary => match state {
            "Disabled" => Some(disabled()),
            _ if pending_deletion => Some(pending()),
            "PendingImport" if action.state != Signing => Some(import()),
            "Unavailable" if action.state == Crypto => Some(unavailable()),
            "Creating" => Some(creating()),
            "Updating" if action.state == Replicate => Some(updating()),
            _ => None,
        },
        NotPendingDeletion | Schedule => match state {
            _ if pending_deletion => Some(pending()),
            "Updating" if action.state == Schedule => Some(updating()),
            _ => None,
        },
        EnableDisable => match state {
            _ if pending_deletion => Some(pending()),
            "PendingImport" => Some(import()),
            "Creating" => Some(creating()),
            "Updating" => Some(updating()),
            _ => None,
        },
        Cancel => (!pending_deletion).then(|| {
            (
                "KMSInvalidStateException",
                format!("{key_arn} is not pending deletion."),
            )
        }),
        Rotation => match state {
            "Disabled" => Some(disabled()),
            _ if pending_deletion => Some(pending()),
            "PendingImport" => Some((
                "UnsupportedOperationException",
                "origin EXTERNAL not valid".to_string(),
            )),
            "Unavailable" => Some((
                "UnsupportedOperationException",
                format!("{key_arn} is in a custom key store."),
            )),
            "Creating" => Some(creating()),
            _ => None,
        },
        RotationStatus => match state {
            "PendingImport" => Some((
                "UnsupportedOperationException",
                "origin EXTERNAL not valid".to_string(),
            )),
            "Unavailable" => Some((
                "UnsupportedOperationException",
                format!("{key_arn} is in a custom key store."),
            )),
            _ => None,
        },
        Import => match state {
            _ if pending_deletion => Some(pending()),
            "Creating" => Some(creating()),
            "Updating" if action.name == "GetParametersForImport" => Some(updating()),
            _ => None,
        },
        DeleteImported => match state {
            "Creating" => Some(creating()),
            "Updating" => Some(updating()),
            _ => None,
        },
    }
}

/// The grant operation names (`Operations` of a grant).
pub fn is_grant_operation(name: &str) -> bool {
    ACTIONS.iter().any(|a| a.grant_operation && a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("KMS:decrypt").map(|a| a.name), Some("Decrypt"));
        assert!(lookup("kms:Decrypts").is_none());
        assert!(lookup("s3:GetObject").is_none());
    }

    #[test]
    fn state_table_spot_checks() {
        let decrypt = lookup("kms:Decrypt").unwrap();
        let arn = "arn:aws:kms:us-east-1:111122223333:key/k";
        assert_eq!(state_error(decrypt, "Enabled", arn), None);
        assert_eq!(
            state_error(decrypt, "Disabled", arn).unwrap().0,
            "DisabledException"
        );
        assert_eq!(
            state_error(decrypt, "PendingDeletion", arn).unwrap().0,
            "KMSInvalidStateException"
        );
        let describe = lookup("kms:DescribeKey").unwrap();
        for s in KEY_STATES {
            assert_eq!(state_error(describe, s, arn), None);
        }
        let cancel = lookup("kms:CancelKeyDeletion").unwrap();
        assert!(state_error(cancel, "Enabled", arn).is_some());
        assert!(state_error(cancel, "PendingDeletion", arn).is_none());
    }
}
