//! Parsing with one reused parser per thread, and a bounded repair for syntax errors that
//! tree-sitter cannot keep local.
//!
//! tree-sitter-python recovers well from a bad token, but an unclosed bracket makes it
//! swallow the rest of the file into one ERROR node, and every `except` clause in there
//! is lost. When an ERROR region spans several lines, the line where the first error
//! starts is blanked out (same byte length, so every offset stays valid) and the file is
//! parsed again; the repair is kept only when it shrinks the damaged region.

use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

/// Maximum number of lines blanked out in one file before the remaining errors are
/// reported as they are.
const MAX_REPAIRS: usize = 4;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// A syntax tree plus the lines blanked out to obtain it.
pub struct Parsed {
    pub tree: Tree,
    /// Start byte of each line that was blanked out, in the order of the repairs.
    pub skipped_lines: Vec<usize>,
}

fn parse_bytes(bytes: &[u8]) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(bytes, None)
    })
}

/// Parses `text`; `None` only when tree-sitter itself fails (no language loaded).
pub fn parse(text: &str) -> Option<Parsed> {
    let mut tree = parse_bytes(text.as_bytes())?;
    let mut skipped_lines = Vec::new();
    if !tree.root_node().has_error() {
        return Some(Parsed {
            tree,
            skipped_lines,
        });
    }
    let mut cost = damage(tree.root_node());
    let mut buffer: Option<Vec<u8>> = None;
    for _ in 0..MAX_REPAIRS {
        let Some(error_byte) = repair_point(tree.root_node()) else {
            break;
        };
        let mut candidate = buffer.clone().unwrap_or_else(|| text.as_bytes().to_vec());
        let line_start = blank_line(&mut candidate, error_byte);
        let Some(repaired) = parse_bytes(&candidate) else {
            break;
        };
        let repaired_cost = damage(repaired.root_node());
        if repaired_cost >= cost {
            break;
        }
        tree = repaired;
        cost = repaired_cost;
        buffer = Some(candidate);
        skipped_lines.push(line_start);
        if cost == 0 {
            break;
        }
    }
    Some(Parsed {
        tree,
        skipped_lines,
    })
}

/// Replaces every byte of the line holding `byte` with a space, except line breaks, and
/// returns the line's start. Whole lines are replaced, so the text stays valid UTF-8.
fn blank_line(bytes: &mut [u8], byte: usize) -> usize {
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

/// How damaged a tree is: the bytes covered by outermost ERROR nodes plus one per
/// MISSING node.
fn damage(root: Node<'_>) -> usize {
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

/// The byte where parsing first failed inside the first multi-line ERROR region. The
/// search follows the first damaged child down from the region and stops at the first
/// ERROR or MISSING node inside it; when the damage is raw tokens directly in an ERROR
/// node, the first such token is the point. `None` when every region sits on one line,
/// because tree-sitter already kept those local.
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
