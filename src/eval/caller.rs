//! Who is calling: the request principal, classified once per request.
//!
//! KMS callers are the root user, IAM users, role sessions, federated users and AWS service
//! principals. The class decides which policies exist for the caller, how `Principal` elements
//! match it, and which condition keys it carries.

use crate::policy::is_account_id;

/// The caller of a KMS request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The account's root user, `arn:aws:iam::A:root`.
    Root {
        /// `arn:PARTITION:iam::ACCOUNT:root`.
        arn: String,
        /// The account.
        account: String,
    },
    /// An IAM user.
    User {
        /// The user ARN.
        arn: String,
        /// The account.
        account: String,
        /// The user name.
        name: String,
    },
    /// A session of an IAM role. Given as a role ARN, the session is unnamed.
    RoleSession {
        /// The role ARN (with its path when the world knows the role).
        role_arn: String,
        /// The session ARN, `arn:aws:sts::A:assumed-role/NAME/SESSION`, when named.
        session_arn: Option<String>,
        /// The account.
        account: String,
        /// The role name.
        role_name: String,
        /// The session name, when named.
        session_name: Option<String>,
    },
    /// A federated user session (GetFederationToken).
    FederatedUser {
        /// `arn:aws:sts::A:federated-user/NAME`.
        arn: String,
        /// The account.
        account: String,
        /// The federated user name.
        name: String,
    },
    /// An AWS service principal, such as `cloudtrail.amazonaws.com`.
    Service {
        /// The service principal name.
        name: String,
    },
}

impl Caller {
    /// Classifies a principal string. `Err` says what is wrong with it.
    pub fn parse(principal: &str) -> Result<Caller, String> {
        if !principal.starts_with("arn:") {
            let service_like = principal.contains('.')
                && !principal.contains([':', '/', '*', ' '])
                && !principal.is_empty();
            return if service_like {
                Ok(Caller::Service {
                    name: principal.to_string(),
                })
            } else {
                Err(format!(
                    "invalid principal `{principal}`: expected an IAM user or role ARN, a role-session ARN, a federated-user ARN, `arn:aws:iam::ACCOUNT:root` or a service principal"
                ))
            };
        }
        let bad = || format!("invalid principal ARN `{principal}`");
        let Some([_, partition, service, region, account, resource]) =
            crate::values::split_arn(principal)
        else {
            return Err(bad());
        };
        if partition.is_empty() || !region.is_empty() || !is_account_id(account) {
            return Err(bad());
        }
        let account = (*account).to_string();
        let last = |r: &str| r.rsplit('/').next().unwrap_or_default().to_string();
        match (service, resource) {
            ("iam", "root") => Ok(Caller::Root {
                arn: principal.to_string(),
                account,
            }),
            ("iam", r) if r.starts_with("user/") && r.len() > 5 && !r.ends_with('/') => {
                Ok(Caller::User {
                    arn: principal.to_string(),
                    account,
                    name: last(r),
                })
            }
            ("iam", r) if r.starts_with("role/") && r.len() > 5 && !r.ends_with('/') => {
                Ok(Caller::RoleSession {
                    role_arn: principal.to_string(),
                    session_arn: None,
                    account,
                    role_name: last(r),
                    session_name: None,
                })
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let rest = r.get("assumed-role/".len()..).unwrap_or_default();
                match rest.split_once('/') {
                    Some((role, session))
                        if !role.is_empty() && !session.is_empty() && !session.contains('/') =>
                    {
                        Ok(Caller::RoleSession {
                            role_arn: format!("arn:{partition}:iam::{account}:role/{role}"),
                            session_arn: Some(principal.to_string()),
                            account,
                            role_name: role.to_string(),
                            session_name: Some(session.to_string()),
                        })
                    }
                    _ => Err(bad()),
                }
            }
            ("sts", r) if r.starts_with("federated-user/") && r.len() > 15 => {
                Ok(Caller::FederatedUser {
                    arn: principal.to_string(),
                    account,
                    name: last(r),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The caller's account; `None` for service principals.
    pub fn account(&self) -> Option<&str> {
        match self {
            Caller::Root { account, .. }
            | Caller::User { account, .. }
            | Caller::RoleSession { account, .. }
            | Caller::FederatedUser { account, .. } => Some(account),
            Caller::Service { .. } => None,
        }
    }

    /// The ARN shown as `User:` in AccessDenied messages: the session ARN for sessions.
    pub fn display_arn(&self) -> String {
        match self {
            Caller::Root { arn, .. }
            | Caller::User { arn, .. }
            | Caller::FederatedUser { arn, .. } => arn.clone(),
            Caller::RoleSession {
                session_arn,
                role_arn,
                ..
            } => session_arn.clone().unwrap_or_else(|| role_arn.clone()),
            Caller::Service { name } => name.clone(),
        }
    }

    /// The value of `aws:PrincipalArn`: the role ARN for sessions.
    pub fn principal_arn(&self) -> Option<&str> {
        match self {
            Caller::RoleSession { role_arn, .. } => Some(role_arn),
            Caller::Root { arn, .. }
            | Caller::User { arn, .. }
            | Caller::FederatedUser { arn, .. } => Some(arn),
            Caller::Service { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_callers() {
        assert!(matches!(
            Caller::parse("arn:aws:iam::111122223333:root"),
            Ok(Caller::Root { .. })
        ));
        let s = Caller::parse("arn:aws:sts::111122223333:assumed-role/App/s1").unwrap();
        assert_eq!(
            s.principal_arn(),
            Some("arn:aws:iam::111122223333:role/App")
        );
        assert_eq!(
            s.display_arn(),
            "arn:aws:sts::111122223333:assumed-role/App/s1"
        );
        assert!(matches!(
            Caller::parse("cloudtrail.amazonaws.com"),
            Ok(Caller::Service { .. })
        ));
        for bad in [
            "alice",
            "arn:aws:iam::1:root",
            "arn:aws:sts::111122223333:assumed-role/App",
            "arn:aws:s3:::b",
        ] {
            assert!(Caller::parse(bad).is_err(), "{bad}");
        }
    }
}
