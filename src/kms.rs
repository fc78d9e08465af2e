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
    lookup_id(action).map(ActionId::action)
}

/// Like [`lookup`], giving the action's position in [`ACTIONS`]. Requests name their action this
/// way on every call, so the usual spelling (`kms:` and the name as AWS writes it) is found in
/// one probe of [`NameTable`]; other cases fall back to a scan.
pub(crate) fn lookup_id(action: &str) -> Option<ActionId> {
    let name = match action.as_bytes().get(..4) {
        Some(b"kms:") => action.get(4..)?,
        Some(prefix) if prefix.eq_ignore_ascii_case(b"kms:") => action.get(4..)?,
        _ => return None,
    };
    static TABLE: std::sync::OnceLock<NameTable> = std::sync::OnceLock::new();
    let position = match TABLE.get_or_init(NameTable::new).get(name) {
        Some(i) => Some(i),
        None => ACTIONS
            .iter()
            .position(|a| a.name.eq_ignore_ascii_case(name))
            .and_then(|i| u8::try_from(i).ok()),
    };
    position.map(ActionId)
}

/// A direct-mapped table of the action names: one multiply gives a name its slot. The multiplier
/// is searched for when the table is built, so that every action has a slot of its own; should
/// the search fail, the names left out are still found by [`lookup_id`]'s scan.
struct NameTable {
    multiplier: u64,
    slots: [u8; NameTable::SLOTS],
}

impl NameTable {
    /// 512 slots for the 56 actions: room enough that a multiplier separating them all is found
    /// quickly (a unit test checks that one is found).
    const BITS: u32 = 9;
    const SLOTS: usize = 1 << Self::BITS;
    const EMPTY: u8 = u8::MAX;

    fn new() -> NameTable {
        let mut table = NameTable {
            multiplier: 0,
            slots: [Self::EMPTY; Self::SLOTS],
        };
        let mut multiplier: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..10_000 {
            table.multiplier = multiplier;
            table.slots = [Self::EMPTY; Self::SLOTS];
            if table.fill() {
                break;
            }
            multiplier = multiplier.wrapping_add(0x6a09_e667_f3bc_c908) | 1;
        }
        table
    }

    /// Files every action under the current multiplier: `false` if two share a slot.
    fn fill(&mut self) -> bool {
        let mut unique = true;
        for (a, i) in ACTIONS.iter().zip(0u8..) {
            let slot = self.slot(a.name);
            match self.slots.get_mut(slot) {
                Some(s) if *s == Self::EMPTY => *s = i,
                _ => unique = false,
            }
        }
        unique
    }

    /// The slot of `name`: its length and its first and last eight bytes, mixed.
    fn slot(&self, name: &str) -> usize {
        let b = name.as_bytes();
        // Names of 4 to 8 bytes are read as two overlapping 4-byte words, shorter ones bytewise.
        let short = || match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            (Some(h), Some(t)) => {
                u64::from(u32::from_le_bytes(*h)) << 32 | u64::from(u32::from_le_bytes(*t))
            }
            _ => b.iter().fold(0u64, |w, &x| w << 8 | u64::from(x)),
        };
        let head = b
            .first_chunk::<8>()
            .map_or_else(short, |w| u64::from_le_bytes(*w));
        let tail = b.last_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
        let fingerprint = head ^ tail.rotate_left(29) ^ (b.len() as u64);
        (fingerprint.wrapping_mul(self.multiplier) >> (64 - Self::BITS)) as usize
    }

    /// The position of the action spelt exactly `name`.
    fn get(&self, name: &str) -> Option<u8> {
        let i = *self.slots.get(self.slot(name))?;
        let action = ACTIONS.get(usize::from(i))?;
        crate::values::same(action.name, name).then_some(i)
    }
}

/// "did you mean `kms:…`?" for a name that is not a KMS action.
pub(crate) fn suggest(action: &str) -> Option<String> {
    let names: Vec<String> = ACTIONS.iter().map(|a| format!("kms:{}", a.name)).collect();
    crate::error::did_you_mean(action, names.iter().map(String::as_str))
}

// Sets of actions are one bit per entry of the table.
const _: () = assert!(ACTIONS.len() <= 64);

/// The position of an action in [`ACTIONS`]: how requests name their action, so that matching an
/// `Action` element is one bit test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionId(u8);

impl ActionId {
    /// The action.
    pub(crate) fn action(self) -> &'static Action {
        // Every id comes from a position in the table, so the fallback is never taken.
        ACTIONS.get(usize::from(self.0)).unwrap_or(&ACTIONS[0])
    }

    fn bit(self) -> u64 {
        1 << self.0
    }
}

/// The KMS actions an `Action` pattern (or a whole `Action` element) covers, computed when the
/// policy is compiled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ActionSet(u64);

impl ActionSet {
    /// Whether `id` is in the set.
    pub(crate) fn contains(self, id: ActionId) -> bool {
        self.0 & id.bit() != 0
    }

    /// The union of two sets.
    pub(crate) fn union(self, other: ActionSet) -> ActionSet {
        ActionSet(self.0 | other.0)
    }

    /// The KMS actions matched by a valid action pattern `text` (`service:Name`, with `*` and `?`
    /// wildcards in the name, or `*`); `is_match` tests a lowercase `kms:name`.
    pub(crate) fn of_pattern(text: &str, is_match: impl Fn(&str) -> bool) -> ActionSet {
        let kms = text == "*"
            || text
                .split_once(':')
                .is_some_and(|(service, _)| service.eq_ignore_ascii_case("kms"));
        if !kms {
            return ActionSet(0);
        }
        if !text.contains(['*', '?']) {
            return ActionSet(lookup_id(text).map_or(0, ActionId::bit));
        }
        // The usual wildcard, `kms:Prefix*`, is a prefix test on the names (large policies have
        // many; matching a glob against every action for each was a few percent of loading one).
        if let Some(prefix) = text
            .get(4..)
            .and_then(|name| name.strip_suffix('*'))
            .filter(|prefix| !prefix.contains(['*', '?']))
        {
            return ActionSet::of_actions(|i| {
                ACTIONS
                    .get(i)
                    .and_then(|a| a.name.get(..prefix.len()))
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
            });
        }
        let names = lower_names();
        ActionSet::of_actions(|i| names.get(i).is_some_and(|name| is_match(name)))
    }

    /// The actions whose position in [`ACTIONS`] satisfies `pred`.
    fn of_actions(pred: impl Fn(usize) -> bool) -> ActionSet {
        ActionSet(
            (0..ACTIONS.len())
                .filter(|i| pred(*i))
                .fold(0, |bits, i| bits | (1 << i)),
        )
    }
}

/// `kms:<name>` in lowercase for every action, as action patterns are matched (computed once per
/// process).
fn lower_names() -> &'static [String] {
    static LOWER: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LOWER.get_or_init(|| {
        ACTIONS
            .iter()
            .map(|a| format!("kms:{}", a.name.to_ascii_lowercase()))
            .collect()
    })
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

/// The service error a KMS call gets after it was authorized, for `state` (spec §8.8): the
/// exception name and its message (`None` means the call succeeds). The message is rendered by
/// [`StateError::message`], so deciding costs no allocation.
pub(crate) fn state_error(action: &Action, state: &str) -> Option<StateError> {
    let e = |code, text, with_arn| {
        Some(StateError {
            code,
            text,
            with_arn,
        })
    };
    let disabled = || e("DisabledException", "is disabled.", true);
    let pending = || e("KMSInvalidStateException", "is pending deletion.", true);
    let import = || e("KMSInvalidStateException", "is pending import.", true);
    let unavailable = || e("KMSInvalidStateException", "is unavailable.", true);
    let creating = || e("KMSInvalidStateException", "is creating.", true);
    let updating = || e("KMSInvalidStateException", "is updating.", true);
    let external = || {
        e(
            "UnsupportedOperationException",
            "origin EXTERNAL not valid",
            false,
        )
    };
    let custom_store = || {
        e(
            "UnsupportedOperationException",
            "is in a custom key store.",
            true,
        )
    };
    let pending_deletion = matches!(state, "PendingDeletion" | "PendingReplicaDeletion");
    match action.state {
        Always => None,
        Crypto | Signing | StateRule::CreateGrant | Replicate | UpdatePrimary => match state {
            "Disabled" => disabled(),
            _ if pending_deletion => pending(),
            "PendingImport" if action.state != Signing => import(),
            "Unavailable" if action.state == Crypto => unavailable(),
            "Creating" => creating(),
            "Updating" if action.state == Replicate => updating(),
            _ => None,
        },
        NotPendingDeletion | Schedule => match state {
            _ if pending_deletion => pending(),
            "Updating" if action.state == Schedule => updating(),
            _ => None,
        },
        EnableDisable => match state {
            _ if pending_deletion => pending(),
            "PendingImport" => import(),
            "Creating" => creating(),
            "Updating" => updating(),
            _ => None,
        },
        Cancel if pending_deletion => None,
        Cancel => e("KMSInvalidStateException", "is not pending deletion.", true),
        Rotation => match state {
            "Disabled" => disabled(),
            _ if pending_deletion => pending(),
            "PendingImport" => external(),
            "Unavailable" => custom_store(),
            "Creating" => creating(),
            _ => None,
        },
        RotationStatus => match state {
            "PendingImport" => external(),
            "Unavailable" => custom_store(),
            _ => None,
        },
        Import => match state {
            _ if pending_deletion => pending(),
            "Creating" => creating(),
            "Updating" if action.name == "GetParametersForImport" => updating(),
            _ => None,
        },
        DeleteImported => match state {
            "Creating" => creating(),
            "Updating" => updating(),
            _ => None,
        },
    }
}

/// A key-state error: the exception and its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StateError {
    pub(crate) code: &'static str,
    text: &'static str,
    with_arn: bool,
}

impl StateError {
    /// AWS's message for the key `key_arn`.
    pub(crate) fn message(&self, key_arn: &str) -> String {
        if self.with_arn {
            format!("{key_arn} {}", self.text)
        } else {
            self.text.to_string()
        }
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

    /// Every action is found through its own slot of the name table, spelt as AWS writes it or
    /// in any other case; near misses are not found.
    #[test]
    fn every_action_has_a_slot_of_its_own_and_is_found_in_any_case() {
        let table = NameTable::new();
        let filled = table
            .slots
            .iter()
            .filter(|s| **s != NameTable::EMPTY)
            .count();
        assert_eq!(
            filled,
            ACTIONS.len(),
            "the multiplier search found no collision-free table"
        );
        for (a, i) in ACTIONS.iter().zip(0u8..) {
            assert_eq!(table.get(a.name), Some(i), "{}", a.name);
            for spelling in [
                format!("kms:{}", a.name),
                format!("KMS:{}", a.name.to_ascii_lowercase()),
                format!("kms:{}", a.name.to_ascii_uppercase()),
            ] {
                assert_eq!(lookup_id(&spelling), Some(ActionId(i)), "{spelling}");
            }
        }
        for wrong in [
            "kms:",
            "kms:Decrypt ",
            "kms:Decryp",
            "s3:Decrypt",
            "kms:Decrypt:",
            "",
        ] {
            assert_eq!(lookup_id(wrong), None, "{wrong:?}");
        }
    }

    /// The bit sets worked out at compile time agree with matching the pattern against each
    /// action's name, which is how a pattern is defined (spec §2.1).
    #[test]
    fn action_sets_agree_with_the_patterns() {
        let id = |name: &str| lookup_id(name).unwrap();
        let glob = |text: &str| crate::glob::Glob::new(&text.to_ascii_lowercase(), false);
        let set = |text: &str| {
            let glob = glob(text);
            ActionSet::of_pattern(text, |name| glob.is_match(name))
        };
        for text in [
            "*",
            "kms:*",
            "KMS:*",
            "kms:Describe*",
            "kms:re?ncrypt*",
            "kms:*Key*",
            "kms:Decrypt",
            "Kms:DECRYPT",
            "kms:Decrypt*",
            "kms:GenerateDataKey*",
            "kms:?",
            "s3:*",
            "s3:GetObject",
            "kms:NoSuchAction",
        ] {
            let (s, glob) = (set(text), glob(text));
            for (i, name) in lower_names().iter().enumerate() {
                let a = ActionId(u8::try_from(i).unwrap());
                assert_eq!(s.contains(a), glob.is_match(name), "{text} vs {name}");
                assert_eq!(a.action().name.to_ascii_lowercase(), name["kms:".len()..]);
            }
        }
        assert!(set("kms:Describe*").contains(id("kms:DescribeKey")));
        assert!(!set("kms:Describe*").contains(id("kms:Decrypt")));
        assert!(set("kms:re?ncrypt*").contains(id("kms:ReEncryptFrom")));
        assert_eq!(set("s3:*"), ActionSet::default());
        assert_eq!(set("kms:?"), ActionSet::default());
    }

    #[test]
    fn state_table_spot_checks() {
        let decrypt = lookup("kms:Decrypt").unwrap();
        let arn = "arn:aws:kms:us-east-1:111122223333:key/k";
        assert_eq!(state_error(decrypt, "Enabled"), None);
        let disabled = state_error(decrypt, "Disabled").unwrap();
        assert_eq!(disabled.code, "DisabledException");
        assert_eq!(disabled.message(arn), format!("{arn} is disabled."));
        assert_eq!(
            state_error(decrypt, "PendingDeletion").unwrap().code,
            "KMSInvalidStateException"
        );
        let describe = lookup("kms:DescribeKey").unwrap();
        for s in KEY_STATES {
            assert_eq!(state_error(describe, s), None);
        }
        let cancel = lookup("kms:CancelKeyDeletion").unwrap();
        assert!(state_error(cancel, "Enabled").is_some());
        assert!(state_error(cancel, "PendingDeletion").is_none());
    }
}
