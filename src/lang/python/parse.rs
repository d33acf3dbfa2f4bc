//! Parsing with one reused parser per thread, and a bounded repair for syntax errors that
//! tree-sitter cannot keep local.
//!
//! tree-sitter-python recovers well from a bad token, but an unclosed bracket makes it
//! swallow the rest of the file into one ERROR node, and every `except` clause in there
//! is lost. When an ERROR region spans several lines, a few candidate lines are blanked
//! out in turn and the file is parsed again. Blanking keeps the byte length, so every
//! offset stays valid. The candidate that leaves the least damage is kept, but only when
//! it leaves less damage than before.

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use super::repair::{blank_line, candidate_lines, damage};

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
    let mut buffer = text.as_bytes().to_vec();
    for _ in 0..MAX_REPAIRS {
        let mut best: Option<(usize, Tree, Vec<u8>, usize)> = None;
        for error_byte in candidate_lines(tree.root_node(), &buffer) {
            let mut candidate = buffer.clone();
            let line_start = blank_line(&mut candidate, error_byte);
            let Some(repaired) = parse_bytes(&candidate) else {
                continue;
            };
            let repaired_cost = damage(repaired.root_node());
            if best
                .as_ref()
                .is_none_or(|(best_cost, ..)| repaired_cost < *best_cost)
            {
                best = Some((repaired_cost, repaired, candidate, line_start));
            }
        }
        let Some((repaired_cost, repaired, candidate, line_start)) = best else {
            break;
        };
        if repaired_cost >= cost {
            break;
        }
        tree = repaired;
        cost = repaired_cost;
        buffer = candidate;
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
