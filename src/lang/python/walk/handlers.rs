//! Error handlers: except clauses, functions registered as a framework's error handler,
//! and the status each one ends with.

use tree_sitter::Node;

use super::{Exit, Walker};
use crate::lang::python::syntax::FieldChild;
use crate::lang::python::syntax::{named_children, text};
use crate::lang::{ErrorHandler, HandlerKind, HandlerStatus, MAX_NESTING_DEPTH};

/// Decorator attribute names that register the decorated function as a framework's error
/// handler: FastAPI/Starlette `exception_handler`, Flask `errorhandler` and
/// `app_errorhandler`.
const HANDLER_DECORATORS: [&str; 3] = ["exception_handler", "errorhandler", "app_errorhandler"];

#[derive(Clone, Copy)]
pub(super) struct HandlerState<'tree> {
    pub(super) logged: bool,
    /// The handler's body: the block of an except clause or of a registered function.
    body: Option<Node<'tree>>,
}

impl<'tree> Walker<'_, 'tree> {
    pub(super) fn enter_except(&mut self, node: Node<'tree>) -> Exit<'tree> {
        let function = self.current_function();
        let handler = self.push_handler(node, HandlerKind::Except, function);
        self.handler_stack.push(handler);
        Exit::PopHandler
    }

    /// Records a handler starting at `node` and returns its index. The status is set when
    /// the walk leaves it.
    pub(super) fn push_handler(
        &mut self,
        node: Node<'tree>,
        kind: HandlerKind,
        function: Option<String>,
    ) -> usize {
        let (line, column) = self.position(node.start_byte());
        let (end_line, _) = self.position(node.end_byte());
        self.facts.error_handlers.push(ErrorHandler {
            line,
            column,
            end_line,
            kind,
            status: HandlerStatus::Unlogged,
            function,
        });
        let body = match node.kind() {
            "function_definition" => node.field("body"),
            _ => named_children(node)
                .into_iter()
                .rfind(|child| child.kind() == "block"),
        };
        self.handler_states.push(HandlerState {
            logged: false,
            body,
        });
        self.facts.error_handlers.len() - 1
    }

    pub(super) fn finish_handler(&mut self, handler: usize) {
        let state = self.handler_states[handler];
        self.facts.error_handlers[handler].status = if state.logged {
            HandlerStatus::Logged
        } else if state
            .body
            .is_some_and(|body| always_raises(body, self.scopes.source, 0))
        {
            HandlerStatus::Rethrown
        } else {
            HandlerStatus::Unlogged
        };
    }
}

/// Returns whether every path through `node`, a block or a statement, raises: a `raise`
/// at the top level of a block, or an `if`/`elif`/`else`, `try`, `with` or `match` all of
/// whose branches raise. A `raise` inside a loop or an `if` without `else` does not count,
/// because the body or the branch may be skipped. Nested functions and classes are not
/// entered.
fn always_raises(node: Node<'_>, source: &str, depth: usize) -> bool {
    if depth >= MAX_NESTING_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match node.kind() {
        "raise_statement" => true,
        "block" => {
            for statement in named_children(node) {
                match statement.kind() {
                    "return_statement" | "break_statement" | "continue_statement" => {
                        return false;
                    }
                    _ if always_raises(statement, source, depth) => return true,
                    _ => {}
                }
            }
            false
        }
        "if_statement" => {
            let mut has_else = false;
            let mut branches = vec![node.field("consequence")];
            let mut cursor = node.walk();
            for alternative in node.children_by_field_name("alternative", &mut cursor) {
                has_else |= alternative.kind() == "else_clause";
                branches.push(match alternative.kind() {
                    "elif_clause" => alternative.field("consequence"),
                    _ => alternative.field("body"),
                });
            }
            has_else
                && branches
                    .into_iter()
                    .all(|branch| branch.is_some_and(|b| always_raises(b, source, depth)))
        }
        "try_statement" => {
            let clauses = named_children(node);
            let finally_raises = clauses.iter().any(|clause| {
                clause.kind() == "finally_clause" && clause_block_raises(*clause, source, depth)
            });
            let body_raises = node
                .field("body")
                .is_some_and(|body| always_raises(body, source, depth));
            let handlers_raise = clauses
                .iter()
                .filter(|c| matches!(c.kind(), "except_clause" | "except_group_clause"))
                .all(|clause| clause_block_raises(*clause, source, depth));
            finally_raises || (body_raises && handlers_raise)
        }
        "with_statement" => node
            .field("body")
            .is_some_and(|body| always_raises(body, source, depth)),
        "match_statement" => {
            let cases: Vec<Node<'_>> = node
                .field("body")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| c.kind() == "case_clause")
                .collect();
            let has_wildcard = cases.iter().any(|case| {
                let patterns: Vec<Node<'_>> = named_children(*case)
                    .into_iter()
                    .filter(|c| c.kind() == "case_pattern")
                    .collect();
                patterns.len() == 1
                    && case.field("guard").is_none()
                    && matches!(text(patterns[0], source).trim(), "_")
            });
            has_wildcard
                && cases.iter().all(|case| {
                    case.field("consequence")
                        .is_some_and(|body| always_raises(body, source, depth))
                })
        }
        _ => false,
    }
}

/// Returns whether the block of an `except` or `finally` clause always raises.
fn clause_block_raises(clause: Node<'_>, source: &str, depth: usize) -> bool {
    named_children(clause)
        .into_iter()
        .rfind(|child| child.kind() == "block")
        .is_some_and(|block| always_raises(block, source, depth))
}

/// The function that a decorated definition registers as an error handler, such as
/// `@app.exception_handler(HTTPException)` or `@bp.errorhandler(404)`.
pub(super) fn registered_handler<'tree>(
    decorated: Node<'tree>,
    source: &str,
) -> Option<Node<'tree>> {
    let definition = decorated.field("definition")?;
    if definition.kind() != "function_definition" {
        return None;
    }
    let registers = named_children(decorated)
        .into_iter()
        .filter(|child| child.kind() == "decorator")
        .any(|decorator| {
            let Some(expression) = decorator.named_child(0) else {
                return false;
            };
            let expression = match expression.kind() {
                "call" => expression.field("function"),
                _ => Some(expression),
            };
            expression
                .filter(|e| e.kind() == "attribute")
                .and_then(|e| e.field("attribute"))
                .is_some_and(|attribute| HANDLER_DECORATORS.contains(&text(attribute, source)))
        });
    registers.then_some(definition)
}
