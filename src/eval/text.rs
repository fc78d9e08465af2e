//! A request's strings in one buffer, named by position.
//!
//! Building a request copies its strings (the caller's ARN, the resource, the encryption-context
//! pairs) because the request outlives the caller's buffers. Each string in its own allocation
//! would make building a request cost more than deciding it, so they go into one buffer and are
//! referred to by [`Part`].

/// Where a string is in a [`Text`]: byte offsets, kept small so requests stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Part {
    start: u32,
    end: u32,
}

impl Part {
    /// The part `start..end` (the caller checks the offsets fit a `u32`).
    pub(crate) fn new(start: usize, end: usize) -> Part {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Part {
            start: at(start),
            end: at(end),
        }
    }

    /// Where `part`, a slice of `whole`, is in it.
    pub(crate) fn of(whole: &str, part: &str) -> Part {
        let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
        Part::new(start, start + part.len())
    }

    /// The end offset.
    pub(crate) fn end(self) -> usize {
        self.end as usize
    }

    /// The string at this part of `text` (empty if the part is not in it).
    pub(crate) fn of_text(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// The largest buffer a [`Text`] holds: parts are `u32` offsets.
pub(crate) const MAX_TEXT: usize = u32::MAX as usize;

/// An append-only buffer of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text {
    buf: String,
}

impl Text {
    /// Room for a typical request (a key ARN and a few encryption-context pairs) in one
    /// allocation.
    const INITIAL: usize = 128;

    /// Appends `s`; `None` when the buffer would outgrow [`MAX_TEXT`].
    pub(crate) fn push(&mut self, s: &str) -> Option<Part> {
        let start = self.buf.len();
        if start + s.len() > MAX_TEXT {
            return None;
        }
        if self.buf.capacity() == 0 {
            self.buf.reserve(s.len().max(Text::INITIAL));
        }
        self.buf.push_str(s);
        Some(Part::new(start, self.buf.len()))
    }

    /// The string at `part`.
    pub(crate) fn get(&self, part: Part) -> &str {
        part.of_text(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_name_what_was_pushed() {
        let mut t = Text::default();
        let a = t.push("arn:aws:kms:us-east-1:111122223333:key/k").unwrap();
        let b = t.push("").unwrap();
        let c = t.push("tenant").unwrap();
        assert_eq!(t.get(a), "arn:aws:kms:us-east-1:111122223333:key/k");
        assert_eq!(t.get(b), "");
        assert_eq!(t.get(c), "tenant");
        let whole = "arn:aws:iam::111122223333:root";
        let part = Part::of(whole, &whole[13..25]);
        assert_eq!(part.of_text(whole), "111122223333");
        assert_eq!(Part::new(5, 1).of_text(whole), "");
    }
}
