//! The request context: condition keys and their values, looked up lazily.
//!
//! No map is built per request. A condition's key was classified when the policy was loaded
//! ([`CondKey`]); its value is read straight from the caller, the key, the organization or the
//! request, and the request's explicit `context` entries override what is derived. A key that AWS
//! would not send is absent — never an empty string — because presence alone drives `Null`,
//! `…IfExists`, negated operators and set operators. An empty multi-valued key counts as absent
//! (spec §3.3, engine choice). Condition-key names are case-insensitive.

use std::borrow::Cow;

use super::caller::CallerKind;
use super::matching::Who;
use super::request::Request;
use crate::kms::ResourceKind;
use crate::policy::keys::CondKey;
use crate::values::same;
use crate::world::{Account, Key, Organization, Principal, World};

/// A condition key's value, as given in a request or shown in an explanation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single-valued key.
    Single(String),
    /// A multi-valued key.
    Multi(Vec<String>),
    /// Two or more request values whose names differ only by case (for example encryption-context
    /// pairs `Dept` and `dept`): which one AWS uses is undocumented, so a condition on it is an
    /// evaluation error.
    Conflict(Vec<String>),
}

/// The values of a multi-valued key, borrowed from where they live.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Values<'a> {
    Strings(&'a [String]),
    /// The keys of the request's encryption context.
    EncryptionContextKeys(&'a Request<'a>),
    One(&'a str),
}

impl<'a> Values<'a> {
    pub(crate) fn iter(self) -> impl Iterator<Item = &'a str> {
        let (strings, request, one): (&'a [String], Option<&'a Request>, Option<&'a str>) =
            match self {
                Values::Strings(s) => (s, None, None),
                Values::EncryptionContextKeys(r) => (&[], Some(r), None),
                Values::One(s) => (&[], None, Some(s)),
            };
        let keys = request
            .into_iter()
            .flat_map(|r| r.encryption_context().map(|(k, _)| k));
        strings.iter().map(String::as_str).chain(keys).chain(one)
    }

    fn is_empty(self) -> bool {
        match self {
            Values::Strings(s) => s.is_empty(),
            Values::EncryptionContextKeys(r) => r.encryption_context_len() == 0,
            Values::One(_) => false,
        }
    }
}

/// The value of one condition key in one request.
#[derive(Debug, Clone)]
pub(crate) enum Lookup<'a> {
    Absent,
    Single(Cow<'a, str>),
    Multi(Values<'a>),
    /// Several values whose key names differ only by case.
    Conflict,
}

impl Lookup<'_> {
    pub(crate) fn is_absent(&self) -> bool {
        matches!(self, Lookup::Absent)
    }

    /// An owned copy for explanations.
    pub(crate) fn to_value(&self) -> Option<ContextValue> {
        match self {
            Lookup::Absent => None,
            Lookup::Single(s) => Some(ContextValue::Single(s.to_string())),
            Lookup::Multi(v) => Some(ContextValue::Multi(v.iter().map(str::to_string).collect())),
            Lookup::Conflict => Some(ContextValue::Conflict(Vec::new())),
        }
    }
}

fn single(s: &str) -> Lookup<'_> {
    Lookup::Single(Cow::Borrowed(s))
}

fn multi(v: Values<'_>) -> Lookup<'_> {
    if v.is_empty() {
        Lookup::Absent
    } else {
        Lookup::Multi(v)
    }
}

fn opt(s: Option<&str>) -> Lookup<'_> {
    s.map_or(Lookup::Absent, single)
}

fn flag(b: bool) -> Lookup<'static> {
    Lookup::Single(Cow::Borrowed(if b { "true" } else { "false" }))
}

/// Tags as pairs of strings.
fn pairs(tags: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// Finds the value of `name` among `pairs`, ignoring the case of the name; two names that differ
/// only by case are a conflict.
fn case_insensitive<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, name: &str) -> Lookup<'a> {
    let mut found: Option<&'a str> = None;
    for (k, v) in pairs {
        // The exact spelling first: it is the usual one, and two word compares.
        if same(k, name) || k.eq_ignore_ascii_case(name) {
            if found.is_some() {
                return Lookup::Conflict;
            }
            found = Some(v);
        }
    }
    opt(found)
}

/// Everything a condition key can be derived from, for one request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) req: &'a Request<'a>,
    pub(crate) caller: CallerKind<'a>,
    pub(crate) principal: Option<&'a Principal>,
    pub(crate) key: Option<&'a Key>,
    pub(crate) request_alias: Option<&'a str>,
    /// The caller's account and the key owner's account, looked up once per request (the
    /// organization keys and the SCP/RCP chains come from them).
    pub(crate) caller_account: Option<&'a Account>,
    pub(crate) resource_account: Option<&'a Account>,
    caller_org: Option<&'a Organization>,
    resource_org: Option<&'a Organization>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        world: &'a World,
        req: &'a Request,
        who: Who<'a>,
        key: Option<&'a Key>,
        request_alias: Option<&'a str>,
    ) -> Ctx<'a> {
        let caller_account = who.caller.account().and_then(|a| world.account(a));
        let resource_account = match key {
            Some(k)
                if who
                    .caller
                    .account()
                    .is_some_and(|a| same(a, &k.arn.account)) =>
            {
                caller_account
            }
            Some(k) => world.account(&k.arn.account),
            None => None,
        };
        Ctx {
            req,
            caller: who.caller,
            principal: who.principal,
            key,
            request_alias,
            caller_account,
            resource_account,
            caller_org: caller_account.and_then(|a| a.organization.as_ref()),
            resource_org: resource_account.and_then(|a| a.organization.as_ref()),
        }
    }

    fn overridden(&self, key_lower: &str) -> Option<Lookup<'a>> {
        let req: &'a Request<'a> = self.req;
        let (_, value) = req
            .context_overrides()
            .iter()
            .rev()
            .find(|(k, _)| k == key_lower)?;
        Some(match value {
            None => Lookup::Absent,
            Some(ContextValue::Single(s)) => single(s),
            Some(ContextValue::Multi(v)) => multi(Values::Strings(v)),
            Some(ContextValue::Conflict(_)) => Lookup::Conflict,
        })
    }

    /// The value of a condition key (`key_lower` in lowercase, `id` its classification).
    pub(crate) fn get(&self, key_lower: &str, id: &CondKey) -> Lookup<'a> {
        if let Some(v) = self.overridden(key_lower) {
            return v;
        }
        self.derived(id)
    }

    fn key_resource(&self) -> Option<&'a Key> {
        self.key
            .filter(|_| self.req.action().resource != ResourceKind::None)
    }

    fn derived(&self, id: &CondKey) -> Lookup<'a> {
        let caller = self.caller;
        let action = self.req.action();
        match id {
            // A session's role ARN carries its path when the world lists the role.
            CondKey::PrincipalArn => match (caller, self.principal) {
                (CallerKind::RoleSession { .. }, Some(p)) => single(&p.arn),
                _ => opt(caller.principal_arn()),
            },
            CondKey::PrincipalAccount | CondKey::CallerAccount => opt(caller.account()),
            CondKey::PrincipalOrgId => opt(self.caller_org.map(|o| o.id.as_str())),
            CondKey::PrincipalOrgPaths => self
                .caller_org
                .map_or(Lookup::Absent, |o| multi(Values::Strings(&o.paths))),
            CondKey::PrincipalType => match caller {
                CallerKind::Root { .. } => single("Account"),
                CallerKind::User { .. } => single("User"),
                CallerKind::RoleSession { .. } => single("AssumedRole"),
                CallerKind::FederatedUser { .. } => single("FederatedUser"),
                CallerKind::Service { .. } => Lookup::Absent,
            },
            CondKey::UserId => {
                let unique = self.principal.and_then(|p| p.unique_id.as_deref());
                match caller {
                    CallerKind::Root { account, .. } => single(account),
                    CallerKind::User { .. } => opt(unique),
                    CallerKind::RoleSession {
                        session_name,
                        role_name,
                        ..
                    } => match unique {
                        Some(id) => {
                            let session = session_name.unwrap_or(role_name);
                            Lookup::Single(Cow::Owned(format!("{id}:{session}")))
                        }
                        None => Lookup::Absent,
                    },
                    CallerKind::FederatedUser { account, name, .. } => {
                        Lookup::Single(Cow::Owned(format!("{account}:{name}")))
                    }
                    CallerKind::Service { .. } => Lookup::Absent,
                }
            }
            CondKey::Username => match caller {
                CallerKind::User { name, .. } => single(name),
                _ => Lookup::Absent,
            },
            CondKey::PrincipalTag(tag) => match self.principal {
                Some(p)
                    if !matches!(caller, CallerKind::Service { .. } | CallerKind::Root { .. }) =>
                {
                    case_insensitive(pairs(&p.tags), tag)
                }
                _ => Lookup::Absent,
            },
            CondKey::PrincipalIsAwsService => flag(matches!(caller, CallerKind::Service { .. })),
            CondKey::PrincipalServiceName => match caller {
                CallerKind::Service { name } => single(name),
                _ => Lookup::Absent,
            },
            CondKey::PrincipalServiceNamesList => match caller {
                CallerKind::Service { name } => Lookup::Multi(Values::One(name)),
                _ => Lookup::Absent,
            },
            CondKey::ResourceAccount => opt(self.key.map(|k| k.arn.account.as_str())),
            CondKey::RequestedRegion => opt(self.key.map(|k| k.arn.region.as_str())),
            CondKey::ResourceOrgId => opt(self.resource_org.map(|o| o.id.as_str())),
            CondKey::ResourceOrgPaths => self
                .resource_org
                .map_or(Lookup::Absent, |o| multi(Values::Strings(&o.paths))),
            CondKey::ResourceTag(tag) => self
                .key_resource()
                .map_or(Lookup::Absent, |k| case_insensitive(pairs(&k.tags), tag)),
            CondKey::SecureTransport => single("true"),
            CondKey::ViaAwsService => flag(
                self.overridden("kms:viaservice")
                    .is_some_and(|v| !v.is_absent()),
            ),
            CondKey::EncryptionContext(name) if action.takes_encryption_context => {
                case_insensitive(self.req.encryption_context(), name)
            }
            CondKey::EncryptionContextKeys if action.takes_encryption_context => {
                multi(Values::EncryptionContextKeys(self.req))
            }
            CondKey::KeySpec => opt(self.key_resource().map(|k| k.metadata.key_spec.as_str())),
            CondKey::KeyUsage => opt(self.key_resource().map(|k| k.metadata.key_usage.as_str())),
            CondKey::KeyOrigin => opt(self.key_resource().map(|k| k.metadata.origin.as_str())),
            CondKey::MultiRegion => self
                .key_resource()
                .map_or(Lookup::Absent, |k| flag(k.metadata.multi_region)),
            CondKey::MultiRegionKeyType => opt(self
                .key_resource()
                .and_then(|k| k.metadata.multi_region_key_type.as_deref())),
            CondKey::ResourceAliases => self
                .key_resource()
                .map_or(Lookup::Absent, |k| multi(Values::Strings(&k.aliases))),
            CondKey::RequestAlias => opt(self.request_alias),
            CondKey::GrantIsForAwsResource
                if matches!(action.name, "CreateGrant" | "ListGrants" | "RevokeGrant") =>
            {
                single("false")
            }
            _ => Lookup::Absent,
        }
    }
}
