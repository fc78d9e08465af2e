//! Who is calling: the request principal, classified once per request.
//!
//! KMS callers are the root user, IAM users, role sessions, federated users and AWS service
//! principals. The class decides which policies exist for the caller, how `Principal` elements
//! match it, and which condition keys it carries.
//!
//! A [`Caller`] keeps the principal's text as given — borrowed from the embedder when it can be —
//! and remembers where its parts are; [`Caller::kind`] hands out the parts as a borrowed
//! [`CallerKind`], which is what matching and condition keys read. Classifying a borrowed ARN
//! allocates nothing (a role-session ARN needs its role ARN derived: one allocation).

use std::borrow::Cow;

use crate::policy::is_account_id;

/// The caller of a KMS request, classified. See [`Caller::kind`] for its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller<'a> {
    /// The principal as given; for a role session named by its session ARN, followed by the role
    /// ARN derived from it.
    text: Cow<'a, str>,
    shape: Shape,
}

/// Where a part of a caller's text is: byte offsets, kept small so callers stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Part {
    start: u32,
    end: u32,
}

impl Part {
    /// The part `start..end` (the caller checks the offsets fit a `u32`).
    fn new(start: usize, end: usize) -> Part {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Part {
            start: at(start),
            end: at(end),
        }
    }

    /// Where `part`, a slice of `whole`, is in it.
    fn of(whole: &str, part: &str) -> Part {
        let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
        Part::new(start, start + part.len())
    }

    /// The end offset.
    fn end(self) -> usize {
        self.end as usize
    }

    /// The string at this part of `text` (empty if the part is not in it).
    fn of_text(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// The longest text a [`Part`] can point into.
const MAX_TEXT: usize = u32::MAX as usize;

/// The class of a caller, with where its parts are in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Root {
        arn: Part,
        account: Part,
    },
    User {
        arn: Part,
        account: Part,
        name: Part,
    },
    RoleSession {
        role_arn: Part,
        /// The session ARN and the session name, when named.
        session: Option<(Part, Part)>,
        account: Part,
        role_name: Part,
    },
    FederatedUser {
        arn: Part,
        account: Part,
        name: Part,
    },
    Service {
        name: Part,
    },
}

/// A caller's class and parts, borrowed from a [`Caller`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerKind<'a> {
    /// The account's root user, `arn:aws:iam::A:root`.
    Root {
        /// `arn:PARTITION:iam::ACCOUNT:root`.
        arn: &'a str,
        /// The account.
        account: &'a str,
    },
    /// An IAM user.
    User {
        /// The user ARN.
        arn: &'a str,
        /// The account.
        account: &'a str,
        /// The user name.
        name: &'a str,
    },
    /// A session of an IAM role. Given as a role ARN, the session is unnamed.
    RoleSession {
        /// The role ARN: as given, or derived from the session ARN (without a path).
        role_arn: &'a str,
        /// The session ARN, `arn:aws:sts::A:assumed-role/NAME/SESSION`, when named.
        session_arn: Option<&'a str>,
        /// The account.
        account: &'a str,
        /// The role name.
        role_name: &'a str,
        /// The session name, when named.
        session_name: Option<&'a str>,
    },
    /// A federated user session (GetFederationToken).
    FederatedUser {
        /// `arn:aws:sts::A:federated-user/NAME`.
        arn: &'a str,
        /// The account.
        account: &'a str,
        /// The federated user name.
        name: &'a str,
    },
    /// An AWS service principal, such as `cloudtrail.amazonaws.com`.
    Service {
        /// The service principal name.
        name: &'a str,
    },
}

impl<'a> Caller<'a> {
    /// Classifies a principal string (borrowed or owned). `Err` says what is wrong with it.
    pub fn parse(principal: impl Into<Cow<'a, str>>) -> Result<Caller<'a>, String> {
        let principal = principal.into();
        let (shape, role_arn) = classify(&principal)?;
        let text = match role_arn {
            // The role ARN follows the session ARN in the same text: one allocation.
            Some(pieces) => {
                let mut text = String::with_capacity(
                    principal.len() + pieces.iter().map(|p| p.len()).sum::<usize>(),
                );
                text.push_str(&principal);
                pieces.iter().for_each(|p| text.push_str(p));
                Cow::Owned(text)
            }
            None => principal,
        };
        Ok(Caller { text, shape })
    }

    /// The same caller, owning its text.
    pub fn into_owned(self) -> Caller<'static> {
        Caller {
            text: Cow::Owned(self.text.into_owned()),
            shape: self.shape,
        }
    }

    /// The caller's class and parts.
    pub fn kind(&self) -> CallerKind<'_> {
        let s = |p: Part| p.of_text(&self.text);
        match self.shape {
            Shape::Root { arn, account } => CallerKind::Root {
                arn: s(arn),
                account: s(account),
            },
            Shape::User { arn, account, name } => CallerKind::User {
                arn: s(arn),
                account: s(account),
                name: s(name),
            },
            Shape::RoleSession {
                role_arn,
                session,
                account,
                role_name,
            } => CallerKind::RoleSession {
                role_arn: s(role_arn),
                session_arn: session.map(|(arn, _)| s(arn)),
                account: s(account),
                role_name: s(role_name),
                session_name: session.map(|(_, name)| s(name)),
            },
            Shape::FederatedUser { arn, account, name } => CallerKind::FederatedUser {
                arn: s(arn),
                account: s(account),
                name: s(name),
            },
            Shape::Service { name } => CallerKind::Service { name: s(name) },
        }
    }

    /// The caller's account; `None` for service principals.
    pub fn account(&self) -> Option<&str> {
        match self.shape {
            Shape::Root { account, .. }
            | Shape::User { account, .. }
            | Shape::RoleSession { account, .. }
            | Shape::FederatedUser { account, .. } => Some(account.of_text(&self.text)),
            Shape::Service { .. } => None,
        }
    }

    /// The ARN shown as `User:` in AccessDenied messages: the session ARN for sessions.
    pub fn display_arn(&self) -> &str {
        self.kind().display_arn()
    }

    /// The value of `aws:PrincipalArn`: the role ARN for sessions.
    pub fn principal_arn(&self) -> Option<&str> {
        self.kind().principal_arn()
    }
}

/// The class of `principal` and where its parts are; for a role-session ARN, also the pieces of
/// its role ARN (whose part starts where `principal` ends).
fn classify(principal: &str) -> Result<(Shape, Option<[&str; 6]>), String> {
    if principal.len() > MAX_TEXT / 2 {
        return Err("the principal is too long".into());
    }
    let part = |p: &str| Part::of(principal, p);
    let whole = part(principal);
    if !principal.starts_with("arn:") {
        let service_like = principal.contains('.')
            && !principal.contains([':', '/', '*', ' '])
            && !principal.is_empty();
        return if service_like {
            Ok((Shape::Service { name: whole }, None))
        } else {
            Err(format!(
                "invalid principal `{principal}`: expected an IAM user or role ARN, a role-session ARN, a federated-user ARN, `arn:aws:iam::ACCOUNT:root` or a service principal"
            ))
        };
    }
    let bad = || format!("invalid principal ARN `{principal}`");
    let Some([_, partition, service, region, account_text, resource]) =
        crate::values::split_arn(principal)
    else {
        return Err(bad());
    };
    if partition.is_empty() || !region.is_empty() || !is_account_id(account_text) {
        return Err(bad());
    }
    let account = part(account_text);
    // The name after the last `/` (paths come before it).
    let last = |r: &str| {
        let from = r.bytes().rposition(|b| b == b'/').map_or(0, |i| i + 1);
        part(r.get(from..).unwrap_or(r))
    };
    let shape = match (service, resource) {
        ("iam", "root") => Shape::Root {
            arn: whole,
            account,
        },
        ("iam", r) if r.starts_with("user/") && r.len() > 5 && !r.ends_with('/') => Shape::User {
            arn: whole,
            account,
            name: last(r),
        },
        ("iam", r) if r.starts_with("role/") && r.len() > 5 && !r.ends_with('/') => {
            Shape::RoleSession {
                role_arn: whole,
                session: None,
                account,
                role_name: last(r),
            }
        }
        ("sts", r) if r.starts_with("assumed-role/") => {
            let rest = r.get("assumed-role/".len()..).unwrap_or_default();
            return match rest.split_once('/') {
                Some((role, session))
                    if !role.is_empty() && !session.is_empty() && !session.contains('/') =>
                {
                    let role_arn = ["arn:", partition, ":iam::", account_text, ":role/", role];
                    let len = role_arn.iter().map(|p| p.len()).sum::<usize>();
                    let shape = Shape::RoleSession {
                        role_arn: Part::new(whole.end(), whole.end() + len),
                        session: Some((whole, part(session))),
                        account,
                        role_name: part(role),
                    };
                    Ok((shape, Some(role_arn)))
                }
                _ => Err(bad()),
            };
        }
        ("sts", r) if r.starts_with("federated-user/") && r.len() > 15 => Shape::FederatedUser {
            arn: whole,
            account,
            name: last(r),
        },
        _ => return Err(bad()),
    };
    Ok((shape, None))
}

impl<'a> CallerKind<'a> {
    /// The caller's account; `None` for service principals.
    pub fn account(self) -> Option<&'a str> {
        match self {
            CallerKind::Root { account, .. }
            | CallerKind::User { account, .. }
            | CallerKind::RoleSession { account, .. }
            | CallerKind::FederatedUser { account, .. } => Some(account),
            CallerKind::Service { .. } => None,
        }
    }

    /// The ARN shown as `User:` in AccessDenied messages: the session ARN for sessions.
    pub fn display_arn(self) -> &'a str {
        match self {
            CallerKind::Root { arn, .. }
            | CallerKind::User { arn, .. }
            | CallerKind::FederatedUser { arn, .. } => arn,
            CallerKind::RoleSession {
                session_arn,
                role_arn,
                ..
            } => session_arn.unwrap_or(role_arn),
            CallerKind::Service { name } => name,
        }
    }

    /// The value of `aws:PrincipalArn`: the role ARN for sessions.
    pub fn principal_arn(self) -> Option<&'a str> {
        match self {
            CallerKind::RoleSession { role_arn, .. } => Some(role_arn),
            CallerKind::Root { arn, .. }
            | CallerKind::User { arn, .. }
            | CallerKind::FederatedUser { arn, .. } => Some(arn),
            CallerKind::Service { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_callers() {
        assert_eq!(
            Caller::parse("arn:aws:iam::111122223333:root")
                .unwrap()
                .kind(),
            CallerKind::Root {
                arn: "arn:aws:iam::111122223333:root",
                account: "111122223333",
            }
        );
        let s = Caller::parse("arn:aws:sts::111122223333:assumed-role/App/s1").unwrap();
        assert_eq!(
            s.kind(),
            CallerKind::RoleSession {
                role_arn: "arn:aws:iam::111122223333:role/App",
                session_arn: Some("arn:aws:sts::111122223333:assumed-role/App/s1"),
                account: "111122223333",
                role_name: "App",
                session_name: Some("s1"),
            }
        );
        assert_eq!(
            s.principal_arn(),
            Some("arn:aws:iam::111122223333:role/App")
        );
        assert_eq!(
            s.display_arn(),
            "arn:aws:sts::111122223333:assumed-role/App/s1"
        );
        let r = Caller::parse("arn:aws:iam::111122223333:role/path/App").unwrap();
        assert_eq!(
            r.kind(),
            CallerKind::RoleSession {
                role_arn: "arn:aws:iam::111122223333:role/path/App",
                session_arn: None,
                account: "111122223333",
                role_name: "App",
                session_name: None,
            }
        );
        assert_eq!(
            Caller::parse("arn:aws:iam::111122223333:user/ops/alice")
                .unwrap()
                .kind(),
            CallerKind::User {
                arn: "arn:aws:iam::111122223333:user/ops/alice",
                account: "111122223333",
                name: "alice",
            }
        );
        assert_eq!(
            Caller::parse("arn:aws:sts::111122223333:federated-user/bob")
                .unwrap()
                .kind(),
            CallerKind::FederatedUser {
                arn: "arn:aws:sts::111122223333:federated-user/bob",
                account: "111122223333",
                name: "bob",
            }
        );
        assert_eq!(
            Caller::parse("cloudtrail.amazonaws.com").unwrap().kind(),
            CallerKind::Service {
                name: "cloudtrail.amazonaws.com"
            }
        );
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
