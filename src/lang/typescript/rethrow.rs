//! Whether an error handler's body passes the error on along every path.
//!
//! A body re-throws when a re-throw statement sits at its top level, or when an
//! `if`/`else`, `try`, `switch` with a `default` or a labeled statement there re-throws
//! on all of its branches. A re-throw inside a loop or an `if` without `else` does not
//! count, because the loop body or the branch may be skipped. Nested functions are not
//! entered.

use tree_sitter::Node;

use super::syntax::{call_arguments, render_path, text, unwrap_expression};
use crate::lang::MAX_NESTING_DEPTH;

/// Callees that pass an error on when called with the caught error as first argument.
pub(super) const ERROR_FORWARDERS: [&str; 4] = ["next", "cb", "callback", "done"];

/// The way control leaves a statement or a list of statements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// The error is passed on.
    Rethrows,
    /// The code leaves by `return`, `break` or `continue` without passing the error on.
    Exits,
    /// Control reaches the next statement.
    Continues,
}

/// The caught error's name and the source text, for recognising forwarding calls.
pub(super) struct Handler<'a> {
    pub binding: Option<&'a str>,
    pub source: &'a str,
}

impl Handler<'_> {
    /// Returns whether `body`, a handler body (a block, or an arrow function's expression
    /// body), passes the error on along every path.
    pub(super) fn always_rethrows(&self, body: Node<'_>) -> bool {
        if body.kind() == "statement_block" {
            self.statement(body, 0) == Flow::Rethrows
        } else {
            self.passes_on(body)
        }
    }

    fn statement(&self, node: Node<'_>, depth: usize) -> Flow {
        if depth >= MAX_NESTING_DEPTH {
            return Flow::Continues;
        }
        let depth = depth + 1;
        match node.kind() {
            "throw_statement" => Flow::Rethrows,
            "return_statement" => match first_named(node) {
                Some(value) if self.passes_on(value) => Flow::Rethrows,
                _ => Flow::Exits,
            },
            "break_statement" | "continue_statement" => Flow::Exits,
            "expression_statement" => match first_named(node) {
                Some(expression) if self.passes_on(expression) => Flow::Rethrows,
                _ => Flow::Continues,
            },
            "statement_block" => self.sequence(named(node), depth),
            "labeled_statement" => node
                .child_by_field_name("body")
                .map_or(Flow::Continues, |body| self.statement(body, depth)),
            "if_statement" => self.if_statement(node, depth),
            "try_statement" => self.try_statement(node, depth),
            "switch_statement" => self.switch_statement(node, depth),
            _ => Flow::Continues,
        }
    }

    /// Runs the statements in order: the first that re-throws or exits decides.
    fn sequence<'t>(&self, statements: impl Iterator<Item = Node<'t>>, depth: usize) -> Flow {
        for statement in statements {
            match self.statement(statement, depth) {
                Flow::Continues => {}
                flow => return flow,
            }
        }
        Flow::Continues
    }

    fn if_statement(&self, node: Node<'_>, depth: usize) -> Flow {
        let consequence = node.child_by_field_name("consequence");
        let alternative = node
            .child_by_field_name("alternative")
            .and_then(|clause| first_named(clause));
        let (Some(consequence), Some(alternative)) = (consequence, alternative) else {
            return Flow::Continues;
        };
        let both = [
            self.statement(consequence, depth),
            self.statement(alternative, depth),
        ];
        if both.iter().all(|&flow| flow == Flow::Rethrows) {
            Flow::Rethrows
        } else {
            Flow::Continues
        }
    }

    /// A `try` re-throws when its `finally` block does, or when both its block and its
    /// `catch` clause do (a `try` without `catch` lets the error out of its block).
    fn try_statement(&self, node: Node<'_>, depth: usize) -> Flow {
        let finalizer = node
            .child_by_field_name("finalizer")
            .and_then(|clause| clause.child_by_field_name("body"));
        if finalizer.is_some_and(|body| self.statement(body, depth) == Flow::Rethrows) {
            return Flow::Rethrows;
        }
        let body_rethrows = node
            .child_by_field_name("body")
            .is_some_and(|body| self.statement(body, depth) == Flow::Rethrows);
        let catch_rethrows = node
            .child_by_field_name("handler")
            .and_then(|clause| clause.child_by_field_name("body"))
            .is_none_or(|body| self.statement(body, depth) == Flow::Rethrows);
        if body_rethrows && catch_rethrows {
            Flow::Rethrows
        } else {
            Flow::Continues
        }
    }

    /// A `switch` re-throws when it has a `default` and every case re-throws, itself or
    /// by falling through to a later case that does.
    fn switch_statement(&self, node: Node<'_>, depth: usize) -> Flow {
        let Some(body) = node.child_by_field_name("body") else {
            return Flow::Continues;
        };
        let cases: Vec<Node<'_>> = named(body)
            .filter(|case| matches!(case.kind(), "switch_case" | "switch_default"))
            .collect();
        if !cases.iter().any(|case| case.kind() == "switch_default") {
            return Flow::Continues;
        }
        let mut later_rethrows = false;
        for case in cases.iter().rev() {
            let mut cursor = case.walk();
            let statements: Vec<Node<'_>> =
                case.children_by_field_name("body", &mut cursor).collect();
            later_rethrows = match self.sequence(statements.into_iter(), depth) {
                Flow::Rethrows => true,
                Flow::Exits => false,
                Flow::Continues => later_rethrows,
            };
            if !later_rethrows {
                return Flow::Continues;
            }
        }
        Flow::Rethrows
    }

    /// Returns whether the value of `expression` passes the error on:
    /// `Promise.reject(..)`, `reject(..)`, or `next(err)` and the other forwarders called
    /// with the caught error.
    fn passes_on(&self, expression: Node<'_>) -> bool {
        let expression = unwrap_expression(expression);
        if expression.kind() != "call_expression" {
            return false;
        }
        let Some(function) = expression.child_by_field_name("function") else {
            return false;
        };
        let callee = render_path(function, self.source);
        if callee == "Promise.reject" || callee == "reject" {
            return true;
        }
        if !ERROR_FORWARDERS.contains(&callee.as_str()) {
            return false;
        }
        let arguments = call_arguments(expression);
        let first = arguments.first().filter(|a| a.kind() == "identifier");
        first.is_some_and(|first| Some(text(*first, self.source)) == self.binding)
    }
}

fn named<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..node.named_child_count())
        .filter_map(move |index| node.named_child(u32::try_from(index).ok()?))
        .filter(|child| child.kind() != "comment")
}

fn first_named(node: Node<'_>) -> Option<Node<'_>> {
    named(node).next()
}
