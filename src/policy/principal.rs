//! Principal values: what a `Principal` entry names, decided once when the policy is loaded.
//!
//! AWS accepts only whole values here (no partial wildcards), so each value is classified into one
//! of a few kinds; matching a caller then needs no string parsing.

/// A value of a `Principal` / `NotPrincipal` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalValue {
    /// `"*"` (in `AWS` or as the whole element): everyone.
    Any,
    /// An account: `"123456789012"` or `arn:aws:iam::123456789012:root`.
    Account {
        /// As written.
        text: String,
        /// The 12-digit account id.
        account: String,
    },
    /// An IAM user ARN.
    User {
        /// The ARN as written.
        arn: String,
        /// Its account.
        account: String,
        /// The user name (last path segment).
        name: String,
    },
    /// An IAM role ARN: the role and all its sessions.
    Role {
        /// The ARN as written.
        arn: String,
        /// Its account.
        account: String,
        /// The role name (last path segment).
        name: String,
    },
    /// An assumed-role session ARN: exactly that session.
    Session {
        /// The ARN as written.
        arn: String,
    },
    /// A federated-user session ARN.
    FederatedUser {
        /// The ARN as written.
        arn: String,
    },
    /// A unique id (`AIDA…` user, `AROA…` role).
    UniqueId(String),
    /// A service principal such as `cloudtrail.amazonaws.com`.
    Service(String),
    /// A `Federated` identity provider (never a KMS caller).
    Federated(String),
    /// A `CanonicalUser` id (S3 only; never a KMS caller).
    CanonicalUser(String),
}

impl PrincipalValue {
    /// The value as written.
    pub fn text(&self) -> &str {
        match self {
            PrincipalValue::Any => "*",
            PrincipalValue::Account { text, .. } => text,
            PrincipalValue::User { arn, .. }
            | PrincipalValue::Role { arn, .. }
            | PrincipalValue::Session { arn }
            | PrincipalValue::FederatedUser { arn } => arn,
            PrincipalValue::UniqueId(s)
            | PrincipalValue::Service(s)
            | PrincipalValue::Federated(s)
            | PrincipalValue::CanonicalUser(s) => s,
        }
    }
}

/// Whether `s` is a 12-digit account id.
pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Classifies one value of an `AWS` principal entry. `Err` holds the message and an optional help.
pub(crate) fn parse_aws(text: &str) -> Result<PrincipalValue, (String, Option<String>)> {
    if text == "*" {
        return Ok(PrincipalValue::Any);
    }
    if is_account_id(text) {
        return Ok(PrincipalValue::Account {
            text: text.to_string(),
            account: text.to_string(),
        });
    }
    if (text.starts_with("AIDA") || text.starts_with("AROA"))
        && text.len() >= 16
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Ok(PrincipalValue::UniqueId(text.to_string()));
    }
    if text.contains('*') || text.contains('?') {
        return Err((
            format!("wildcards are not allowed inside a principal: `{text}`"),
            Some(
                "use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn`"
                    .into(),
            ),
        ));
    }
    let invalid = || {
        (
            format!("invalid AWS principal `{text}`"),
            Some("expected an account id, `arn:aws:iam::ACCOUNT:root`, a user, role, assumed-role or federated-user ARN, or `*`".to_string()),
        )
    };
    let Some([_, partition, service, region, account, resource]) = crate::values::split_arn(text)
    else {
        return Err(invalid());
    };
    if partition.is_empty() || !region.is_empty() || !is_account_id(account) {
        return Err(invalid());
    }
    let account = account.to_string();
    let last = |r: &str| r.rsplit('/').next().unwrap_or("").to_string();
    match service {
        "iam" => {
            if resource == "root" {
                Ok(PrincipalValue::Account {
                    text: text.to_string(),
                    account,
                })
            } else if let Some(rest) = resource.strip_prefix("user/") {
                non_empty(rest, invalid)?;
                Ok(PrincipalValue::User {
                    arn: text.to_string(),
                    account,
                    name: last(rest),
                })
            } else if let Some(rest) = resource.strip_prefix("role/") {
                non_empty(rest, invalid)?;
                Ok(PrincipalValue::Role {
                    arn: text.to_string(),
                    account,
                    name: last(rest),
                })
            } else if resource.starts_with("group/") {
                Err((
                    format!("IAM groups are never valid principals: `{text}`"),
                    Some(
                        "name the users or roles, or use a condition on `aws:PrincipalArn`".into(),
                    ),
                ))
            } else {
                Err(invalid())
            }
        }
        "sts" => {
            if let Some(rest) = resource.strip_prefix("assumed-role/") {
                match rest.split_once('/') {
                    Some((role, session)) if !role.is_empty() && !session.is_empty() => {
                        Ok(PrincipalValue::Session {
                            arn: text.to_string(),
                        })
                    }
                    _ => Err(invalid()),
                }
            } else if let Some(rest) = resource.strip_prefix("federated-user/") {
                non_empty(rest, invalid)?;
                Ok(PrincipalValue::FederatedUser {
                    arn: text.to_string(),
                })
            } else {
                Err(invalid())
            }
        }
        _ => Err(invalid()),
    }
}

fn non_empty(
    s: &str,
    invalid: impl Fn() -> (String, Option<String>),
) -> Result<(), (String, Option<String>)> {
    if s.is_empty() || s.ends_with('/') {
        Err(invalid())
    } else {
        Ok(())
    }
}

/// Classifies one value of a `Service` principal entry.
pub(crate) fn parse_service(text: &str) -> Result<PrincipalValue, (String, Option<String>)> {
    if text == "*" {
        return Ok(PrincipalValue::Any);
    }
    let valid = !text.is_empty()
        && !text.contains(['*', '?', ' ', ':', '/'])
        && text.contains('.')
        && text.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(PrincipalValue::Service(text.to_string()))
    } else {
        Err((
            format!("invalid service principal `{text}`"),
            Some("expected a name such as `cloudtrail.amazonaws.com`".into()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_aws_values() {
        assert_eq!(parse_aws("*"), Ok(PrincipalValue::Any));
        assert!(matches!(
            parse_aws("111122223333"),
            Ok(PrincipalValue::Account { .. })
        ));
        assert!(matches!(
            parse_aws("arn:aws:iam::111122223333:root"),
            Ok(PrincipalValue::Account { .. })
        ));
        assert!(matches!(
            parse_aws("arn:aws:iam::111122223333:role/path/App"),
            Ok(PrincipalValue::Role { ref name, .. }) if name == "App"
        ));
        assert!(matches!(
            parse_aws("arn:aws:iam::111122223333:user/alice"),
            Ok(PrincipalValue::User { .. })
        ));
        assert!(matches!(
            parse_aws("arn:aws:sts::111122223333:assumed-role/App/s1"),
            Ok(PrincipalValue::Session { .. })
        ));
        assert!(matches!(
            parse_aws("AROAEXAMPLEID1234567"),
            Ok(PrincipalValue::UniqueId(_))
        ));
    }

    #[test]
    fn rejects_bad_values() {
        for bad in [
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::*:root",
            "arn:aws:iam::111122223333:group/Ops",
            "arn:aws:iam::1111:root",
            "arn:aws:s3:::bucket",
            "alice",
            "arn:aws:sts::111122223333:assumed-role/App",
        ] {
            assert!(parse_aws(bad).is_err(), "{bad}");
        }
        assert!(parse_service("cloudtrail.amazonaws.com").is_ok());
        assert!(parse_service("cloud*").is_err());
    }
}
