//! Compiled IAM wildcard patterns (`*` and `?`).
//!
//! Action names, ARN components and `StringLike` values all use the same
//! wildcard language: `*` matches any run of characters (including none), `?`
//! exactly one character, and the match is anchored at both ends. Patterns are
//! compiled once when a policy is lowered, so evaluation never re-parses them and
//! never allocates.
//!
//! Matching splits the pattern on `*` into chunks (which may contain `?`). The
//! first chunk is anchored at the start of the text, the last at the end, and
//! every chunk in between is matched at its leftmost position after the previous
//! one. Leftmost placement is always safe for `*`-separated chunks (any later
//! placement leaves less room for the rest), so there is no backtracking and a
//! hostile pattern such as `*a*a*a*a*b` runs in time proportional to the text
//! length times the pattern length, never exponentially.
//!
//! Parts of a pattern can come from places where `*` and `?` are *not*
//! wildcards (text produced by `${*}` or by substituting a principal tag value),
//! which is why [`GlobBuilder`] distinguishes pattern parts from literal parts.

use std::hash::{Hash, Hasher};

/// One character position of a compiled chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    /// This exact character (already case-folded when matching ignores case).
    Char(char),
    /// `?`: any single character.
    One,
}

/// A run of atoms between two `*` wildcards (or the start or end of the pattern).
#[derive(Debug, Clone)]
struct Chunk {
    /// The atoms to match, one per text character.
    atoms: Box<[Atom]>,
    /// The chunk as plain text when it contains no `?` and matching is
    /// case-sensitive, so the standard library's substring search can be used.
    text: Option<Box<str>>,
}

/// How a compiled pattern is matched; the first variants are fast paths.
#[derive(Debug, Clone)]
enum Matcher {
    /// No wildcard, case-sensitive: the glob's source text itself.
    Literal,
    /// No wildcard, case-insensitive: the folded pattern.
    LiteralFolded(Box<str>),
    /// No `*`: the whole text must match the chunk (plain equality when the
    /// chunk has no `?`).
    Exact(Chunk),
    /// Only `*` wildcards: every text matches.
    All,
    /// `chunk*`: the text must start with the chunk.
    Prefix(Chunk),
    /// `*chunk`: the text must end with the chunk.
    Suffix(Chunk),
    /// Anything else with at least one `*`.
    General {
        /// Anchored at the start of the text (may be empty).
        first: Chunk,
        /// Non-empty chunks, each matched leftmost after the previous one.
        middle: Box<[Chunk]>,
        /// Anchored at the end of the text (may be empty).
        last: Chunk,
    },
}

/// A piece of the pattern source as it was given to the builder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Part {
    /// The text of the piece.
    text: String,
    /// Whether `*` and `?` in `text` are wildcards.
    wildcards: bool,
}

/// A compiled wildcard pattern.
///
/// Equality and hashing compare the case mode and the source parts (adjacent
/// parts of the same kind merged, empty parts dropped), not the compiled form.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    /// Normalised source parts, kept for equality.
    source: GlobSource,
    /// Whether matching folds case.
    case_insensitive: bool,
    /// The compiled matcher.
    matcher: Matcher,
}

/// Builds a [`Glob`] from a mix of pattern text and literal text.
/// What a glob was built from: one pattern (the common case, one allocation) or parts.
#[derive(Debug, Clone)]
enum GlobSource {
    Pattern(Box<str>),
    Parts(Box<[Part]>),
}

impl GlobSource {
    /// The parts, with `(text, wildcards active)`; empty parts are never stored.
    fn parts(&self) -> impl Iterator<Item = (&str, bool)> + Clone {
        let (one, many): (Option<&str>, &[Part]) = match self {
            GlobSource::Pattern(p) => (Some(p).filter(|p| !p.is_empty()).map(|p| &**p), &[]),
            GlobSource::Parts(parts) => (None, parts),
        };
        one.map(|p| (p, true))
            .into_iter()
            .chain(many.iter().map(|p| (p.text.as_str(), p.wildcards)))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct GlobBuilder {
    /// Whether the built pattern folds case.
    case_insensitive: bool,
    /// Normalised source parts collected so far.
    parts: Vec<Part>,
}

/// Folds one character for case-insensitive comparison.
///
/// Uses the lowercase mapping when it is a single character; characters whose
/// lowercase form is several characters are compared as they are.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Compares two strings ignoring case, with the same folding as case-insensitive
/// [`Glob`]s.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    let mut b_chars = b.chars();
    for ca in a.chars() {
        match b_chars.next() {
            Some(cb) if ca == cb || fold(ca) == fold(cb) => {}
            _ => return false,
        }
    }
    b_chars.next().is_none()
}

impl Chunk {
    /// Builds a chunk from atoms.
    fn new(atoms: Vec<Atom>, case_insensitive: bool) -> Chunk {
        let text = if case_insensitive {
            None
        } else {
            atoms
                .iter()
                .map(|atom| match atom {
                    Atom::Char(c) => Some(*c),
                    Atom::One => None,
                })
                .collect::<Option<String>>()
                .map(String::into_boxed_str)
        };
        match text {
            // The text says it all; an empty box does not allocate.
            Some(text) => Chunk {
                atoms: Box::new([]),
                text: Some(text),
            },
            None => Chunk {
                atoms: atoms.into_boxed_slice(),
                text: None,
            },
        }
    }

    /// True when the chunk matches no characters at all.
    fn is_empty(&self) -> bool {
        match &self.text {
            Some(text) => text.is_empty(),
            None => self.atoms.is_empty(),
        }
    }

    /// True when the chunk contains no `?`.
    #[cfg(test)]
    fn is_literal(&self) -> bool {
        self.text.is_some() || self.atoms.iter().all(|atom| matches!(atom, Atom::Char(_)))
    }

    /// Matches the chunk at the start of `s`; returns the number of bytes consumed.
    fn match_start(&self, s: &str, case_insensitive: bool) -> Option<usize> {
        if let Some(text) = &self.text {
            return s.starts_with(&**text).then_some(text.len());
        }
        let mut chars = s.char_indices();
        for atom in &self.atoms {
            let (_, c) = chars.next()?;
            if let Atom::Char(p) = *atom {
                let c = if case_insensitive { fold(c) } else { c };
                if c != p {
                    return None;
                }
            }
        }
        Some(chars.next().map_or(s.len(), |(i, _)| i))
    }

    /// Matches the chunk at the end of `s`; returns the byte offset where the
    /// match starts.
    fn match_end(&self, s: &str, case_insensitive: bool) -> Option<usize> {
        if let Some(text) = &self.text {
            return s
                .ends_with(&**text)
                .then(|| s.len().saturating_sub(text.len()));
        }
        // Every atom matches exactly one character, so the match starts where
        // the last `atoms.len()` characters start.
        let start = match self.atoms.len().checked_sub(1) {
            None => s.len(),
            Some(n) => s.char_indices().rev().nth(n)?.0,
        };
        let rest = s.get(start..)?;
        self.match_start(rest, case_insensitive)?;
        Some(start)
    }

    /// Finds the leftmost match of the chunk in `s`; returns the byte offset just
    /// after it.
    fn find(&self, s: &str, case_insensitive: bool) -> Option<usize> {
        if let Some(text) = &self.text {
            return s.find(&**text).map(|i| i.saturating_add(text.len()));
        }
        for (i, _) in s.char_indices() {
            let rest = s.get(i..)?;
            if let Some(len) = self.match_start(rest, case_insensitive) {
                return Some(i.saturating_add(len));
            }
        }
        // Only an empty chunk matches at the very end, and middle chunks are
        // never empty.
        self.is_empty().then_some(s.len())
    }
}

impl Matcher {
    /// Compiles normalised source parts.
    /// A case-sensitive pattern whose only wildcard is `*`: its chunks are plain text, so they
    /// are cut straight out of the pattern.
    fn stars(pattern: &str) -> Matcher {
        let chunk = |t: &str| Chunk {
            atoms: Box::new([]),
            text: Some(t.into()),
        };
        let mut pieces = pattern.split('*');
        let first = chunk(pieces.next().unwrap_or_default());
        let mut middle: Vec<Chunk> = Vec::new();
        let mut last = chunk("");
        let mut seen_star = false;
        for piece in pieces {
            if seen_star && !last.is_empty() {
                middle.push(last);
            }
            last = chunk(piece);
            seen_star = true;
        }
        match (first.is_empty(), middle.is_empty(), last.is_empty()) {
            (true, true, true) => Matcher::All,
            (false, true, true) => Matcher::Prefix(first),
            (true, true, false) => Matcher::Suffix(last),
            _ => Matcher::General {
                first,
                middle: middle.into_boxed_slice(),
                last,
            },
        }
    }

    fn compile<'p>(
        parts: impl Iterator<Item = (&'p str, bool)>,
        case_insensitive: bool,
    ) -> Matcher {
        // `first` is the chunk before the first wildcard `*`, `rest` the chunks
        // after each `*` (consecutive stars give empty chunks).
        let mut first: Vec<Atom> = Vec::new();
        let mut rest: Vec<Vec<Atom>> = Vec::new();
        for (text, wildcards) in parts {
            for c in text.chars() {
                let atom = match c {
                    '*' if wildcards => {
                        rest.push(Vec::new());
                        continue;
                    }
                    '?' if wildcards => Atom::One,
                    _ if case_insensitive => Atom::Char(fold(c)),
                    _ => Atom::Char(c),
                };
                rest.last_mut().unwrap_or(&mut first).push(atom);
            }
        }
        let first = Chunk::new(first, case_insensitive);
        let Some(last) = rest.pop() else {
            return Matcher::Exact(first);
        };
        let last = Chunk::new(last, case_insensitive);
        let middle: Vec<Chunk> = rest
            .into_iter()
            .filter(|atoms| !atoms.is_empty())
            .map(|atoms| Chunk::new(atoms, case_insensitive))
            .collect();
        match (first.is_empty(), middle.is_empty(), last.is_empty()) {
            (true, true, true) => Matcher::All,
            (false, true, true) => Matcher::Prefix(first),
            (true, true, false) => Matcher::Suffix(last),
            _ => Matcher::General {
                first,
                middle: middle.into_boxed_slice(),
                last,
            },
        }
    }

    /// Matches the whole of `text`.
    fn is_match(&self, text: &str, case_insensitive: bool) -> bool {
        match self {
            // Handled by `Glob::is_match`, which has the source text.
            Matcher::Literal => false,
            Matcher::LiteralFolded(folded) => eq_ignore_case(text, folded),
            Matcher::Exact(chunk) => match &chunk.text {
                Some(literal) => **literal == *text,
                None => chunk.match_start(text, case_insensitive) == Some(text.len()),
            },
            Matcher::All => true,
            Matcher::Prefix(chunk) => chunk.match_start(text, case_insensitive).is_some(),
            Matcher::Suffix(chunk) => chunk.match_end(text, case_insensitive).is_some(),
            Matcher::General {
                first,
                middle,
                last,
            } => {
                let Some(end) = last.match_end(text, case_insensitive) else {
                    return false;
                };
                let Some(start) = first.match_start(text, case_insensitive) else {
                    return false;
                };
                // The anchored chunks must not overlap.
                let Some(mut window) = text.get(start..end) else {
                    return false;
                };
                for chunk in middle {
                    let Some(after) = chunk.find(window, case_insensitive) else {
                        return false;
                    };
                    window = match window.get(after..) {
                        Some(rest) => rest,
                        None => return false,
                    };
                }
                true
            }
        }
    }
}

impl Glob {
    /// Compiles `pattern`, where `*` and `?` are wildcards.
    pub(crate) fn new(pattern: &str, case_insensitive: bool) -> Glob {
        let wild = pattern.contains(['*', '?']);
        let matcher = match (wild, case_insensitive) {
            (false, false) => Matcher::Literal,
            (false, true) => Matcher::LiteralFolded(
                pattern
                    .chars()
                    .map(fold)
                    .collect::<String>()
                    .into_boxed_str(),
            ),
            (true, false) if !pattern.contains('?') => Matcher::stars(pattern),
            (true, _) => Matcher::compile(std::iter::once((pattern, true)), case_insensitive),
        };
        Glob {
            source: GlobSource::Pattern(pattern.into()),
            case_insensitive,
            matcher,
        }
    }

    /// Starts building from parts: some parts are patterns, some are literal text
    /// in which `*` and `?` are plain characters (text substituted from a policy
    /// variable such as `${*}` or a principal tag value).
    pub(crate) fn builder(case_insensitive: bool) -> GlobBuilder {
        GlobBuilder {
            case_insensitive,
            parts: Vec::new(),
        }
    }

    /// Whether `text` matches the whole pattern.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        match (&self.matcher, &self.source) {
            (Matcher::Literal, GlobSource::Pattern(p)) => **p == *text,
            (Matcher::Literal, GlobSource::Parts(_)) => false,
            (m, _) => m.is_match(text, self.case_insensitive),
        }
    }

    /// True when the pattern has no wildcard (matching is plain equality, or
    /// case-insensitive equality).
    #[cfg(test)]
    pub(crate) fn is_literal(&self) -> bool {
        match &self.matcher {
            Matcher::Literal | Matcher::LiteralFolded(_) => true,
            Matcher::Exact(chunk) => chunk.is_literal(),
            _ => false,
        }
    }

    /// True when the pattern is exactly `*` (or, equivalently, several `*`
    /// wildcards and nothing else): it matches every text.
    #[cfg(test)]
    pub(crate) fn is_match_all(&self) -> bool {
        matches!(self.matcher, Matcher::All)
    }
}

impl PartialEq for Glob {
    fn eq(&self, other: &Glob) -> bool {
        self.case_insensitive == other.case_insensitive
            && self.source.parts().eq(other.source.parts())
    }
}

impl Eq for Glob {}

impl Hash for Glob {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.case_insensitive.hash(state);
        for part in self.source.parts() {
            part.hash(state);
        }
    }
}

impl GlobBuilder {
    /// Appends pattern text, in which `*` and `?` are wildcards.
    pub(crate) fn pattern(&mut self, text: &str) -> &mut Self {
        self.push(text, true)
    }

    /// Appends literal text, in which `*` and `?` are plain characters.
    pub(crate) fn literal(&mut self, text: &str) -> &mut Self {
        self.push(text, false)
    }

    /// Compiles the parts appended so far.
    pub(crate) fn build(&self) -> Glob {
        let parts = self.parts.iter().map(|p| (p.text.as_str(), p.wildcards));
        Glob {
            source: GlobSource::Parts(self.parts.clone().into_boxed_slice()),
            case_insensitive: self.case_insensitive,
            matcher: Matcher::compile(parts, self.case_insensitive),
        }
    }

    /// Appends a part, merging it into the previous one when both are of the
    /// same kind so that equal patterns have equal sources.
    fn push(&mut self, text: &str, wildcards: bool) -> &mut Self {
        if text.is_empty() {
            return self;
        }
        match self.parts.last_mut() {
            Some(last) if last.wildcards == wildcards => last.text.push_str(text),
            _ => self.parts.push(Part {
                text: text.to_owned(),
                wildcards,
            }),
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference matcher: obviously correct, exponential, for small inputs only.
    fn reference(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((&'*', rest)) => {
                (0..=text.len()).any(|i| text.get(i..).is_some_and(|t| reference(rest, t)))
            }
            Some((p, rest)) => match text.split_first() {
                Some((t, text_rest)) => (*p == '?' || p == t) && reference(rest, text_rest),
                None => false,
            },
        }
    }

    fn m(pattern: &str, text: &str) -> bool {
        Glob::new(pattern, false).is_match(text)
    }

    fn mi(pattern: &str, text: &str) -> bool {
        Glob::new(pattern, true).is_match(text)
    }

    /// All strings over `alphabet` of length at most `max`.
    fn strings(alphabet: &[char], max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..max {
            let mut next = Vec::new();
            for s in &frontier {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(*c);
                    next.push(t);
                }
            }
            all.extend(next.iter().cloned());
            frontier = next;
        }
        all
    }

    #[test]
    fn agrees_with_reference_exhaustively() {
        let patterns = strings(&['a', 'b', '*', '?'], 5);
        let texts = strings(&['a', 'b'], 6);
        for pattern in &patterns {
            let glob = Glob::new(pattern, false);
            let p: Vec<char> = pattern.chars().collect();
            for text in &texts {
                let t: Vec<char> = text.chars().collect();
                assert_eq!(
                    glob.is_match(text),
                    reference(&p, &t),
                    "pattern {pattern:?} text {text:?}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_reference_case_insensitive() {
        let patterns = strings(&['a', 'B', '*', '?'], 4);
        let texts = strings(&['a', 'A', 'b', 'B'], 4);
        for pattern in &patterns {
            let glob = Glob::new(pattern, true);
            let p: Vec<char> = pattern.to_lowercase().chars().collect();
            for text in &texts {
                let t: Vec<char> = text.to_lowercase().chars().collect();
                assert_eq!(
                    glob.is_match(text),
                    reference(&p, &t),
                    "pattern {pattern:?} text {text:?}"
                );
            }
        }
    }

    #[test]
    fn literal() {
        assert!(m("kms:Decrypt", "kms:Decrypt"));
        assert!(!m("kms:Decrypt", "kms:decrypt"));
        assert!(!m("kms:Decrypt", "kms:Decrypt2"));
        assert!(!m("kms:Decrypt", "kms:Decryp"));
        assert!(!m("kms:Decrypt", ""));
        assert!(Glob::new("kms:Decrypt", false).is_literal());
        assert!(Glob::new("kms:Decrypt", true).is_literal());
        assert!(!Glob::new("kms:Decrypt?", false).is_literal());
        assert!(!Glob::new("kms:*", false).is_literal());
    }

    #[test]
    fn empty_pattern_and_text() {
        assert!(m("", ""));
        assert!(!m("", "a"));
        assert!(Glob::new("", false).is_literal());
        assert!(m("*", ""));
        assert!(m("**", ""));
        assert!(!m("?", ""));
        assert!(!m("a*", ""));
        assert!(!m("*a", ""));
        assert!(!m("*a*", ""));
        assert!(mi("", ""));
        assert!(!mi("", "x"));
    }

    #[test]
    fn match_all() {
        for pattern in ["*", "**", "***"] {
            let glob = Glob::new(pattern, false);
            assert!(glob.is_match_all());
            assert!(!glob.is_literal());
            assert!(glob.is_match(""));
            assert!(glob.is_match("anything:at/all"));
        }
        assert!(!Glob::new("*?", false).is_match_all());
        assert!(!Glob::new("a*", false).is_match_all());
        assert!(!Glob::builder(false).literal("*").build().is_match_all());
    }

    #[test]
    fn star_at_every_position() {
        // Leading.
        assert!(m("*Key", "CreateKey"));
        assert!(m("*Key", "Key"));
        assert!(!m("*Key", "KeyId"));
        // Trailing.
        assert!(m("kms:ReEncrypt*", "kms:ReEncryptFrom"));
        assert!(m("kms:ReEncrypt*", "kms:ReEncrypt"));
        assert!(!m("kms:ReEncrypt*", "kms:Encrypt"));
        // Middle.
        assert!(m("kms:*Key", "kms:CreateKey"));
        assert!(m("kms:*Key", "kms:Key"));
        assert!(!m("kms:*Key", "kms:CreateKeys"));
        // Both ends.
        assert!(m("*Key*", "kms:ScheduleKeyDeletion"));
        assert!(m("*Key*", "Key"));
        assert!(!m("*Key*", "kms:Decrypt"));
        // Several.
        assert!(m("a*b*c", "abc"));
        assert!(m("a*b*c", "aXbYc"));
        assert!(m("a*b*c", "abbbcbc"));
        assert!(!m("a*b*c", "acb"));
        assert!(m("*a*b*", "xxaxxbxx"));
        assert!(!m("*a*b*", "xxbxxaxx"));
        // Consecutive.
        assert!(m("a**b", "ab"));
        assert!(m("a**b", "aXYb"));
    }

    #[test]
    fn anchored_chunks_do_not_overlap() {
        assert!(!m("ab*ba", "aba"));
        assert!(m("ab*ba", "abba"));
        assert!(!m("a*a", "a"));
        assert!(m("a*a", "aa"));
        assert!(!m("aa*x*aa", "axaa"));
        assert!(!m("aa*x*aa", "aaxa"));
        assert!(m("aa*x*aa", "aaxaa"));
        assert!(!m("a?*?a", "aXa"));
        assert!(m("a?*?a", "aXYa"));
    }

    #[test]
    fn question_mark() {
        assert!(m("kms:?ecrypt", "kms:Decrypt"));
        assert!(!m("kms:?ecrypt", "kms:ecrypt"));
        assert!(!m("kms:?ecrypt", "kms:XDecrypt"));
        assert!(m("???", "abc"));
        assert!(!m("???", "ab"));
        assert!(!m("???", "abcd"));
        assert!(m("?*", "a"));
        assert!(!m("?*", ""));
        assert!(m("*?", "abc"));
        assert!(m("a*?c", "abc"));
        assert!(!m("a*?c", "ac"));
        assert!(m("*?b?*", "abc"));
        assert!(!m("*?b?*", "ab"));
    }

    #[test]
    fn question_mark_on_multibyte_chars() {
        assert!(m("?", "é"));
        assert!(m("?", "日"));
        assert!(m("?", "🦀"));
        assert!(!m("?", "éé"));
        assert!(m("caf?", "café"));
        assert!(m("??", "日本"));
        assert!(!m("???", "日本"));
        assert!(m("*?本", "日本"));
        assert!(m("日?", "日本"));
        assert!(m("?本", "日本"));
        assert!(m("*日*", "にっぽん日本"));
        assert!(m("a*?*é", "a日é"));
        assert!(!m("a*?*é", "aé"));
        assert!(m("*é?", "éé🦀"));
        assert!(mi("*É?", "éé🦀"));
        assert!(m("x?y*z?", "x🦀yzé"));
    }

    #[test]
    fn case_insensitive() {
        assert!(mi("kms:Decrypt", "KMS:decrypt"));
        assert!(mi("KMS:DECRYPT", "kms:Decrypt"));
        assert!(mi("kms:ReEncrypt*", "KMS:reencryptfrom"));
        assert!(mi("kms:*key", "kms:CreateKey"));
        assert!(mi("*KEY*", "kms:ScheduleKeyDeletion"));
        assert!(mi("kms:?ECRYPT", "kms:decrypt"));
        assert!(mi("kms:*a*b*C", "kms:xAyBzc"));
        assert!(!mi("kms:Decrypt", "kms:Encrypt"));
        assert!(mi("ÉTÉ", "été"));
        assert!(mi("Straße", "STRAßE"));
        // 'İ' lowercases to two characters, so it only matches itself.
        assert!(mi("İ", "İ"));
        assert!(!mi("İ", "i"));
        assert!(!m("kms:Decrypt", "KMS:decrypt"));
        assert!(!m("kms:*", "KMS:Decrypt"));
    }

    #[test]
    fn eq_ignore_case_folds_like_glob() {
        assert!(eq_ignore_case("", ""));
        assert!(eq_ignore_case("aws:SourceIp", "AWS:sourceip"));
        assert!(eq_ignore_case("ÉtÉ", "été"));
        assert!(!eq_ignore_case("abc", "abcd"));
        assert!(!eq_ignore_case("abcd", "abc"));
        assert!(!eq_ignore_case("abc", "abd"));
        assert!(eq_ignore_case("İ", "İ"));
        assert!(!eq_ignore_case("İ", "i"));
        assert!(!eq_ignore_case("*", "a"));
    }

    #[test]
    fn hostile_patterns_are_correct() {
        let many_a = "a".repeat(10_000);
        let pattern = "*a*a*a*a*a*a*a*a*b";
        assert!(!m(pattern, &many_a));
        assert!(m(pattern, &format!("{many_a}b")));
        assert!(!mi(pattern, &many_a));
        assert!(mi(pattern, &format!("{many_a}B")));
        assert!(!m("*a?a?a?a?a?a?a?a?b", &many_a));
        assert!(m("*a?a?a?a?a?a?a?a?b", &format!("{many_a}xb")));
        assert!(!m("*aaaaaaaaaaaaaaab*", &many_a));
        assert!(m("*aaaaaaaaaaaaaaab*", &format!("{many_a}b{many_a}")));
        assert!(!m("a*a*a*a*a*a*a*a*a*c*", &many_a));
        let mixed = "ab".repeat(5_000);
        assert!(m("*b*b*b*a*?b", &mixed));
        assert!(!m("*b*b*b*a*?a", &mixed));
        assert!(m(&"*a".repeat(200), &many_a));
        assert!(!m(&"*a".repeat(200), &"a".repeat(199)));
    }

    #[test]
    fn builder_literal_parts_are_not_wildcards() {
        let glob = Glob::builder(false)
            .pattern("arn:aws:s3:::bucket/")
            .literal("*")
            .pattern("/*")
            .build();
        assert!(glob.is_match("arn:aws:s3:::bucket/*/x"));
        assert!(!glob.is_match("arn:aws:s3:::bucket/home/x"));
        assert!(!glob.is_literal());

        let literal = Glob::builder(false).literal("a?b*").build();
        assert!(literal.is_literal());
        assert!(literal.is_match("a?b*"));
        assert!(!literal.is_match("axbyy"));

        let tag = Glob::builder(true)
            .pattern("team-")
            .literal("Dev*")
            .pattern("-?")
            .build();
        assert!(tag.is_match("TEAM-dev*-1"));
        assert!(!tag.is_match("team-devops-1"));

        // Literal parts between wildcards.
        let glob = Glob::builder(false)
            .pattern("*")
            .literal("?")
            .pattern("*")
            .build();
        assert!(glob.is_match("what?"));
        assert!(!glob.is_match("what"));
    }

    #[test]
    fn builder_with_no_parts_is_empty_pattern() {
        let glob = Glob::builder(false).build();
        assert!(glob.is_literal());
        assert!(glob.is_match(""));
        assert!(!glob.is_match("a"));
        assert_eq!(glob, Glob::new("", false));
    }

    #[test]
    fn equality_compares_source_parts() {
        assert_eq!(Glob::new("kms:*", false), Glob::new("kms:*", false));
        assert_ne!(Glob::new("kms:*", false), Glob::new("kms:*", true));
        assert_ne!(Glob::new("kms:*", true), Glob::new("KMS:*", true));
        assert_ne!(Glob::new("a**", false), Glob::new("a*", false));
        assert_eq!(
            Glob::builder(false).pattern("a").pattern("*").build(),
            Glob::new("a*", false)
        );
        assert_eq!(
            Glob::builder(false)
                .pattern("a")
                .literal("")
                .pattern("*")
                .build(),
            Glob::new("a*", false)
        );
        assert_ne!(
            Glob::builder(false).pattern("a").literal("*").build(),
            Glob::new("a*", false)
        );
        assert_ne!(
            Glob::builder(false).literal("a").build(),
            Glob::new("a", false)
        );
    }

    #[test]
    fn arn_like_component() {
        let glob = Glob::new("key/*", false);
        assert!(glob.is_match("key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(glob.is_match("key/a:b/c"));
        assert!(!glob.is_match("alias/key/x"));
        assert!(Glob::new("us-*-1", false).is_match("us-east-1"));
        assert!(!Glob::new("us-*-1", false).is_match("us-east-2"));
    }
}
