//! Byte offset to 1-based line and character column, tuned for the walk, which requests
//! positions in mostly increasing order.

use std::cell::Cell;

/// Like [`crate::lang::LineIndex`], but a query on the same line as the previous one
/// counts characters only from the previous offset. A long line with many calls (a
/// generated table, a minified file) then costs linear instead of quadratic time.
pub struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last result: (byte, zero-based line, column).
    last: Cell<(usize, usize, usize)>,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            text,
            line_starts,
            last: Cell::new((0, 0, 1)),
        }
    }

    /// Returns the 1-based line and character column of `byte`.
    pub fn position(&self, byte: usize) -> (u32, u32) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let (last_byte, last_line, last_column) = self.last.get();
        let column = if line == last_line && last_byte <= byte {
            last_column + count_chars(self.text, last_byte, byte)
        } else {
            1 + count_chars(self.text, self.line_starts[line], byte)
        };
        self.last.set((byte, line, column));
        (to_u32(line + 1), to_u32(column))
    }
}

fn count_chars(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(0, |slice| slice.chars().count())
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LineIndex;

    #[test]
    fn positions_match_line_index() {
        let text = "ab\né x é y\n\nz";
        let positions = Positions::new(text);
        let index = LineIndex::new(text);
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        for &byte in bytes.iter().chain(bytes.iter().rev()) {
            assert_eq!(
                positions.position(byte),
                index.position(byte),
                "byte {byte}"
            );
        }
    }
}
