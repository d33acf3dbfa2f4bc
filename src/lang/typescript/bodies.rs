//! Functions, classes, error handlers and calls as the walker enters them.

use tree_sitter::Node;

use super::scope::{BindingSource, ScopeKind};
use super::syntax::{
    Field, call_arguments, child, first_parameter_name, is_function_value, member_parts,
    namespaced, plain_string, property_key, render_path, text,
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
                // A named callback passed to a call (`catchAsync(async () => ..)`) still
                // runs inside that call, so it keeps the enclosing callees.
                let is_argument = node.parent().is_some_and(|p| p.kind() == "arguments");
                if !is_argument {
                    self.inside_frames.push(Vec::new());
                    self.pops.push((id, Pop::InsideFrame));
                }
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
    }

    fn function_name(&mut self, node: Node<'t>, role: &Option<Role>) -> Option<FunctionName> {
        match node.kind() {
            "function_declaration" | "generator_function_declaration" => {
                let mut name = text(node.child_by_field_name("name")?, self.source).to_string();
                let scope = self.scope();
                self.declare(scope, &name, BindingSource::Opaque);
                let mut key = self.at_module_level().then(|| name.clone());
                if let Some(namespace) = namespaced(node, self.source) {
                    name = format!("{}.{name}", namespace.prefix);
                    key = namespace.exported_inside.then_some(namespace.outermost);
                }
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
                Some(Role::Callback { name: Some(name) }) => Some(FunctionName {
                    name: name.clone(),
                    key: None,
                    name_byte: node.start_byte(),
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
                let key = key.clone().filter(|_| !is_private_member(node, &method));
                (prefix.clone(), key, constructor)
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
                match namespaced(node, self.source) {
                    Some(namespace) => (
                        Some(format!("{}.{name}", namespace.prefix)),
                        namespace.exported_inside.then_some(namespace.outermost),
                    ),
                    None => {
                        let key = self.at_module_level().then(|| name.clone());
                        (Some(name), key)
                    }
                }
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
            body: node.child_by_field_name("body"),
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
                Some("use") if parameter_count(*argument) == 4 => self.error_callback(*argument),
                _ if position > 0 && is_error_event(&callee_path, &arguments, self.source) => {
                    self.error_callback(*argument)
                }
                Some(method) if SYNC_ARRAY_METHODS.contains(&method) => Role::ArrayCallback,
                // The variable that a wrapper call initialises already named the callback.
                _ if matches!(self.roles.get(&argument.id()), Some(Role::Named { .. })) => {
                    continue;
                }
                _ => Role::Callback {
                    name: self
                        .functions
                        .is_empty()
                        .then(|| callback_name(&callee_path, &arguments, self.source)),
                },
            };
            self.roles.insert(argument.id(), role);
        }
        if method == Some("catch")
            && let Some(reference) = arguments.first()
        {
            self.catch_reference(callee, *reference);
        }
    }

    /// `.catch(console.error)` and `.catch(logger.warn)` pass a log method as the
    /// handler. The reference is recorded like a call, for [`super::calls`] to turn into
    /// a log call of that handler when the receiver is a logger.
    fn catch_reference(&mut self, callee: Node<'t>, reference: Node<'t>) {
        let is_level_method = member_parts(reference, self.source)
            .is_some_and(|(_, method)| super::calls::method_level(method).is_some());
        if !is_level_method {
            return;
        }
        let property = callee.child_by_field_name("property").unwrap_or(callee);
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::PromiseCatch,
            byte: property.start_byte(),
            end_byte: reference.end_byte(),
            function: self.current_function(),
            binding: None,
            body: None,
        });
        let handler = self.out.handlers.len() - 1;
        self.out.calls.push(CallRecord {
            node: reference,
            scope: self.scope(),
            function: self.current_function(),
            handlers: vec![handler],
            inside: self.inside(),
        });
    }

    fn promise_catch(&mut self, callee: Node<'t>, callback: Node<'t>) -> Role {
        let property = callee.child_by_field_name("property").unwrap_or(callee);
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::PromiseCatch,
            byte: property.start_byte(),
            end_byte: callback.end_byte(),
            function: self.current_function(),
            binding: first_parameter_name(callback, self.source),
            body: callback.child_by_field_name("body"),
        });
        Role::HandlerCallback(self.out.handlers.len() - 1)
    }

    /// Records an inline callback that only runs for errors: Express error middleware,
    /// which has four parameters (`app.use((err, req, res, next) => ...)`), or a listener
    /// for uncaught errors (`process.on('uncaughtException', ...)`).
    fn error_callback(&mut self, callback: Node<'t>) -> Role {
        self.out.handlers.push(HandlerRecord {
            kind: HandlerKind::Callback,
            byte: callback.start_byte(),
            end_byte: callback.end_byte(),
            function: self.current_function(),
            binding: first_parameter_name(callback, self.source),
            body: callback.child_by_field_name("body"),
        });
        Role::HandlerCallback(self.out.handlers.len() - 1)
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
                self.roles
                    .insert(argument.id(), Role::Callback { name: None });
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
}

/// Returns whether a class member is private: a `#name` or a `private` member, which
/// code outside the class cannot call.
pub(super) fn is_private_member(member: Node<'_>, name: &str) -> bool {
    if name.starts_with('#') {
        return true;
    }
    let mut cursor = member.walk();
    member.children(&mut cursor).any(|c| {
        c.kind() == "accessibility_modifier" && c.child(0).is_some_and(|k| k.kind() == "private")
    })
}

/// Node.js process events and browser window events that report uncaught errors.
const PROCESS_ERROR_EVENTS: [&str; 2] = ["uncaughtException", "unhandledRejection"];
const WINDOW_ERROR_EVENTS: [&str; 2] = ["error", "unhandledrejection"];

/// Returns whether the call registers a listener for uncaught errors:
/// `process.on('uncaughtException', ..)` or `window.addEventListener('error', ..)`.
fn is_error_event(callee: &str, arguments: &[Node<'_>], source: &str) -> bool {
    let Some(event) = arguments
        .first()
        .and_then(|first| plain_string(*first, source))
    else {
        return false;
    };
    match callee {
        "process.on" | "process.once" | "process.addListener" => {
            PROCESS_ERROR_EVENTS.contains(&event.as_str())
        }
        "window.addEventListener"
        | "self.addEventListener"
        | "globalThis.addEventListener"
        | "addEventListener" => WINDOW_ERROR_EVENTS.contains(&event.as_str()),
        _ => false,
    }
}

/// Names a callback outside every named function after the call it is passed to:
/// `router.post('/users')` when the first argument is a string literal, else
/// `app.use(callback)`.
fn callback_name(callee: &str, arguments: &[Node<'_>], source: &str) -> String {
    match arguments
        .first()
        .and_then(|first| plain_string(*first, source))
    {
        Some(literal) => format!("{callee}('{literal}')"),
        None => format!("{callee}(callback)"),
    }
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
