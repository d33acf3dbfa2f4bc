//! Error handlers: except clauses, functions registered as a framework's error handler,
//! and the status each one ends with.

use tree_sitter::Node;

use super::{Exit, Walker};
use crate::lang::python::syntax::{named_children, text};
use crate::lang::{ErrorHandler, HandlerKind, HandlerStatus};

/// Decorator attribute names that register the decorated function as a framework's error
/// handler: FastAPI/Starlette `exception_handler`, Flask `errorhandler` and
/// `app_errorhandler`.
const HANDLER_DECORATORS: [&str; 3] = ["exception_handler", "errorhandler", "app_errorhandler"];

#[derive(Default, Clone, Copy)]
pub(super) struct HandlerState {
    pub(super) logged: bool,
    pub(super) raised: bool,
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
        node: Node<'_>,
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
        self.handler_states.push(HandlerState::default());
        self.facts.error_handlers.len() - 1
    }

    pub(super) fn finish_handler(&mut self, handler: usize) {
        let state = self.handler_states[handler];
        self.facts.error_handlers[handler].status = if state.logged {
            HandlerStatus::Logged
        } else if state.raised {
            HandlerStatus::Rethrown
        } else {
            HandlerStatus::Unlogged
        };
    }
}

/// The function that a decorated definition registers as an error handler, such as
/// `@app.exception_handler(HTTPException)` or `@bp.errorhandler(404)`.
pub(super) fn registered_handler<'tree>(
    decorated: Node<'tree>,
    source: &str,
) -> Option<Node<'tree>> {
    let definition = decorated.child_by_field_name("definition")?;
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
                "call" => expression.child_by_field_name("function"),
                _ => Some(expression),
            };
            expression
                .filter(|e| e.kind() == "attribute")
                .and_then(|e| e.child_by_field_name("attribute"))
                .is_some_and(|attribute| HANDLER_DECORATORS.contains(&text(attribute, source)))
        });
    registers.then_some(definition)
}
