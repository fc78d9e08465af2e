//! Source text and locations.
//!
//! Every policy keeps the text it was read from, so that an error or an explanation can name the
//! file, line and column of the exact JSON node involved. A [`Span`] is a byte range; it compares
//! equal to every other span, so that two ASTs parsed from differently formatted text are equal
//! when they mean the same thing.
//!
//! The line table is built the first time a location is asked for: most policies are loaded,
//! evaluated and dropped without ever reporting a position.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// `text` made safe to print to a terminal, one character for one so that carets still line up:
/// a control character other than tab and newline becomes its Unicode picture (NUL shows as `␀`,
/// ESC as `␛`), and a C1 control becomes `�`. Input is the user's file, and a raw ESC or NUL would
/// otherwise reach the terminal (a NUL shows as nothing, an ESC starts an escape sequence).
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let shown = |c: char| match u32::from(c) {
        0x09 | 0x0a => c,
        n @ 0x00..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        0x80..=0x9f => '\u{fffd}',
        _ => c,
    };
    if text.chars().all(|c| shown(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(shown).collect())
    }
}

/// A byte range in a [`Source`]. Spans are ignored by `==`, so ASTs compare by meaning.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

impl PartialEq for Span {
    fn eq(&self, _other: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

/// A named text: a policy file, a scenario file, or an inline document.
#[derive(Debug)]
pub struct Source {
    name: String,
    text: String,
    /// Byte offset of the start of each line, built on first use.
    line_starts: OnceLock<Box<[usize]>>,
}

impl Source {
    /// Wraps `text`, read from `name` (a path, or a label such as `<inline>`).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        })
    }

    /// Byte offset of the start of each line (the first is 0).
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        })
    }

    /// The file name or label.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of the 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// A [`Location`] for `span` in this source.
    pub fn location(self: &Arc<Self>, span: Span) -> Location {
        let (line, column) = self.line_col(span.start);
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }
}

/// A resolved position: file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file name or label.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_keeps_one_character_for_each_and_shows_controls() {
        assert!(matches!(printable("kms:Decrypt\tx é\n"), Cow::Borrowed(_)));
        let text = "a\0b\u{1b}[31m\u{7f}\u{9b}c";
        let shown = printable(text);
        assert_eq!(shown, "a\u{2400}b\u{241b}[31m\u{2421}\u{fffd}c");
        assert_eq!(shown.chars().count(), text.chars().count());
    }
}
