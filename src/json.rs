//! A small JSON reader that keeps what policy checking needs and serde_json throws away.
//!
//! Every value carries its byte span; objects keep their members in order, duplicates included
//! (a second `"Condition"` silently replacing the first would widen a policy without anyone
//! noticing); numbers keep their text. Nesting depth and input size are bounded so that hostile
//! input fails fast with a clear error instead of exhausting the stack or memory.
//!
//! The tree is generic over how it holds text (strings, numbers and member names). [`parse`]
//! gives a tree of `String`s that outlives the document; [`parse_borrowed`] gives a tree that
//! borrows every piece of text written without escapes straight from the document, for a caller
//! that lowers the tree at once (a policy), so that reading allocates only for containers.

use std::borrow::Cow;

use crate::source::Span;

/// Limits applied while reading.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// How a tree holds text: `String` (owned) or `Cow<str>` (borrowed from the document when it
/// has no escapes).
pub trait Text<'t>: AsRef<str> + Sized {
    /// Text exactly as it appears in the document.
    fn slice(text: &'t str) -> Self;
    /// Text the reader had to build (a string with escapes).
    fn decoded(text: String) -> Self;
}

impl<'t> Text<'t> for String {
    fn slice(text: &'t str) -> String {
        text.to_string()
    }

    fn decoded(text: String) -> String {
        text
    }
}

impl<'t> Text<'t> for Cow<'t, str> {
    fn slice(text: &'t str) -> Cow<'t, str> {
        Cow::Borrowed(text)
    }

    fn decoded(text: String) -> Cow<'t, str> {
        Cow::Owned(text)
    }
}

/// A JSON value with its span; `S` holds its text (see [`Text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Node<S = String> {
    /// The value.
    pub value: Value<S>,
    /// Where it is in the text.
    pub span: Span,
}

/// A JSON value. Numbers keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<S = String> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(S),
    /// A string, unescaped.
    String(S),
    /// An array.
    Array(Vec<Node<S>>),
    /// An object: members in document order, duplicates kept.
    Object(Vec<Member<S>>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<S = String> {
    /// The member name, unescaped.
    pub key: S,
    /// The span of the quoted name.
    pub key_span: Span,
    /// The value.
    pub value: Node<S>,
}

impl<S> Value<S> {
    /// A short name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Where: usually the offending character.
    pub span: Span,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// Refuses a document over the size limit, before anything else looks at it.
pub fn check_size(text: &str, limits: Limits) -> Result<(), SyntaxError> {
    if text.len() > limits.max_bytes {
        return Err(SyntaxError {
            message: format!(
                "document is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
            span: Span::new(0, 0),
            help: None,
        });
    }
    Ok(())
}

/// Reads one JSON document (RFC 8259) from `text` into a tree that owns its text.
pub fn parse(text: &str, limits: Limits) -> Result<Node, SyntaxError> {
    read(text, limits)
}

/// Reads one JSON document like [`parse`], into a tree that borrows from `text` every string,
/// number and member name written without escapes.
pub fn parse_borrowed(text: &str, limits: Limits) -> Result<Node<Cow<'_, str>>, SyntaxError> {
    read(text, limits)
}

/// Reads one document into a tree holding its text as `S`.
fn read<'t, S: Text<'t>>(text: &'t str, limits: Limits) -> Result<Node<S>, SyntaxError> {
    check_size(text, limits)?;
    read_checked(text, limits).map_err(|e| *e)
}

/// [`read`] after the size check.
fn read_checked<'t, S: Text<'t>>(text: &'t str, limits: Limits) -> Fallible<Node<S>> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        max_depth: limits.max_depth,
        members: Vec::new(),
        items: Vec::new(),
    };
    if text.starts_with('\u{feff}') {
        return Err(reader
            .error_at(0, "the document starts with a byte order mark")
            .help("save the file as UTF-8 without a BOM"));
    }
    reader.skip_ws()?;
    let node = reader.value()?;
    reader.skip_ws()?;
    if reader.pos < reader.bytes.len() {
        return Err(reader.error_here("unexpected text after the end of the JSON document"));
    }
    Ok(node)
}

/// What the reader's steps return. The error is boxed so that the `Ok` path, taken for every
/// value of the document, moves small results.
type Fallible<T> = Result<T, Box<SyntaxError>>;

struct Reader<'a, S> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    max_depth: usize,
    /// Scratch stacks: members and items of the objects and arrays being read, so that each
    /// finished container is allocated once, at its exact size.
    members: Vec<Member<S>>,
    items: Vec<Node<S>>,
}

impl SyntaxError {
    fn help(mut self: Box<Self>, help: &str) -> Box<SyntaxError> {
        self.help = Some(help.to_string());
        self
    }
}

impl<'a, S: Text<'a>> Reader<'a, S> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error_at(&self, pos: usize, message: &str) -> Box<SyntaxError> {
        let end = self
            .text
            .get(pos..)
            .and_then(|s| s.chars().next())
            .map_or(pos, |c| pos + c.len_utf8());
        Box::new(SyntaxError {
            message: message.to_string(),
            span: Span::new(pos, end),
            help: None,
        })
    }

    fn error_here(&self, message: &str) -> Box<SyntaxError> {
        self.error_at(self.pos, message)
    }

    fn unexpected(&self, expected: &str) -> Box<SyntaxError> {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => self.error_here(&format!("unexpected end of input, expected {expected}")),
            Some(c) => self.error_here(&format!(
                "unexpected `{}`, expected {expected}",
                c.escape_debug()
            )),
        }
    }

    fn skip_ws(&mut self) -> Fallible<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) => {
                    return Err(self.error_here("comments are not allowed in JSON"));
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Fallible<Node<S>> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.keyword("true", Value::Bool(true))?,
            Some(b'f') => self.keyword("false", Value::Bool(false))?,
            Some(b'n') => self.keyword("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'\'') => {
                return Err(self
                    .error_here("strings must use double quotes")
                    .help("replace `'` with `\"`"))
            }
            _ => return Err(self.unexpected("a JSON value")),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn keyword(&mut self, word: &str, value: Value<S>) -> Fallible<Value<S>> {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|s| s.starts_with(word))
        {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn enter(&mut self) -> Fallible<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.error_here(&format!("nesting deeper than {} levels", self.max_depth)));
        }
        Ok(())
    }

    fn object(&mut self) -> Fallible<Value<S>> {
        self.enter()?;
        self.pos += 1; // '{'
        let base = self.members.len();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(Vec::new()));
        }
        let mut comma = 0;
        loop {
            self.skip_ws()?;
            if self.peek() != Some(b'"') {
                let mut err = self.unexpected("a member name in double quotes");
                if self.peek() == Some(b'}') && self.members.len() > base {
                    err = self
                        .error_at(comma, "trailing comma before `}`")
                        .help("remove the comma after the last member");
                }
                return Err(err);
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the member name"));
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value()?;
            self.members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    comma = self.pos;
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
        self.depth -= 1;
        Ok(Value::Object(self.members.drain(base..).collect()))
    }

    fn array(&mut self) -> Fallible<Value<S>> {
        self.enter()?;
        self.pos += 1; // '['
        let base = self.items.len();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(Vec::new()));
        }
        let mut comma = 0;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(b']') {
                return Err(self
                    .error_at(comma, "trailing comma before `]`")
                    .help("remove the comma after the last element"));
            }
            let item = self.value()?;
            self.items.push(item);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => {
                    comma = self.pos;
                    self.pos += 1;
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
        self.depth -= 1;
        Ok(Value::Array(self.items.drain(base..).collect()))
    }

    fn string(&mut self) -> Fallible<S> {
        let open = self.pos;
        self.pos += 1; // '"'
                       // Fast path: no escape before the closing quote, so the text is taken as it is.
        let start = self.pos;
        let end = start + plain_run(self.bytes.get(start..).unwrap_or_default());
        if self.bytes.get(end) == Some(&b'"') {
            if let Some(text) = self.text.get(start..end) {
                self.pos = end + 1;
                return Ok(S::slice(text));
            }
        }
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            self.pos += plain_run(self.bytes.get(run_start..).unwrap_or_default());
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.peek() {
                None => return Err(self.error_at(open, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(S::decoded(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self.peek();
                    self.pos += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => {
                            self.pos -= 1;
                            return Err(self.error_here("invalid escape sequence in string"));
                        }
                    }
                }
                Some(_) => {
                    return Err(self
                        .error_here("control character in string")
                        .help("write it as an escape such as `\\n` or `\\t`"))
                }
            }
        }
    }

    fn hex4(&mut self) -> Fallible<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error_here("`\\u` must be followed by four hex digits"))?;
        let v = u32::from_str_radix(digits, 16)
            .map_err(|_| self.error_here("`\\u` must be followed by four hex digits"))?;
        self.pos += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Fallible<char> {
        let start = self.pos.saturating_sub(2);
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self
                .text
                .get(self.pos..)
                .is_some_and(|s| s.starts_with("\\u"))
            {
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..0xE000).contains(&second) {
                    return Err(self.error_at(start, "invalid UTF-16 surrogate pair"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else {
                return Err(self.error_at(start, "lone UTF-16 surrogate"));
            }
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error_at(start, "invalid unicode escape"))
    }

    fn number(&mut self) -> Fallible<Value<S>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error_at(start, "numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.unexpected("a digit after `.`"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(Value::Number(S::slice(
            self.text.get(start..self.pos).unwrap_or("0"),
        )))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }
}

/// Whether `b` ends a run of plain string characters: a quote, a backslash or a control character.
fn ends_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The length of the run of plain string characters at the start of `bytes` (all of it when
/// nothing ends the run).
///
/// Strings are most of a policy's text, so this looks at eight bytes at a time: in each byte of
/// a word, `v - 0x01` borrows into the top bit only when `v` is zero, and `v - 0x20` only when `v`
/// is below `0x20`. Bytes above the first hit can be flagged wrongly (a borrow carries upwards),
/// but the lowest flagged byte is always a true hit, and it is the only one used.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & TOPS;
    let mut offset = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let hits = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & TOPS);
        if hits != 0 {
            return offset + (hits.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    let rest = bytes.get(offset..).unwrap_or_default();
    offset + rest.iter().position(|&b| ends_run(b)).unwrap_or(rest.len())
}

/// Writes `s` as a JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, SyntaxError> {
        parse(text, Limits::default())
    }

    #[test]
    fn reads_nested_values_with_spans() {
        let n = p(r#" {"a": [1, "x", true, null], "b": {"c": -2.5e3}} "#).unwrap();
        assert_eq!(n.span.start, 1);
        let Value::Object(members) = n.value else {
            panic!()
        };
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_span.start, 2);
        let Value::Object(inner) = &members[1].value.value else {
            panic!()
        };
        assert_eq!(inner[0].value.value, Value::Number("-2.5e3".into()));
    }

    #[test]
    fn keeps_duplicate_members() {
        let n = p(r#"{"a":1,"a":2}"#).unwrap();
        let Value::Object(members) = n.value else {
            panic!()
        };
        assert_eq!(members.len(), 2);
    }

    #[test]
    fn trailing_commas_are_named() {
        let e = p("{\"a\": 1,\n}").unwrap_err();
        assert!(e.message.contains("trailing comma"), "{e:?}");
        assert_eq!(e.span.start, 7);
        let e = p("[1,]").unwrap_err();
        assert!(e.message.contains("trailing comma"));
    }

    #[test]
    fn escapes_and_surrogates() {
        let n = p(r#""a\u00e9\ud83d\ude00\n""#).unwrap();
        assert_eq!(n.value, Value::String("aé😀\n".into()));
        assert!(p(r#""\ud83d""#).is_err());
        assert!(p(r#""\x""#).is_err());
    }

    #[test]
    fn rejects_bad_syntax() {
        for bad in [
            "",
            "{",
            "[1 2]",
            "{'a':1}",
            "01",
            "1.",
            "tru",
            "{\"a\" 1}",
            "\"a",
            "1 2",
            "// c\n1",
            "\u{feff}{}",
            "{\"a\":\"\t\"}",
        ] {
            assert!(p(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        let e = p(&deep).unwrap_err();
        assert!(e.message.contains("nesting"));
        let e = parse(
            "[1]",
            Limits {
                max_bytes: 2,
                max_depth: 8,
            },
        )
        .unwrap_err();
        assert!(e.message.contains("limit"));
    }

    #[test]
    fn plain_runs_stop_at_the_first_special_byte() {
        let slow = |b: &[u8]| b.iter().position(|&c| ends_run(c)).unwrap_or(b.len());
        let mut samples: Vec<Vec<u8>> = vec![b"".to_vec(), b"abc".to_vec()];
        for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
            for at in 0..20 {
                for filler in [b'a', 0x20, 0x7f, 0x80, 0xff, 0x21, 0x5d] {
                    let mut s = vec![filler; 20];
                    s[at] = special;
                    // A byte that would be flagged wrongly after a borrow, above the hit.
                    if at + 1 < s.len() {
                        s[at + 1] = 0x01;
                    }
                    samples.push(s);
                }
            }
        }
        for s in &samples {
            assert_eq!(plain_run(s), slow(s), "{s:?}");
        }
    }

    #[test]
    fn borrowed_trees_borrow_plain_text_and_equal_owned_trees() {
        let text = r#"{"a": ["x", "y\"z", 1.5e3], "k\u00e9y": null}"#;
        let borrowed = parse_borrowed(text, Limits::default()).unwrap();
        let Value::Object(members) = &borrowed.value else {
            panic!()
        };
        assert!(matches!(members[0].key, Cow::Borrowed("a")));
        assert!(matches!(members[1].key, Cow::Owned(ref k) if k == "kéy"));
        let Value::Array(items) = &members[0].value.value else {
            panic!()
        };
        assert!(matches!(items[0].value, Value::String(Cow::Borrowed("x"))));
        assert!(matches!(items[1].value, Value::String(Cow::Owned(ref s)) if s == "y\"z"));
        assert!(matches!(
            items[2].value,
            Value::Number(Cow::Borrowed("1.5e3"))
        ));
        let owned = p(text).unwrap();
        let Value::Object(owned_members) = &owned.value else {
            panic!()
        };
        assert_eq!(owned_members.len(), members.len());
        assert_eq!(owned_members[1].key, "kéy");
        for bad in ["{\"a\":\"\t\"}", "\"abc", "[\"a\\x\"]"] {
            assert_eq!(
                parse_borrowed(bad, Limits::default()).unwrap_err(),
                p(bad).unwrap_err()
            );
        }
    }

    #[test]
    fn write_string_escapes() {
        let mut s = String::new();
        write_string(&mut s, "a\"b\\c\n\u{1}");
        assert_eq!(s, r#""a\"b\\c\n\u0001""#);
        assert_eq!(p(&s).unwrap().value, Value::String("a\"b\\c\n\u{1}".into()));
    }
}
