//! Functions, classes, error handlers and calls as the walker enters them.

use tree_sitter::Node;

use super::scope::{BindingSource, ScopeKind};
use super::syntax::{
    Field, call_arguments, child, first_parameter_name, is_function_value, member_parts,
    property_key, render_path, text, unwrap_expression,
};
use super::walk::{
    CallRecord, Container, FunctionRecord, HandlerRecord, NamedFunction, Pop, Role, Walker,
};
use crate::lang::HandlerKind;

/// Array methods that call their callback synchronously, before they return, so the
/// callback's body runs as part of the enclosing body.
const SYNC_ARRAY_METHODS: [&str; 12] = [
    "forEach",
    "map",
    "filter",
    "some",
    "every",
    "reduce",
    "reduceRight",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "flatMap",
];

/// Callees that pass an error on when called with the caught error as first argument.
const ERROR_FORWARDERS: [&str; 4] = ["next", "cb", "callback", "done"];

struct FunctionName {
    name: String,
    key: Option<String>,
    name_byte: usize,
    constructor_of: Option<usize>,
}

impl<'t> Walker<'t> {
    pub(super) fn function(&mut self, node: Node<'t>, role: Option<Role>) {
        let named = self.function_name(node, &role);
        let class = named.as_ref().and_then(|n| n.constructor_of);
        let scope = self.open_scope(node, ScopeKind::Function);
        self.declare_parameters(scope, node, class);

        let id = node.id();
        match (named, role) {
            (Some(named), _) => {
                self.out.functions.push(FunctionRecord {
                    name: named.name.clone(),
                    name_byte: named.name_byte,
                    start_byte: node.start_byte(),
                    end_byte: node.end_byte(),
                    export_key: named.key,
                });
                self.functions.push(NamedFunction {
                    name: named.name,
                    constructor_of: named.constructor_of,
                });
                self.pops.push((id, Pop::Function));
                self.inside_frames.push(Vec::new());
                self.pops.push((id, Pop::InsideFrame));
                self.handler_frames.push(Vec::new());
                self.pops.push((id, Pop::HandlerFrame));
            }
            (None, Some(Role::ArrayCallback)) => {}
            (None, Some(Role::HandlerCallback(handler))) => {
                self.handler_frames.push(vec![handler]);
                self.pops.push((id, Pop::HandlerFrame));
            }
            (None, _) => {
                self.handler_frames.push(Vec::new());
                self.pops.push((id, Pop::HandlerFrame));
            }
        }

        // `err => Promise.reject(err)` returns a rejection without a `return` keyword.
        let body = node.child_by_field_name("body");
        if let Some(body) = body
            && is_promise_reject(body, self.source)
        {
            self.mark_rethrown();
        }
    }

    fn function_name(&mut self, node: Node<'t>, role: &Option<Role>) -> Option<FunctionName> {
        match node.kind() {
            "function_declaration" | "generator_function_declaration" => {
                let name = text(node.child_by_field_name("name")?, self.source).to_string();
                let scope = self.scope();
                self.declare(scope, &name, BindingSource::Opaque);
                let key = self.at_module_level().then(|| name.clone());
                Some(FunctionName {
                    name,
                    key,
                    name_byte: node.start_byte(),
                    constructor_of: None,
                })
            }
            "method_definition" => self.method_name(node),
            _ => match role {
                Some(Role::Named {
                    name,
                    key,
                    name_byte,
                }) => Some(FunctionName {
                    name: name.clone(),
                    key: key.clone(),
                    name_byte: *name_byte,
                    constructor_of: None,
                }),
                Some(_) => None,
                None => {
                    let name = text(node.child_by_field_name("name")?, self.source).to_string();
                    Some(FunctionName {
                        name,
                        key: None,
                        name_byte: node.start_byte(),
                        constructor_of: None,
                    })
                }
            },
        }
    }

    /// Names a method after its class (`Class.method`) or its object (`api.get`). A
    /// method of an object that is not bound to a name is an anonymous callback.
    fn method_name(&self, node: Node<'t>) -> Option<FunctionName> {
        let name_node = node.child_by_field_name("name")?;
        let method = property_key(name_node, self.source)
            .unwrap_or_else(|| text(name_node, self.source).split_whitespace().collect());
        let (prefix, key, constructor_of) = match self.containers.last() {
            Some(Container::Class { prefix, key, scope }) => {
                let constructor = (method == "constructor").then_some(*scope);
                (prefix.clone(), key.clone(), constructor)
            }
            Some(Container::Object {
                prefix: None,
                key: None,
            }) => return None,
            Some(Container::Object { prefix, key }) => (prefix.clone(), key.clone(), None),
            None => (None, None, None),
        };
        let name = match prefix {
            Some(prefix) => format!("{prefix}.{method}"),
            None => method,
        };
        Some(FunctionName {
            name,
            key,
            name_byte: node.start_byte(),
            constructor_of,
        })
    }

    pub(super) fn class(&mut self, node: Node<'t>, role: Option<Role>) {
        let own_name = node
            .child_by_field_name("name")
            .map(|n| text(n, self.source).to_string());
        let (name, key) = match (role, own_name) {
            (Some(Role::Named { name, key, .. }), _) => (Some(name), key),
            (_, Some(name)) if node.kind() != "class" => {
                let scope = self.scope();
                self.declare(scope, &name, BindingSource::Opaque);
                let key = self.at_module_level().then(|| name.clone());
                (Some(name), key)
            }
            (_, own_name) => (own_name, None),
        };
        let scope = self.open_scope(node, ScopeKind::Class);
        self.containers.push(Container::Class {
            prefix: name,
            key,
            scope,
        });
        self.pops.push((node.id(), Pop::Container));
    }

    pub(super) fn catch_clause(&mut self, node: Node<'t>) {
        let parameter = node.child_by_field_name("parameter");
        let binding = parameter
            .filter(|p| p.kind() == "identifier")
            .map(|p| text(p, self.source).to_string());
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::Catch,
            byte: node.start_byte(),
            end_byte: node.end_byte(),
            function: self.current_function(),
            binding,
            rethrown: false,
        });
        let handler = self.out.handlers.len() - 1;
        let scope = self.open_scope(node, ScopeKind::Block);
        if let Some(parameter) = parameter {
            self.declare_pattern(scope, parameter);
        }
        if let Some(frame) = self.handler_frames.last_mut() {
            frame.push(handler);
            self.pops.push((node.id(), Pop::Handler));
        }
    }

    pub(super) fn call(&mut self, node: Node<'t>) {
        self.record_call(node);
        let Some(callee) = child(node, Field::Function) else {
            return;
        };
        let callee_path = render_path(callee, self.source);
        if let Some(arguments) = child(node, Field::Arguments) {
            self.roles
                .insert(arguments.id(), Role::Arguments(callee_path.clone()));
        }
        let method = member_parts(callee, self.source).map(|(_, property)| property);
        let arguments = call_arguments(node);
        for (position, argument) in arguments.iter().enumerate() {
            if !is_function_value(argument.kind()) {
                continue;
            }
            let role = match method {
                Some("catch") if position == 0 => self.promise_catch(callee, *argument),
                Some("use") if parameter_count(*argument) == 4 => self.error_middleware(*argument),
                Some(method) if SYNC_ARRAY_METHODS.contains(&method) => Role::ArrayCallback,
                _ => Role::Callback,
            };
            self.roles.insert(argument.id(), role);
        }
        self.check_forwarding(&callee_path, &arguments);
    }

    fn promise_catch(&mut self, callee: Node<'t>, callback: Node<'t>) -> Role {
        let property = callee.child_by_field_name("property").unwrap_or(callee);
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::PromiseCatch,
            byte: property.start_byte(),
            end_byte: callback.end_byte(),
            function: self.current_function(),
            binding: first_parameter_name(callback, self.source),
            rethrown: false,
        });
        Role::HandlerCallback(self.out.handlers.len() - 1)
    }

    /// Express calls a middleware with four parameters, `(err, req, res, next)`, only
    /// for errors, so `app.use((err, req, res, next) => ...)` is an error handler.
    fn error_middleware(&mut self, callback: Node<'t>) -> Role {
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::Callback,
            byte: callback.start_byte(),
            end_byte: callback.end_byte(),
            function: self.current_function(),
            binding: first_parameter_name(callback, self.source),
            rethrown: false,
        });
        Role::HandlerCallback(self.out.handlers.len() - 1)
    }

    /// `reject(...)` and `next(err)` with the caught error pass it on.
    fn check_forwarding(&mut self, callee: &str, arguments: &[Node<'t>]) {
        if callee == "reject" {
            self.mark_rethrown();
            return;
        }
        if !ERROR_FORWARDERS.contains(&callee) {
            return;
        }
        let Some(first) = arguments.first().filter(|a| a.kind() == "identifier") else {
            return;
        };
        let error = text(*first, self.source);
        let Some(frame) = self.handler_frames.last() else {
            return;
        };
        for &handler in frame {
            if self.out.handlers[handler].binding.as_deref() == Some(error) {
                self.out.handlers[handler].rethrown = true;
            }
        }
    }

    pub(super) fn construct(&mut self, node: Node<'t>) {
        self.record_call(node);
        let constructor = node.child_by_field_name("constructor");
        let name = constructor.map_or(String::new(), |c| render_path(c, self.source));
        if let Some(arguments) = node.child_by_field_name("arguments") {
            self.roles
                .insert(arguments.id(), Role::Arguments(format!("new {name}")));
        }
        for argument in call_arguments(node) {
            if is_function_value(argument.kind()) {
                self.roles.insert(argument.id(), Role::Callback);
            }
        }
    }

    fn record_call(&mut self, node: Node<'t>) {
        let record = CallRecord {
            node,
            scope: self.scope(),
            function: self.current_function(),
            handlers: self.active_handlers(),
            inside: self.inside(),
        };
        self.out.calls.push(record);
    }

    pub(super) fn return_statement(&mut self, node: Node<'t>) {
        let mut cursor = node.walk();
        let value = node
            .named_children(&mut cursor)
            .find(|c| c.kind() != "comment");
        if value.is_some_and(|v| is_promise_reject(v, self.source)) {
            self.mark_rethrown();
        }
    }
}

fn is_promise_reject(node: Node<'_>, source: &str) -> bool {
    let node = unwrap_expression(node);
    node.kind() == "call_expression"
        && node
            .child_by_field_name("function")
            .is_some_and(|f| render_path(f, source) == "Promise.reject")
}

fn parameter_count(function: Node<'_>) -> usize {
    let Some(parameters) = function.child_by_field_name("parameters") else {
        return usize::from(function.child_by_field_name("parameter").is_some());
    };
    let mut cursor = parameters.walk();
    parameters
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .count()
}
