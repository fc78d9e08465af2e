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

use crate::hash::FastMap;

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
    /// FNV-1a over a tag and the parts, separated so that ("ab","c") ≠ ("a","bc").
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
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |byte: u8| {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        eat(tag);
        a.bytes().for_each(&mut eat);
        eat(0xff);
        b.bytes().for_each(&mut eat);
        h
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

    /// The statements that may name a caller with these tokens, in statement order, each once.
    pub(crate) fn candidates(&self, tokens: &[Token<'_>]) -> Candidates<'_> {
        let mut lists: [&[u32]; 8] = [&[]; 8];
        let mut n = 0;
        if let Some(slot) = lists.get_mut(n) {
            *slot = &self.always;
            n += 1;
        }
        for t in tokens {
            if let (Some(list), Some(slot)) = (self.by_token.get(&t.hash()), lists.get_mut(n)) {
                *slot = list;
                n += 1;
            }
        }
        Candidates { lists, last: None }
    }
}

/// A k-way merge of sorted statement-index lists, without duplicates.
pub(crate) struct Candidates<'a> {
    lists: [&'a [u32]; 8],
    last: Option<u32>,
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            let (best, _) = self
                .lists
                .iter()
                .enumerate()
                .filter_map(|(i, l)| l.first().map(|v| (i, *v)))
                .min_by_key(|(_, v)| *v)?;
            let list = self.lists.get_mut(best)?;
            let (&value, rest) = list.split_first()?;
            *list = rest;
            if self.last != Some(value) {
                self.last = Some(value);
                return usize::try_from(value).ok();
            }
        }
    }
}
