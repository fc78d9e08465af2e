//! Where a request goes: the key named by ARN, key id, alias name or alias ARN, a key the world
//! does not have, or no key at all (account-level actions); and the IAM user or role behind the
//! caller.

use super::*;

/// Where the request goes.
pub(super) enum Target<'w> {
    Key {
        key: &'w Key,
        request_alias: Option<&'w str>,
        alias_arn: Option<String>,
    },
    Missing {
        arn: String,
        account: Option<String>,
    },
    Account,
}

pub(super) fn bad_input(message: String) -> Error {
    Error::single(Diagnostic::plain(message))
}

pub(super) fn resolve<'w>(world: &'w World, req: &'w Request) -> Result<Target<'w>, Error> {
    if req.action().resource == ResourceKind::None {
        return Ok(Target::Account);
    }
    let caller_account = req.caller.account();
    let Some(resource) = req.resource() else {
        return match world.keys() {
            [only] => Ok(Target::Key {
                key: only,
                request_alias: None,
                alias_arn: None,
            }),
            _ => Err(bad_input(format!(
                "`kms:{}` needs a resource: a key ARN or alias (the world has {} keys)",
                req.action().name,
                world.keys().len()
            ))),
        };
    };
    if resource == "*" {
        return Err(bad_input(format!(
            "`kms:{}` is authorized against a key: give a key ARN or alias, not `*`",
            req.action().name
        )));
    }
    let alias_target = |account: Option<&str>, alias: &'w str, arn: Option<&str>| {
        let key = match account {
            Some(a) => world.key_by_alias(a, alias),
            None => {
                let mut found = world
                    .keys()
                    .iter()
                    .filter(|k| k.aliases.iter().any(|x| x == alias));
                match (found.next(), found.next()) {
                    (Some(k), None) => Some(k),
                    _ => None,
                }
            }
        };
        match key {
            Some(key) => Target::Key {
                key,
                request_alias: Some(alias),
                alias_arn: Some(arn.map_or_else(
                    || {
                        format!(
                            "arn:{}:kms:{}:{}:{alias}",
                            key.arn.partition, key.arn.region, key.arn.account
                        )
                    },
                    str::to_string,
                )),
            },
            None => Target::Missing {
                arn: arn.unwrap_or(alias).to_string(),
                account: account.map(str::to_string),
            },
        }
    };
    // The common case first: a key ARN of the world, found without parsing.
    if let Some(key) = world.key(resource) {
        return Ok(Target::Key {
            key,
            request_alias: None,
            alias_arn: None,
        });
    }
    if resource.starts_with("alias/") {
        let account =
            caller_account.or_else(|| world.keys().first().map(|k| k.arn.account.as_str()));
        return Ok(alias_target(account, resource, None));
    }
    if let Some(parts) = crate::values::split_arn(resource) {
        let [_, _, service, _, account, res] = parts;
        if service == "kms" && res.starts_with("alias/") {
            return Ok(alias_target(Some(account), res, Some(resource)));
        }
        if !KeyArn::is_valid(resource) {
            return Err(bad_input(format!(
                "invalid key ARN `{resource}`: expected `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"
            )));
        }
        return Ok(match world.key(resource) {
            Some(key) => Target::Key {
                key,
                request_alias: None,
                alias_arn: None,
            },
            None => Target::Missing {
                arn: resource.to_string(),
                account: Some(account.to_string()),
            },
        });
    }
    // A bare key id: resolved in the caller's account.
    let found = world
        .keys()
        .iter()
        .find(|k| k.arn.key_id == resource && caller_account.is_none_or(|a| a == k.arn.account));
    match found {
        Some(key) => Ok(Target::Key {
            key,
            request_alias: None,
            alias_arn: None,
        }),
        None if resource.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Ok(Target::Missing {
            arn: resource.to_string(),
            account: caller_account.map(str::to_string),
        }),
        None => Err(bad_input(format!(
            "invalid resource `{resource}`: expected a key ARN, a key id, an alias name or alias ARN"
        ))),
    }
}

/// The listed IAM user or role behind the caller.
pub(super) fn listed_principal<'w>(
    world: &'w World,
    caller: CallerKind<'_>,
) -> Option<&'w Principal> {
    match caller {
        CallerKind::User { arn, .. } => world.principal(arn),
        // A role ARN as given (with its path) or derived from a session ARN (without one, so
        // a role with a path is found by account and name).
        CallerKind::RoleSession {
            role_arn,
            account,
            role_name,
            ..
        } => world
            .principal(role_arn)
            .filter(|p| p.kind == PrincipalKind::Role)
            .or_else(|| world.role(account, role_name)),
        CallerKind::FederatedUser { account, name, .. } => world
            .principals()
            .iter()
            .find(|p| p.kind == PrincipalKind::User && p.account == account && p.name == name),
        CallerKind::Root { .. } | CallerKind::Service { .. } => None,
    }
}
