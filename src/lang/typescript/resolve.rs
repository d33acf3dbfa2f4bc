//! Works out whether an expression is a logger, which library it comes from and which
//! fields are bound on it, by following bindings through the scope table.

use std::cell::RefCell;

use tree_sitter::Node;

use super::scope::{BindingId, BindingSource, ScopeId, ScopeTable};
use super::syntax::{
    call_arguments, member_parts, object_keys, object_property, plain_string, text,
    unwrap_expression,
};
use crate::lang::Library;

/// Maximum number of nested evaluation steps for one expression (member links, child
/// calls, binding hops). Chains deeper than this resolve to "unknown".
const MAX_EVALUATION_DEPTH: usize = 48;

/// A logger and the fields already bound on it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LoggerValue {
    pub library: Library,
    pub bound: Vec<String>,
}

impl LoggerValue {
    fn new(library: Library) -> Self {
        LoggerValue {
            library,
            bound: Vec::new(),
        }
    }

    fn with_bound(mut self, keys: Vec<String>) -> Self {
        for key in keys {
            if !self.bound.contains(&key) {
                self.bound.push(key);
            }
        }
        self
    }
}

/// The value of an expression, as far as the frontend can tell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Logger(LoggerValue),
    /// The module object of a logging library (`import pino from 'pino'`,
    /// `import * as winston from 'winston'`).
    Module(Library),
    /// A function that returns a new logger (`winston.createLogger`).
    Factory(Library),
    /// A value that is certainly not a logger: a literal, an array, a primitive-typed
    /// parameter.
    NotLogger,
    Unknown,
}

/// Returns true for the receiver names that are loggers unless bound to something else.
pub(super) fn is_conventional_logger_name(name: &str) -> bool {
    matches!(name, "logger" | "log" | "LOGGER")
}

/// Returns true for an imported name that is exported as a logger by its module.
fn is_imported_logger_name(name: &str) -> bool {
    is_conventional_logger_name(name)
        || name.ends_with("Logger")
        || name.ends_with("_logger")
        || name.ends_with("_LOGGER")
}

fn library_of_module(module: &str) -> Option<Library> {
    match module {
        "pino" => Some(Library::Pino),
        "winston" => Some(Library::Winston),
        "bunyan" => Some(Library::Bunyan),
        _ => None,
    }
}

/// Returns true for a module path whose last segment names a logging module, such as
/// `./log`, `../lib/logger` or `@app/logging`.
fn is_logger_module_path(module: &str) -> bool {
    let last = module.rsplit('/').next().unwrap_or(module);
    let stem = last.split('.').next().unwrap_or(last);
    matches!(stem, "log" | "logger" | "logging" | "loggers")
}

/// Resolves values with a cache per binding, so each binding is evaluated once.
pub(super) struct Resolver<'a, 't> {
    table: &'a ScopeTable<'t>,
    source: &'t str,
    cache: RefCell<Vec<Option<Value>>>,
}

impl<'a, 't> Resolver<'a, 't> {
    pub fn new(table: &'a ScopeTable<'t>, source: &'t str) -> Self {
        Resolver {
            table,
            source,
            cache: RefCell::new(vec![None; table.binding_count()]),
        }
    }

    /// Returns the logger an expression used as a call receiver resolves to.
    pub fn receiver(&self, scope: ScopeId, node: Node<'t>) -> Option<LoggerValue> {
        match self.value(scope, node, 0) {
            Value::Logger(logger) => Some(logger),
            // `winston.info(...)` logs through winston's default logger.
            Value::Module(Library::Winston) => Some(LoggerValue::new(Library::Winston)),
            _ => None,
        }
    }

    fn value(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        if depth > MAX_EVALUATION_DEPTH {
            return Value::Unknown;
        }
        let node = unwrap_expression(node);
        match node.kind() {
            "identifier" => self.identifier(scope, text(node, self.source), depth),
            "member_expression" => self.member(scope, node, depth),
            "call_expression" => self.call(scope, node, depth),
            "new_expression" => self.construct(scope, node, depth),
            "binary_expression" => self.fallback(scope, node, depth),
            "string" | "template_string" | "number" | "true" | "false" | "null" | "undefined"
            | "array" | "regex" | "object" => Value::NotLogger,
            _ => Value::Unknown,
        }
    }

    fn identifier(&self, scope: ScopeId, name: &str, depth: usize) -> Value {
        let value = match self.table.lookup(scope, name) {
            Some(binding) => self.binding(binding, depth),
            None => match name {
                "console" => Value::Logger(LoggerValue::new(Library::Console)),
                "pino" => Value::Module(Library::Pino),
                "winston" => Value::Module(Library::Winston),
                "bunyan" => Value::Module(Library::Bunyan),
                _ => Value::Unknown,
            },
        };
        by_name(value, name)
    }

    fn member(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        let Some((object, property)) = member_parts(node, self.source) else {
            return Value::Unknown;
        };
        let value = if unwrap_expression(object).kind() == "this" {
            match self.table.lookup_member(scope, property) {
                Some(binding) => self.binding(binding, depth),
                None => Value::Unknown,
            }
        } else {
            let base = self.value(scope, object, depth + 1);
            member_of(&base, property)
        };
        match value {
            Value::Unknown if matches!(property, "logger" | "log") => {
                Value::Logger(LoggerValue::new(Library::Unknown))
            }
            other => other,
        }
    }

    fn call(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        let Some(callee) = node.child_by_field_name("function") else {
            return Value::Unknown;
        };
        let callee = unwrap_expression(callee);
        let arguments = call_arguments(node);
        let first_object = arguments
            .first()
            .map(|a| unwrap_expression(*a))
            .filter(|a| a.kind() == "object");

        if let Some((object, "child")) = member_parts(callee, self.source)
            && let Value::Logger(parent) = self.value(scope, object, depth + 1)
        {
            let keys = first_object.map_or(Vec::new(), |o| object_keys(o, self.source));
            return Value::Logger(parent.with_bound(keys));
        }

        if callee.kind() == "identifier"
            && text(callee, self.source) == "require"
            && self.table.lookup(scope, "require").is_none()
        {
            return arguments
                .first()
                .and_then(|a| plain_string(*a, self.source))
                .map_or(Value::Unknown, |module| module_value(&module));
        }

        match self.value(scope, callee, depth + 1) {
            Value::Module(Library::Pino) | Value::Factory(Library::Pino) => {
                let base = first_object
                    .and_then(|o| object_property(o, "base", self.source))
                    .filter(|b| b.kind() == "object");
                let keys = base.map_or(Vec::new(), |b| object_keys(b, self.source));
                Value::Logger(LoggerValue::new(Library::Pino).with_bound(keys))
            }
            Value::Factory(library) => {
                let keys = first_object.map_or(Vec::new(), |o| self.option_fields(library, o));
                Value::Logger(LoggerValue::new(library).with_bound(keys))
            }
            _ if is_logger_factory_call(callee, self.source) => {
                Value::Logger(LoggerValue::new(Library::Unknown))
            }
            _ => Value::Unknown,
        }
    }

    /// `new winston.Logger(options)` (winston 2) builds a logger; `new Logger(...)` of
    /// an unknown class does not count on its own.
    fn construct(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        let Some(constructor) = node.child_by_field_name("constructor") else {
            return Value::Unknown;
        };
        if let Some((object, "Logger")) = member_parts(constructor, self.source)
            && self.value(scope, object, depth + 1) == Value::Module(Library::Winston)
        {
            return Value::Logger(LoggerValue::new(Library::Winston));
        }
        Value::Unknown
    }

    /// `a ?? b` and `a || b`: the left side when it is a logger, else the right side.
    fn fallback(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        let operator = node.child_by_field_name("operator");
        if !operator.is_some_and(|o| matches!(text(o, self.source), "??" | "||")) {
            return Value::Unknown;
        }
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return Value::Unknown;
        };
        match self.value(scope, left, depth + 1) {
            Value::Logger(logger) => Value::Logger(logger),
            _ => self.value(scope, right, depth + 1),
        }
    }

    /// Fields a factory's options bind on every record: winston's `defaultMeta` keys,
    /// and bunyan's extra option keys (bunyan adds unknown options to each record).
    fn option_fields(&self, library: Library, options: Node<'t>) -> Vec<String> {
        match library {
            Library::Winston => object_property(options, "defaultMeta", self.source)
                .filter(|m| m.kind() == "object")
                .map_or(Vec::new(), |m| object_keys(m, self.source)),
            Library::Bunyan => object_keys(options, self.source)
                .into_iter()
                .filter(|k| {
                    !matches!(
                        k.as_str(),
                        "name" | "level" | "stream" | "streams" | "serializers" | "src"
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn binding(&self, id: BindingId, depth: usize) -> Value {
        if let Some(value) = &self.cache.borrow()[id] {
            return value.clone();
        }
        // Mark the binding as in progress so that a cycle (`const log = log.child()`)
        // ends as unknown instead of looping.
        self.cache.borrow_mut()[id] = Some(Value::Unknown);
        let binding = self.table.binding(id);
        let value = match &binding.source {
            BindingSource::Expression(node) => self.value(binding.scope, *node, depth + 1),
            BindingSource::Destructured { key, value } => {
                let base = self.value(binding.scope, *value, depth + 1);
                match member_of(&base, key) {
                    Value::Unknown if is_imported_logger_name(key) => {
                        Value::Logger(LoggerValue::new(library_or_unknown(&base)))
                    }
                    other => other,
                }
            }
            BindingSource::Import { module, name } => import_value(module, name.as_deref()),
            BindingSource::Typed {
                annotation,
                default,
            } => {
                let typed = annotation.map_or(Value::Unknown, |a| {
                    self.type_value(binding.scope, a, depth + 1)
                });
                match (typed, default) {
                    (Value::Unknown, Some(default)) => {
                        self.value(binding.scope, *default, depth + 1)
                    }
                    (typed, _) => typed,
                }
            }
            BindingSource::Opaque => Value::Unknown,
        };
        self.cache.borrow_mut()[id] = Some(value.clone());
        value
    }

    /// Evaluates a type annotation: `pino.Logger`, `Logger` imported from winston and
    /// any type named `...Logger` are loggers; primitive and array types are not.
    fn type_value(&self, scope: ScopeId, node: Node<'t>, depth: usize) -> Value {
        if depth > MAX_EVALUATION_DEPTH {
            return Value::Unknown;
        }
        match node.kind() {
            "type_annotation" => node
                .named_child(0)
                .map_or(Value::Unknown, |t| self.type_value(scope, t, depth + 1)),
            "generic_type" => node
                .child_by_field_name("name")
                .map_or(Value::Unknown, |t| self.type_value(scope, t, depth + 1)),
            "predefined_type" | "array_type" | "tuple_type" | "literal_type" => Value::NotLogger,
            "type_identifier" => {
                let name = text(node, self.source);
                let library = self.table.lookup(scope, name).and_then(|b| {
                    match &self.table.binding(b).source {
                        BindingSource::Import { module, .. } => library_of_module(module),
                        _ => None,
                    }
                });
                match library {
                    Some(library) => Value::Logger(LoggerValue::new(library)),
                    None if name.ends_with("Logger") => {
                        Value::Logger(LoggerValue::new(Library::Unknown))
                    }
                    None => Value::Unknown,
                }
            }
            "nested_type_identifier" => {
                let name = node
                    .child_by_field_name("name")
                    .map_or("", |n| text(n, self.source));
                if !name.ends_with("Logger") {
                    return Value::Unknown;
                }
                let module = node.child_by_field_name("module");
                let library = match module.map(|m| self.value(scope, m, depth + 1)) {
                    Some(Value::Module(library)) => library,
                    _ => Library::Unknown,
                };
                Value::Logger(LoggerValue::new(library))
            }
            _ => Value::Unknown,
        }
    }
}

/// Applies the naming convention: `logger`, `log` and `LOGGER` are loggers unless their
/// binding gives them another value.
fn by_name(value: Value, name: &str) -> Value {
    match value {
        Value::Unknown if is_conventional_logger_name(name) => {
            Value::Logger(LoggerValue::new(Library::Unknown))
        }
        other => other,
    }
}

fn library_or_unknown(value: &Value) -> Library {
    match value {
        Value::Module(library) | Value::Factory(library) => *library,
        _ => Library::Unknown,
    }
}

/// Returns the value of `base.property` for the library objects the frontend recognises.
fn member_of(base: &Value, property: &str) -> Value {
    match (base, property) {
        (Value::Module(library), "default") => Value::Module(*library),
        (Value::Module(Library::Pino), "pino") => Value::Module(Library::Pino),
        (Value::Module(library @ (Library::Winston | Library::Bunyan)), "createLogger") => {
            Value::Factory(*library)
        }
        _ => Value::Unknown,
    }
}

fn module_value(module: &str) -> Value {
    match library_of_module(module) {
        Some(library) => Value::Module(library),
        None if is_logger_module_path(module) => Value::Logger(LoggerValue::new(Library::Unknown)),
        None => Value::Unknown,
    }
}

fn import_value(module: &str, name: Option<&str>) -> Value {
    let library = library_of_module(module);
    match (library, name) {
        (Some(library), None) => Value::Module(library),
        (Some(library), Some(name)) => match member_of(&Value::Module(library), name) {
            Value::Unknown if is_imported_logger_name(name) => {
                Value::Logger(LoggerValue::new(library))
            }
            other => other,
        },
        (None, None) if is_logger_module_path(module) => {
            Value::Logger(LoggerValue::new(Library::Unknown))
        }
        (None, Some(name)) if is_imported_logger_name(name) => {
            Value::Logger(LoggerValue::new(Library::Unknown))
        }
        _ => Value::Unknown,
    }
}

/// Returns true for a call to a function named `createLogger` or `getLogger` that is not
/// one of the known libraries' factories.
fn is_logger_factory_call(callee: Node<'_>, source: &str) -> bool {
    let name = match member_parts(callee, source) {
        Some((_, property)) => property,
        None if callee.kind() == "identifier" => text(callee, source),
        None => return false,
    };
    matches!(name, "createLogger" | "getLogger")
}
