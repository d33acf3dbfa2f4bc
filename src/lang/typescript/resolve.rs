//! Works out whether an expression is a logger, which library it comes from and which
//! fields are bound on it, by following bindings through the scope table.

use std::cell::RefCell;

use tree_sitter::Node;

use super::scope::{BindingId, BindingSource, ScopeId, ScopeTable};
use super::syntax::{
    call_arguments, member_parts, object_keys, object_property, plain_string, text,
    unwrap_expression,
};
use super::values::{
    LoggerValue, Value, by_name, import_value, is_imported_logger_name, is_logger_factory_call,
    library_of_module, library_or_unknown, member_of, module_value,
};
use crate::lang::Library;

/// Maximum number of nested evaluation steps for one expression (member links, child
/// calls, binding hops). Chains deeper than this resolve to "unknown".
const MAX_EVALUATION_DEPTH: usize = 48;

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
