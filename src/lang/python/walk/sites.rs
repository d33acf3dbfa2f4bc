//! Calls met by the walk: log calls, other call sites, `with` blocks that bind logging
//! context, and `bind()` results that are thrown away.

use tree_sitter::Node;

use super::{Exit, Walker};
use crate::lang::python::calls::{LogCallInfo, classify};
use crate::lang::python::syntax::FieldChild;
use crate::lang::python::syntax::{
    callee_text, compact_text, named_children, push_unique, text, unparenthesize,
};
use crate::lang::{CallSite, LogCall, Severity};

impl<'tree> Walker<'_, 'tree> {
    /// Pushes the fields that the `with` items bind for the duration of the block.
    pub(super) fn enter_with(&mut self, node: Node<'tree>) -> Exit<'tree> {
        let mut pushed = 0;
        for clause in named_children(node) {
            if clause.kind() != "with_clause" {
                continue;
            }
            for item in named_children(clause) {
                let Some(mut value) = item.field("value") else {
                    continue;
                };
                if value.kind() == "as_pattern"
                    && let Some(inner) = value.named_child(0)
                {
                    value = inner;
                }
                if let Some(context) = self.scopes.context_fields(value) {
                    self.contexts.push(context);
                    pushed += 1;
                }
            }
        }
        Exit::PopContexts(pushed)
    }

    /// Records `node` as a log call or as a call site, and makes its callee the one that
    /// calls inside its arguments are `inside`.
    pub(super) fn enter_call(&mut self, node: Node<'tree>) -> Exit<'tree> {
        let Some(function_node) = node.field("function") else {
            return Exit::Nothing;
        };
        let callee = callee_text(function_node, self.scopes.source);
        let handlers = self.visible_handlers().to_vec();
        match classify(&self.scopes, node, !handlers.is_empty()) {
            Some(info) => self.record_log_call(node, info, handlers),
            None => self.record_call_site(node, callee.clone(), handlers),
        }
        self.callees.push(callee);
        Exit::PopCallee
    }

    fn record_log_call(&mut self, node: Node<'_>, mut info: LogCallInfo, handlers: Vec<usize>) {
        let (line, column) = self.position(node.start_byte());
        let base = self.frames.last().map_or(0, |frame| frame.context_base);
        for (library, fields) in &self.contexts[base.min(self.contexts.len())..] {
            if *library == info.library {
                for field in fields {
                    push_unique(&mut info.bound, field);
                }
            }
        }

        for diagnostic in &info.diagnostics {
            self.facts.push_diagnostic(
                diagnostic.code,
                diagnostic.severity,
                line,
                column,
                diagnostic.message.clone(),
            );
        }

        // A call that raises instead of logging covers no handler.
        let handlers = if info.emits { handlers } else { Vec::new() };
        for &handler in &handlers {
            self.handler_states[handler].logged = true;
        }
        self.facts.log_calls.push(LogCall {
            line,
            column,
            level: info.level,
            logger: info.logger,
            library: info.library,
            message: info.message,
            fields: info.fields,
            bound_fields: info.bound,
            function: self.current_function(),
            emits: info.emits,
            handlers,
            byte: node.start_byte(),
        });
    }

    fn record_call_site(&mut self, node: Node<'_>, callee: String, handlers: Vec<usize>) {
        let (line, column) = self.position(node.start_byte());
        let base = self.frames.last().map_or(0, |frame| frame.inside_base);
        let inside = self.inside[base.min(self.inside.len())..]
            .iter()
            .rev()
            .cloned()
            .collect();
        self.facts.call_sites.push(CallSite {
            line,
            column,
            callee,
            function: self.current_function(),
            inside,
            handlers,
            byte: node.start_byte(),
        });
    }

    /// Warns about `log.bind(...)` as a statement: structlog and loguru loggers are
    /// immutable, so the bound fields go nowhere.
    pub(super) fn check_discarded_bind(&mut self, statement: Node<'_>) {
        let children = named_children(statement);
        let [expression] = children.as_slice() else {
            return;
        };
        let call = unparenthesize(*expression);
        if call.kind() != "call" {
            return;
        }

        let Some(function) = call.field("function") else {
            return;
        };
        if function.kind() != "attribute" {
            return;
        }
        let method = function
            .field("attribute")
            .map_or("", |attribute| text(attribute, self.scopes.source));
        if method != "bind" && method != "new" {
            return;
        }
        let Some(object) = function.field("object") else {
            return;
        };
        if self.scopes.resolve_logger(object).is_none() {
            return;
        }

        let (line, column) = self.position(call.start_byte());
        let receiver = compact_text(object, self.scopes.source);
        self.facts.push_diagnostic(
            "bind-result-discarded",
            Severity::Warning,
            line,
            column,
            format!(
                "the logger returned by {receiver}.{method}() is discarded, and loggers are \
                 immutable, so the fields bound here reach no log call; assign it \
                 (log = {receiver}.{method}(...)) and log through the result"
            ),
        );
    }
}
