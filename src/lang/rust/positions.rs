//! Maps proc-macro2 spans back to byte offsets, lines and columns of the original file.

use proc_macro2::Span;

use crate::lang::LineIndex;

/// Position lookup for the one text that was lexed for a file.
///
/// The lexed text may differ from the file in two ways: it starts after a byte order mark
/// or a shebang line (`base`), and the delimiter repair may have inserted closing
/// delimiters (`insertions`). Replacements made by the repair keep the byte length, so
/// they need no mapping.
pub(crate) struct Positions<'a> {
    text: &'a str,
    index: LineIndex<'a>,
    text_len: usize,
    base: usize,
    /// `(offset in the lexed text, inserted byte count)`, sorted by offset.
    insertions: Vec<(usize, usize)>,
    /// `inserted_before[i]`: bytes inserted by `insertions[..i]`.
    inserted_before: Vec<usize>,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(text: &'a str, base: usize, insertions: Vec<(usize, usize)>) -> Self {
        let mut inserted_before = Vec::with_capacity(insertions.len() + 1);
        let mut total = 0;
        inserted_before.push(0);
        for &(_, len) in &insertions {
            total += len;
            inserted_before.push(total);
        }
        Positions {
            inserted_before,
            text,
            index: LineIndex::new(text),
            text_len: text.len(),
            base,
            insertions,
        }
    }

    /// Returns the text of the whole file.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Returns the byte offset in the file where `span` starts.
    pub(crate) fn start(&self, span: Span) -> usize {
        self.map(span.byte_range().start)
    }

    /// Returns the byte offset in the file where `span` ends.
    pub(crate) fn end(&self, span: Span) -> usize {
        self.map(span.byte_range().end)
    }

    /// Returns the 1-based line and character column of a file byte offset.
    pub(crate) fn line_column(&self, byte: usize) -> (u32, u32) {
        self.index.position(byte)
    }

    pub(crate) fn line(&self, byte: usize) -> u32 {
        self.index.line(byte)
    }

    /// Returns the file byte offset of an offset in the lexed text.
    pub(crate) fn file_offset(&self, lexed: usize) -> usize {
        self.map(lexed)
    }

    fn map(&self, lexed: usize) -> usize {
        let before = self.insertions.partition_point(|&(at, _)| at < lexed);
        let mut shift = self.inserted_before[before];
        if let Some(&(at, len)) = before.checked_sub(1).map(|i| &self.insertions[i]) {
            // An offset inside inserted text maps to the insertion point.
            shift -= len - len.min(lexed - at);
        }
        (self.base + lexed - shift).min(self.text_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_skips_inserted_bytes() {
        let positions = Positions::new("abcdefghij", 1, vec![(2, 3), (7, 1)]);
        assert_eq!(positions.map(0), 1);
        assert_eq!(positions.map(2), 3);
        assert_eq!(positions.map(4), 3);
        assert_eq!(positions.map(5), 3);
        assert_eq!(positions.map(6), 4);
        assert_eq!(positions.map(7), 5);
        assert_eq!(positions.map(8), 5);
        assert_eq!(positions.map(9), 6);
    }
}
