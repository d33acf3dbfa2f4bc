//! Python frontend (tree-sitter-python).
//!
//! Recognises the stdlib `logging` module, structlog and loguru, plus receivers named
//! like loggers. [`parse`] parses the file, blanking out a line or two when a syntax
//! error would otherwise swallow the rest of it. [`scan`] then binds the module's imports
//! and logger variables, and [`walk`] visits every node once. The walk binds each
//! class's `self.x` attributes when it enters the class, and [`calls`] reads each call
//! it meets.

mod bindings;
mod calls;
mod levels;
mod parse;
mod repair;
mod scan;
mod syntax;
mod walk;

#[cfg(test)]
mod tests;

use super::{FileFacts, FrontendOptions, Language, Severity};
use crate::lang::LineIndex;
use bindings::Scopes;

pub fn analyze(path: &str, text: &str, options: &FrontendOptions) -> FileFacts {
    let mut facts = FileFacts::new(path, Language::Python);
    let Some(parsed) = parse::parse(text) else {
        facts.push_diagnostic(
            "parse-error",
            Severity::Warning,
            1,
            1,
            "tree-sitter-python could not parse the file; no facts were read",
        );
        return facts;
    };
    let index = LineIndex::new(text);
    for &line_start in &parsed.skipped_lines {
        let (line, _) = index.position(line_start);
        facts.push_diagnostic(
            "parse-error",
            Severity::Warning,
            line,
            1,
            format!(
                "syntax error at line {line}; the line was skipped so that the rest of the \
                 file parses, and facts on it are missing"
            ),
        );
    }
    let root = parsed.tree.root_node();
    let mut scopes = Scopes::new(text, options);
    scan::bind_module(&mut scopes, root);
    walk::walk(&parsed.tree, scopes, &index, &mut facts);
    facts
}
