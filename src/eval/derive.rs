//! Derived condition keys: what AWS puts into the request context for this caller, key and
//! organization (scenario-format.md "Derived condition keys", spec §5, §6).
//!
//! A key AWS would not send is left absent. The request's explicit `context` entries are applied
//! last and override everything derived.

use super::caller::Caller;
use super::context::{Context, ContextValue};
use super::matching::Who;
use super::request::Request;
use crate::kms::ResourceKind;
use crate::world::{Key, World};

/// Builds the context of `req` against `key` (absent for account-level actions).
pub(crate) fn derive_context(
    world: &World,
    req: &Request,
    who: Who<'_>,
    key: Option<&Key>,
    request_alias: Option<&str>,
) -> Context {
    let mut ctx = Context::new();
    let caller = who.caller;
    if let Some(arn) = principal_arn(who) {
        ctx.set_single("aws:PrincipalArn", arn);
    }
    if let Some(account) = caller.account() {
        ctx.set_single("aws:PrincipalAccount", account);
        ctx.set_single("kms:CallerAccount", account);
        if let Some(org) = world.account(account).and_then(|a| a.organization.as_ref()) {
            ctx.set_single("aws:PrincipalOrgID", org.id.clone());
            ctx.set(
                "aws:PrincipalOrgPaths",
                ContextValue::Multi(org.paths.clone()),
            );
        }
    }
    let principal_type = match caller {
        Caller::Root { .. } => Some("Account"),
        Caller::User { .. } => Some("User"),
        Caller::RoleSession { .. } => Some("AssumedRole"),
        Caller::FederatedUser { .. } => Some("FederatedUser"),
        Caller::Service { .. } => None,
    };
    if let Some(t) = principal_type {
        ctx.set_single("aws:PrincipalType", t);
    }
    let unique_id = who.principal.and_then(|p| p.unique_id.as_deref());
    match caller {
        Caller::Root { account, .. } => ctx.set_single("aws:userid", account.clone()),
        Caller::User { name, .. } => {
            ctx.set_single("aws:username", name.clone());
            if let Some(id) = unique_id {
                ctx.set_single("aws:userid", id);
            }
        }
        Caller::RoleSession {
            session_name,
            role_name,
            ..
        } => {
            if let Some(id) = unique_id {
                let session = session_name.as_deref().unwrap_or(role_name);
                ctx.set_single("aws:userid", format!("{id}:{session}"));
            }
        }
        Caller::FederatedUser { account, name, .. } => {
            ctx.set_single("aws:userid", format!("{account}:{name}"));
        }
        Caller::Service { name } => {
            ctx.set_single("aws:PrincipalServiceName", name.clone());
            ctx.set(
                "aws:PrincipalServiceNamesList",
                ContextValue::Multi(vec![name.clone()]),
            );
        }
    }
    ctx.set_single(
        "aws:PrincipalIsAWSService",
        if matches!(caller, Caller::Service { .. }) {
            "true"
        } else {
            "false"
        },
    );
    if let Some(p) = who.principal {
        for (k, v) in &p.tags {
            ctx.set_single(&format!("aws:PrincipalTag/{k}"), v.clone());
        }
    }
    ctx.set_single("aws:SecureTransport", "true");
    let action = req.action;
    if let Some(key) = key {
        ctx.set_single("aws:ResourceAccount", key.arn.account.clone());
        ctx.set_single("aws:RequestedRegion", key.arn.region.clone());
        if let Some(org) = world
            .account(&key.arn.account)
            .and_then(|a| a.organization.as_ref())
        {
            ctx.set_single("aws:ResourceOrgID", org.id.clone());
            ctx.set(
                "aws:ResourceOrgPaths",
                ContextValue::Multi(org.paths.clone()),
            );
        }
        if action.resource != ResourceKind::None {
            for (k, v) in &key.tags {
                ctx.set_single(&format!("aws:ResourceTag/{k}"), v.clone());
            }
            let m = &key.metadata;
            ctx.set_single("kms:KeySpec", m.key_spec.clone());
            ctx.set_single("kms:CustomerMasterKeySpec", m.key_spec.clone());
            ctx.set_single("kms:KeyUsage", m.key_usage.clone());
            ctx.set_single("kms:CustomerMasterKeyUsage", m.key_usage.clone());
            ctx.set_single("kms:KeyOrigin", m.origin.clone());
            ctx.set_single(
                "kms:MultiRegion",
                if m.multi_region { "true" } else { "false" },
            );
            if let Some(t) = &m.multi_region_key_type {
                ctx.set_single("kms:MultiRegionKeyType", t.clone());
            }
            ctx.set(
                "kms:ResourceAliases",
                ContextValue::Multi(key.aliases.clone()),
            );
        }
        if let Some(alias) = request_alias {
            ctx.set_single("kms:RequestAlias", alias);
        }
    }
    if action.takes_encryption_context {
        for (k, v) in &req.encryption_context {
            ctx.add_case_variant(&format!("kms:EncryptionContext:{k}"), v);
        }
        let keys: Vec<String> = req
            .encryption_context
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        ctx.set("kms:EncryptionContextKeys", ContextValue::Multi(keys));
    }
    if matches!(action.name, "CreateGrant" | "ListGrants" | "RevokeGrant") {
        ctx.set_single("kms:GrantIsForAWSResource", "false");
    }
    let mut via_overridden = false;
    for (k, v) in &req.context {
        if k.eq_ignore_ascii_case("aws:ViaAWSService") {
            via_overridden = true;
        }
        match v {
            Some(v) => ctx.set(k, v.clone()),
            None => ctx.remove(k),
        }
    }
    if !via_overridden {
        let via = ctx.get_lower("kms:viaservice").is_some();
        ctx.set_single("aws:ViaAWSService", if via { "true" } else { "false" });
    }
    ctx
}

/// `aws:PrincipalArn`: for sessions the role ARN (with its path when the world knows the role).
fn principal_arn(who: Who<'_>) -> Option<String> {
    match who.caller {
        Caller::RoleSession { .. } => match who.principal {
            Some(p) => Some(p.arn.clone()),
            None => who.caller.principal_arn(),
        },
        other => other.principal_arn(),
    }
}
