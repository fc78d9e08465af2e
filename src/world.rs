//! The world a request is decided in: KMS keys (policy, grants, metadata), the IAM principals whose
//! identity-side policies matter, and the accounts with their organization policies.
//!
//! Built once (from a scenario file or by an embedder) and then queried many times; lookups by ARN
//! are indexed.

use crate::hash::FastMap;

use crate::policy::{Policy, PrincipalValue};

/// DescribeKey metadata that affects authorization.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMetadata {
    /// `KeyState`: `Enabled`, `Disabled`, `PendingDeletion`, …
    pub key_state: String,
    /// `KeyManager`: `CUSTOMER` or `AWS`.
    pub key_manager: String,
    /// `KeySpec`.
    pub key_spec: String,
    /// `KeyUsage`.
    pub key_usage: String,
    /// `Origin`.
    pub origin: String,
    /// `MultiRegion`.
    pub multi_region: bool,
    /// `MultiRegionConfiguration.MultiRegionKeyType`: `PRIMARY` or `REPLICA`.
    pub multi_region_key_type: Option<String>,
}

impl KeyMetadata {
    /// The metadata of a new symmetric customer managed key; multi-Region when the key id starts
    /// with `mrk-`.
    pub fn default_for(key_id: &str) -> KeyMetadata {
        let multi = key_id.starts_with("mrk-");
        KeyMetadata {
            key_state: "Enabled".into(),
            key_manager: "CUSTOMER".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
            key_usage: "ENCRYPT_DECRYPT".into(),
            origin: "AWS_KMS".into(),
            multi_region: multi,
            multi_region_key_type: multi.then(|| "PRIMARY".to_string()),
        }
    }
}

/// A parsed KMS key ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyArn {
    /// The whole ARN.
    pub arn: String,
    /// `aws`, `aws-cn`, …
    pub partition: String,
    /// The Region.
    pub region: String,
    /// The owning account.
    pub account: String,
    /// The key id.
    pub key_id: String,
}

impl KeyArn {
    /// Whether `arn` is a well-formed key ARN (without allocating).
    pub fn is_valid(arn: &str) -> bool {
        let Some([a, partition, service, region, account, resource]) =
            crate::values::split_arn(arn)
        else {
            return false;
        };
        let Some(key_id) = resource.strip_prefix("key/") else {
            return false;
        };
        a == "arn"
            && !partition.is_empty()
            && service == "kms"
            && !region.is_empty()
            && crate::policy::is_account_id(account)
            && !key_id.is_empty()
            && !key_id.contains(['/', '*', '?', ':'])
    }

    /// The six components of the ARN (`arn`, partition, `kms`, Region, account, `key/KEY-ID`),
    /// taken from the parsed fields without scanning the ARN again.
    pub(crate) fn parts(&self) -> [&str; 6] {
        let resource = (self.arn.len())
            .checked_sub(self.key_id.len() + "key/".len())
            .and_then(|at| self.arn.get(at..))
            .unwrap_or_default();
        [
            "arn",
            &self.partition,
            "kms",
            &self.region,
            &self.account,
            resource,
        ]
    }

    /// Parses `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID`.
    pub fn parse(arn: &str) -> Option<KeyArn> {
        if !KeyArn::is_valid(arn) {
            return None;
        }
        let [_, partition, _, region, account, resource] = crate::values::split_arn(arn)?;
        let key_id = resource.strip_prefix("key/")?;
        Some(KeyArn {
            arn: arn.to_string(),
            partition: partition.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            key_id: key_id.to_string(),
        })
    }
}

/// A grant's encryption-context constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantConstraint {
    /// `EncryptionContextEquals`: the request's context must be exactly these pairs.
    Equals(Vec<(String, String)>),
    /// `EncryptionContextSubset`: the request's context must include these pairs.
    Subset(Vec<(String, String)>),
}

/// A grant on a key, in the shape `aws kms list-grants` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// `GrantId`.
    pub id: String,
    /// `Name`.
    pub name: Option<String>,
    /// `GranteePrincipal`, classified.
    pub grantee: PrincipalValue,
    /// `RetiringPrincipal`, classified.
    pub retiring: Option<PrincipalValue>,
    /// `Operations`, e.g. `Decrypt`.
    pub operations: Vec<String>,
    /// `Constraints`.
    pub constraint: Option<GrantConstraint>,
    /// The grant token, when known.
    pub token: Option<String>,
    /// False while the grant is not yet consistent: it then works only with its token.
    pub consistent: bool,
}

/// A KMS key.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key ARN.
    pub arn: KeyArn,
    /// The key policy.
    pub policy: Policy,
    /// DescribeKey metadata.
    pub metadata: KeyMetadata,
    /// Alias names (`alias/...`).
    pub aliases: Vec<String>,
    /// Resource tags.
    pub tags: Vec<(String, String)>,
    /// Grants.
    pub grants: Vec<Grant>,
}

impl Key {
    /// A key with default metadata (enabled, symmetric, customer managed), no aliases, tags or
    /// grants. `Err` when `arn` is not a KMS key ARN.
    pub fn new(arn: &str, policy: Policy) -> Result<Key, crate::Error> {
        let arn = KeyArn::parse(arn).ok_or_else(|| {
            crate::Error::single(crate::Diagnostic::plain(format!(
                "invalid key ARN `{arn}`: expected `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"
            )))
        })?;
        Ok(Key {
            metadata: KeyMetadata::default_for(&arn.key_id),
            arn,
            policy,
            aliases: Vec::new(),
            tags: Vec::new(),
            grants: Vec::new(),
        })
    }
}

/// Whether a principal is an IAM user or role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    /// An IAM user.
    User,
    /// An IAM role.
    Role,
}

/// An IAM user or role and its identity-side policies.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user or role ARN.
    pub arn: String,
    /// User or role.
    pub kind: PrincipalKind,
    /// Its account.
    pub account: String,
    /// Its name (last path segment).
    pub name: String,
    /// Identity policies: inline, managed and group policies.
    pub policies: Vec<Policy>,
    /// The permissions boundary.
    pub boundary: Option<Policy>,
    /// Principal tags.
    pub tags: Vec<(String, String)>,
    /// `AIDA…` / `AROA…`.
    pub unique_id: Option<String>,
    /// A service-linked role: SCPs and RCPs do not apply to it.
    pub service_linked: bool,
}

impl Principal {
    /// An IAM user or role with its identity policies and nothing else. `Err` when `arn` is not a
    /// user or role ARN.
    pub fn new(arn: &str, policies: Vec<Policy>) -> Result<Principal, crate::Error> {
        let bad = || {
            crate::Error::single(crate::Diagnostic::plain(format!(
                "invalid principal ARN `{arn}`: expected an IAM user or role ARN"
            )))
        };
        let (kind, account, name) = match crate::policy::principal_parse_aws(arn) {
            Ok(PrincipalValue::User { account, name, .. }) => (PrincipalKind::User, account, name),
            Ok(PrincipalValue::Role { account, name, .. }) => (PrincipalKind::Role, account, name),
            _ => return Err(bad()),
        };
        Ok(Principal {
            arn: arn.to_string(),
            kind,
            account,
            name,
            policies,
            boundary: None,
            tags: Vec::new(),
            unique_id: None,
            service_linked: false,
        })
    }
}

/// An account's organization membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// Organization paths, `o-…/r-…/ou-…/`.
    pub paths: Vec<String>,
    /// Whether this is the management account (SCPs and RCPs never apply to it).
    pub management_account: bool,
}

/// An account with its organization policies.
#[derive(Debug, Clone)]
pub struct Account {
    /// The 12-digit id.
    pub id: String,
    /// Organization membership.
    pub organization: Option<Organization>,
    /// SCP levels from the root down to the account; `None` = SCPs do not apply.
    pub scps: Option<Vec<Vec<Policy>>>,
    /// RCP levels (your own; `RCPFullAWSAccess` is implied); `None` = none.
    pub rcps: Option<Vec<Vec<Policy>>>,
}

/// Keys, principals and accounts, indexed by ARN and id.
#[derive(Debug, Clone, Default)]
pub struct World {
    keys: Vec<Key>,
    principals: Vec<Principal>,
    accounts: Vec<Account>,
    key_by_arn: FastMap<String, usize>,
    /// account → alias name → key.
    key_by_alias: FastMap<String, FastMap<String, usize>>,
    principal_by_arn: FastMap<String, usize>,
    /// account → role name → principal.
    role_by_name: FastMap<String, FastMap<String, usize>>,
    account_by_id: FastMap<String, usize>,
}

impl World {
    /// An empty world.
    pub fn new() -> World {
        World::default()
    }

    /// Adds a key. A key with the same ARN replaces the earlier one.
    pub fn add_key(&mut self, key: Key) {
        let index = self.keys.len();
        self.key_by_arn.insert(key.arn.arn.clone(), index);
        for alias in &key.aliases {
            self.key_by_alias
                .entry(key.arn.account.clone())
                .or_default()
                .insert(alias.clone(), index);
        }
        self.keys.push(key);
    }

    /// Adds an IAM user or role.
    pub fn add_principal(&mut self, principal: Principal) {
        let index = self.principals.len();
        self.principal_by_arn.insert(principal.arn.clone(), index);
        if principal.kind == PrincipalKind::Role {
            self.role_by_name
                .entry(principal.account.clone())
                .or_default()
                .insert(principal.name.clone(), index);
        }
        self.principals.push(principal);
    }

    /// Adds an account.
    pub fn add_account(&mut self, account: Account) {
        self.account_by_id
            .insert(account.id.clone(), self.accounts.len());
        self.accounts.push(account);
    }

    /// The keys.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The principals.
    pub fn principals(&self) -> &[Principal] {
        &self.principals
    }

    /// The accounts.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// The key with this ARN.
    pub fn key(&self, arn: &str) -> Option<&Key> {
        self.key_by_arn.get(arn).and_then(|i| self.keys.get(*i))
    }

    /// The key an alias of `account` points to.
    pub fn key_by_alias(&self, account: &str, alias: &str) -> Option<&Key> {
        self.key_by_alias
            .get(account)
            .and_then(|m| m.get(alias))
            .and_then(|i| self.keys.get(*i))
    }

    /// The user or role with this ARN.
    pub fn principal(&self, arn: &str) -> Option<&Principal> {
        self.principal_by_arn
            .get(arn)
            .and_then(|i| self.principals.get(*i))
    }

    /// The role of `account` named `name` (session ARNs carry no path).
    pub fn role(&self, account: &str, name: &str) -> Option<&Principal> {
        self.role_by_name
            .get(account)
            .and_then(|m| m.get(name))
            .and_then(|i| self.principals.get(*i))
    }

    /// The account with this id.
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.account_by_id
            .get(id)
            .and_then(|i| self.accounts.get(*i))
    }
}
