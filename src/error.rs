//! Errors for bad input: every one names the file, line and column, says what is wrong and, where
//! possible, what was meant.
//!
//! Loading a document collects every problem it finds instead of stopping at the first, so a user
//! fixes a file in one pass. [`Error`] is that non-empty list.

use std::fmt;
use std::sync::Arc;

use crate::source::{printable, Location, Source, Span};

/// One problem in the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Where the problem is; `None` for problems without a place (a missing file).
    pub location: Option<Location>,
    /// What is wrong: lowercase, user input in backticks.
    pub message: String,
    /// How to fix it, for example "did you mean `StringEquals`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source line the location points into, for rendering a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The lint rule (`KP0xx`) this problem corresponds to, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `source`.
    pub fn at(source: &Arc<Source>, span: Span, message: impl Into<String>) -> Diagnostic {
        let location = source.location(span);
        let source_line = Some(source.line_text(location.line).to_string());
        Diagnostic {
            location: Some(location),
            message: message.into(),
            help: None,
            source_line,
            code: None,
        }
    }

    /// A diagnostic with no place in a file.
    pub fn plain(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: None,
            message: message.into(),
            help: None,
            source_line: None,
            code: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Tags the diagnostic with the lint rule (`KP0xx`) it corresponds to.
    pub fn with_code(mut self, code: &'static str) -> Diagnostic {
        self.code = Some(code);
        self
    }

    /// Adds a help line when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = printable(&self.message);
        match &self.location {
            Some(loc) => write!(f, "{loc}: error: {message}")?,
            None => write!(f, "error: {message}")?,
        }
        if let (Some(loc), Some(line)) = (&self.location, &self.source_line) {
            let line = printable(line);
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String = line
                .chars()
                .take(loc.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {line}\n{pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one or more input documents. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Wraps a non-empty list of diagnostics.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Error {
        debug_assert!(!diagnostics.is_empty());
        Error { diagnostics }
    }

    /// A single diagnostic.
    pub fn single(diagnostic: Diagnostic) -> Error {
        Error {
            diagnostics: vec![diagnostic],
        }
    }

    /// The diagnostics, in document order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Consumes the error into its diagnostics.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Collects diagnostics while a document is lowered.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    pub(crate) list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// `Ok(value)` when nothing was reported, else every diagnostic.
    pub(crate) fn finish<T>(mut self, value: T) -> Result<T, Error> {
        // Report in document order; problems without a place come last.
        self.list.sort_by_key(|d| {
            d.location.as_ref().map_or((1, String::new(), 0, 0), |l| {
                (0, l.file.clone(), l.line, l.column)
            })
        });
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::new(self.list))
        }
    }
}

/// "did you mean" for `word` among `candidates`: the closest by edit distance, ignoring case, when
/// close enough to be a plausible typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (word.chars().count() / 3).max(1);
    (d <= limit).then(|| format!("did you mean `{c}`?"))
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("stringequalz", "stringequals"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_close_words_only() {
        let ops = ["StringEquals", "StringLike", "Bool"];
        assert_eq!(
            did_you_mean("StringEqualz", ops).as_deref(),
            Some("did you mean `StringEquals`?")
        );
        assert_eq!(did_you_mean("Zebra", ops), None);
    }
}
