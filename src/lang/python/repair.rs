//! Choosing which line to blank out when a syntax error swallows several lines, and
//! measuring how damaged a tree is.

use tree_sitter::Node;

/// Replaces every byte of the line holding `byte` with a space, except line breaks, and
/// returns the line's start. Whole lines are replaced, so the text stays valid UTF-8.
pub fn blank_line(bytes: &mut [u8], byte: usize) -> usize {
    let byte = byte.min(bytes.len());
    let start = bytes[..byte]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[byte..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| byte + i);
    for b in &mut bytes[start..end] {
        if *b != b'\r' {
            *b = b' ';
        }
    }
    start
}

/// Measures how damaged a tree is: the bytes covered by outermost ERROR nodes plus one per
/// MISSING node.
pub fn damage(root: Node<'_>) -> usize {
    let mut total = 0;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            total += node.end_byte() - node.start_byte();
        } else if node.is_missing() {
            total += 1;
        } else if node.has_error() {
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    total
}

/// Finds the byte where parsing first failed inside the first multi-line ERROR region.
/// The search follows the first damaged child down from the region and stops at the
/// first ERROR or MISSING node inside it. When the damage is raw tokens directly in an
/// ERROR node, the first such token is the point. Returns `None` when every region sits
/// on one line, because tree-sitter already kept those local.
fn repair_point(root: Node<'_>) -> Option<usize> {
    let region = first_multiline_error(root)?;
    let mut node = region;
    loop {
        if node.id() != region.id() && (node.is_error() || node.is_missing()) {
            return Some(node.start_byte());
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        let damaged = children
            .iter()
            .find(|child| child.is_error() || child.is_missing() || child.has_error());
        match damaged {
            Some(child) => node = *child,
            None => {
                let token = children.iter().find(|child| !child.is_named());
                return Some(token.map_or(node.start_byte(), |token| token.start_byte()));
            }
        }
    }
}

fn first_multiline_error(root: Node<'_>) -> Option<Node<'_>> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            if node.start_position().row != node.end_position().row {
                return Some(node);
            }
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let mut children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            children.reverse();
            stack.extend(children);
        }
    }
    None
}

/// Lists the bytes whose lines are worth blanking out, at most one per line: where the tree
/// shows the first error, the line of a bracket that is never closed, and the first line
/// of the damaged region. Empty when every ERROR region sits on one line.
pub fn candidate_lines(root: Node<'_>, bytes: &[u8]) -> Vec<usize> {
    let Some(region) = first_multiline_error(root) else {
        return Vec::new();
    };
    let candidates = [
        repair_point(root),
        unclosed_bracket_line(bytes),
        Some(region.start_byte()),
    ];
    let mut lines: Vec<usize> = Vec::new();
    let mut result = Vec::new();
    for byte in candidates.into_iter().flatten() {
        let line_start = bytes[..byte.min(bytes.len())]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if !lines.contains(&line_start) {
            lines.push(line_start);
            result.push(byte);
        }
    }
    result
}

/// Keywords that start a statement. A line that starts with one while a bracket opened
/// on a less or equally indented line is still open means that bracket was never closed.
const STATEMENT_KEYWORDS: [&str; 20] = [
    "def", "class", "async", "return", "if", "elif", "else", "for", "while", "try", "except",
    "finally", "with", "import", "from", "raise", "pass", "break", "continue", "match",
];

/// An open bracket: the start of its line and that line's indentation.
#[derive(Clone, Copy)]
struct OpenBracket {
    line_start: usize,
    indent: usize,
}

/// Finds the start of the line with the first bracket that is never closed, by a scan
/// that skips strings and comments.
fn unclosed_bracket_line(bytes: &[u8]) -> Option<usize> {
    let mut stack: Vec<OpenBracket> = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'\'' | b'"') => {
                i = skip_string(bytes, i, quote);
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(OpenBracket {
                line_start,
                indent: indentation(bytes, line_start),
            }),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            b'\n' => {
                line_start = i + 1;
                if let Some(&outer) = stack.first()
                    && starts_statement(bytes, line_start, outer.indent)
                {
                    return Some(outer.line_start);
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().map(|outer| outer.line_start)
}

/// Returns the index just past the string literal that opens at `start`.
fn skip_string(bytes: &[u8], start: usize, quote: u8) -> usize {
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn indentation(bytes: &[u8], line_start: usize) -> usize {
    bytes[line_start..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// `true` when the first non-blank line from `line_start` on starts with a statement
/// keyword or a decorator at an indentation of at most `max_indent`.
fn starts_statement(bytes: &[u8], mut line_start: usize, max_indent: usize) -> bool {
    loop {
        let indent = indentation(bytes, line_start);
        let rest = &bytes[line_start + indent..];
        match rest.first() {
            None => return false,
            Some(b'\n') => line_start += indent + 1,
            Some(b'\r') if rest.get(1) == Some(&b'\n') => line_start += indent + 2,
            Some(b'@') => return indent <= max_indent,
            Some(_) => {
                let word_length = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                let word = std::str::from_utf8(&rest[..word_length]).unwrap_or("");
                return indent <= max_indent && STATEMENT_KEYWORDS.contains(&word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_bracket_found_before_next_statement() {
        let text = b"def f():\n    items = [1, 2,\n\n\ndef g():\n    pass\n";
        assert_eq!(unclosed_bracket_line(text), Some(9));
    }

    #[test]
    fn brackets_in_strings_and_comments_are_ignored() {
        let text = b"x = '('  # [\ny = \"\"\"\n{\n\"\"\"\ndef g():\n    pass\n";
        assert_eq!(unclosed_bracket_line(text), None);
    }

    #[test]
    fn continuation_lines_do_not_count() {
        let text = b"values = [\n    x\n    for x in items\n]\nif values:\n    pass\n";
        assert_eq!(unclosed_bracket_line(text), None);
    }

    #[test]
    fn blanking_keeps_length_and_line_breaks() {
        let mut text = b"a\r\nbad line\r\nc".to_vec();
        let start = blank_line(&mut text, 5);
        assert_eq!(start, 3);
        assert_eq!(&text, b"a\r\n        \r\nc");
    }
}
