//! Byte offset to line and character column, fast on very long lines.
//!
//! [`crate::lang::LineIndex`] counts the characters from the start of the line for every
//! query, which is quadratic on a minified bundle with thousands of calls on one
//! line. The frontend asks for positions mostly in source order, so this index counts
//! only the characters since the previous query when it is on the same line.

use std::cell::Cell;

pub(super) struct Positions<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    /// The previous query: byte offset, its 0-based line and its 1-based column.
    previous: Cell<(usize, usize, usize)>,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            text,
            line_starts,
            previous: Cell::new((0, 0, 1)),
        }
    }

    /// Returns the 1-based line and 1-based character column of `byte`.
    pub fn position(&self, byte: usize) -> (u32, u32) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let (previous_byte, previous_line, previous_column) = self.previous.get();
        let column = if previous_line == line && previous_byte <= byte {
            previous_column + self.count_chars(previous_byte, byte)
        } else {
            1 + self.count_chars(self.line_starts[line], byte)
        };
        self.previous.set((byte, line, column));
        (to_u32(line + 1), to_u32(column))
    }

    /// Returns the 1-based line of `byte` without counting columns.
    pub fn line(&self, byte: usize) -> u32 {
        let byte = byte.min(self.text.len());
        to_u32(self.line_starts.partition_point(|&start| start <= byte))
    }

    fn count_chars(&self, from: usize, to: usize) -> usize {
        self.text.get(from..to).map_or(0, |s| s.chars().count())
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::Positions;
    use crate::lang::LineIndex;

    #[test]
    fn positions_match_line_index() {
        let text = "ab\né x = 1; y\n\nlast line é é z";
        let reference = LineIndex::new(text);
        let positions = Positions::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        for byte in order {
            assert_eq!(
                positions.position(byte),
                reference.position(byte),
                "byte {byte}"
            );
            assert_eq!(positions.line(byte), reference.line(byte), "byte {byte}");
        }
    }
}
