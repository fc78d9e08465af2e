//! An index of a resource policy's statements by the principals they name.
//!
//! A key policy with a statement per role grows to hundreds or thousands of statements, yet only
//! the few that can name the caller matter. Every statement is filed under a token for each
//! principal value it names (account, role, user, session, unique id, service); statements naming
//! `"*"`, using `NotPrincipal` or naming no principal are always candidates. A lookup merges the
//! candidate lists in statement order without allocating.
//!
//! The index only narrows: every candidate is still matched in full, and a token hash collision
//! only adds a candidate. So the indexed and the linear path decide identically (a property test
//! checks it).

use std::hash::Hasher;

use crate::hash::{FastHasher, FastMap};

use super::{PrincipalValue, Statement};

/// Policies with fewer statements are scanned linearly: the index would not pay for itself.
pub(crate) const INDEX_MIN_STATEMENTS: usize = 8;

/// Something a principal value or a caller can be filed under.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Token<'a> {
    Account(&'a str),
    Role(&'a str, &'a str),
    User(&'a str, &'a str),
    Session(&'a str),
    FederatedUser(&'a str),
    UniqueId(&'a str),
    Service(&'a str),
}

impl Token<'_> {
    /// A hash of a tag and the parts, separated so that ("ab","c") ≠ ("a","bc"). Computed for
    /// every caller of an indexed policy, so it reads the parts a machine word at a time.
    pub(crate) fn hash(self) -> u64 {
        let (tag, a, b) = match self {
            Token::Account(a) => (1u8, a, ""),
            Token::Role(a, n) => (2, a, n),
            Token::User(a, n) => (3, a, n),
            Token::Session(s) => (4, s, ""),
            Token::FederatedUser(s) => (5, s, ""),
            Token::UniqueId(s) => (6, s, ""),
            Token::Service(s) => (7, s, ""),
        };
        let mut h = FastHasher::default();
        h.write_u8(tag);
        h.write(a.as_bytes());
        h.write_u8(0xff);
        h.write(b.as_bytes());
        h.write_usize(b.len());
        h.finish()
    }
}

fn value_token(v: &PrincipalValue) -> Option<Token<'_>> {
    Some(match v {
        PrincipalValue::Any => return None,
        PrincipalValue::Account { account, .. } => Token::Account(account),
        PrincipalValue::User { account, name, .. } => Token::User(account, name),
        PrincipalValue::Role { account, name, .. } => Token::Role(account, name),
        PrincipalValue::Session { arn } => Token::Session(arn),
        PrincipalValue::FederatedUser { arn } => Token::FederatedUser(arn),
        PrincipalValue::UniqueId(id) => Token::UniqueId(id),
        PrincipalValue::Service(s) => Token::Service(s),
        // Never a KMS caller: filed nowhere, so the statement is never a candidate.
        PrincipalValue::Federated(_) | PrincipalValue::CanonicalUser(_) => {
            return Some(Token::Service(""))
        }
    })
}

/// Statement indexes by principal token.
#[derive(Debug, Clone, Default)]
pub(crate) struct PrincipalIndex {
    always: Vec<u32>,
    by_token: FastMap<u64, Vec<u32>>,
}

impl PrincipalIndex {
    pub(crate) fn build(statements: &[Statement]) -> PrincipalIndex {
        let mut index = PrincipalIndex::default();
        for (i, s) in statements.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let Some(p) = &s.principal else {
                // No principal: matches nothing in a resource policy; keep it visible anyway.
                index.always.push(i);
                continue;
            };
            let values = p.entries.iter().flat_map(|e| e.values.items.iter());
            let any =
                p.star || p.negated || values.clone().any(|v| matches!(v, PrincipalValue::Any));
            if any {
                index.always.push(i);
                continue;
            }
            for v in values {
                if let Some(t) = value_token(v) {
                    let list = index.by_token.entry(t.hash()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        index
    }

    /// Calls `visit` with each statement that may name a caller with these tokens, in statement
    /// order, each once: a k-way merge of the tokens' sorted lists, done in place (no iterator
    /// state to build and move for every decision).
    pub(crate) fn for_each_candidate(&self, tokens: &[Token<'_>], mut visit: impl FnMut(usize)) {
        let mut lists: [&[u32]; 8] = [&[]; 8];
        let mut n = 0;
        for list in std::iter::once(Some(&self.always))
            .chain(tokens.iter().map(|t| self.by_token.get(&t.hash())))
            .flatten()
        {
            if let Some(slot) = lists.get_mut(n) {
                *slot = list;
                n += 1;
            }
        }
        let lists = lists.get_mut(..n).unwrap_or_default();
        let mut last = None;
        // Take the smallest head (the first list holding it on a tie) until all are empty.
        while let Some((value, list)) = lists
            .iter_mut()
            .filter_map(|list| Some((*list.first()?, list)))
            .min_by_key(|(head, _)| *head)
        {
            *list = list.get(1..).unwrap_or_default();
            if last != Some(value) {
                last = Some(value);
                visit(value as usize);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Policy, PolicyKind};

    /// Candidates come in statement order, each once, whichever tokens file them; statements
    /// naming `"*"` always come; statements naming someone else never do.
    #[test]
    fn candidates_are_merged_in_statement_order_without_repeats() {
        let statement = |principal: &str| {
            format!(
                r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "kms:*", "Resource": "*"}}"#
            )
        };
        let principals = [
            r#"{"AWS": "arn:aws:iam::111122223333:role/App"}"#,
            r#"{"AWS": "444455556666"}"#,
            r#""*""#,
            r#"{"AWS": ["111122223333", "arn:aws:iam::111122223333:role/App"]}"#,
            r#"{"AWS": "arn:aws:iam::111122223333:role/Other"}"#,
            r#"{"AWS": "111122223333"}"#,
            r#"{"AWS": "*"}"#,
            r#"{"Service": "logs.amazonaws.com"}"#,
        ];
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            principals.map(statement).join(", ")
        );
        let policy = Policy::parse("p", &text, PolicyKind::Key).unwrap();
        let index = PrincipalIndex::build(&policy.statements);
        let visited = |tokens: &[Token<'_>]| {
            let mut out = Vec::new();
            index.for_each_candidate(tokens, |i| out.push(i));
            out
        };
        let app = [
            Token::Account("111122223333"),
            Token::Role("111122223333", "App"),
        ];
        assert_eq!(visited(&app), [0, 2, 3, 5, 6]);
        assert_eq!(visited(&[Token::Account("444455556666")]), [1, 2, 6]);
        assert_eq!(visited(&[Token::Service("logs.amazonaws.com")]), [2, 6, 7]);
        assert_eq!(visited(&[]), [2, 6]);
    }
}
