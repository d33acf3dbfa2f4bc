//! The values the frontend tracks, and the names and module objects of the logging
//! libraries it recognises.

use tree_sitter::Node;

use super::syntax::{member_parts, text};
use crate::lang::Library;

/// A logger and the fields already bound on it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LoggerValue {
    pub library: Library,
    pub bound: Vec<String>,
}

impl LoggerValue {
    pub fn new(library: Library) -> Self {
        LoggerValue {
            library,
            bound: Vec::new(),
        }
    }

    pub fn with_bound(mut self, keys: Vec<String>) -> Self {
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
fn is_conventional_logger_name(name: &str) -> bool {
    matches!(name, "logger" | "log" | "LOGGER")
}

/// Returns true for an imported name that is exported as a logger by its module.
pub(super) fn is_imported_logger_name(name: &str) -> bool {
    is_conventional_logger_name(name)
        || name.ends_with("Logger")
        || name.ends_with("_logger")
        || name.ends_with("_LOGGER")
}

pub(super) fn library_of_module(module: &str) -> Option<Library> {
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

/// Applies the naming convention: `logger`, `log` and `LOGGER` are loggers unless their
/// binding gives them another value.
pub(super) fn by_name(value: Value, name: &str) -> Value {
    match value {
        Value::Unknown if is_conventional_logger_name(name) => {
            Value::Logger(LoggerValue::new(Library::Unknown))
        }
        other => other,
    }
}

pub(super) fn library_or_unknown(value: &Value) -> Library {
    match value {
        Value::Module(library) | Value::Factory(library) => *library,
        _ => Library::Unknown,
    }
}

/// Returns the value of `base.property` for the library objects the frontend recognises.
pub(super) fn member_of(base: &Value, property: &str) -> Value {
    match (base, property) {
        (Value::Module(library), "default") => Value::Module(*library),
        (Value::Module(Library::Pino), "pino") => Value::Module(Library::Pino),
        (Value::Module(library @ (Library::Winston | Library::Bunyan)), "createLogger") => {
            Value::Factory(*library)
        }
        _ => Value::Unknown,
    }
}

pub(super) fn module_value(module: &str) -> Value {
    match library_of_module(module) {
        Some(library) => Value::Module(library),
        None if is_logger_module_path(module) => Value::Logger(LoggerValue::new(Library::Unknown)),
        None => Value::Unknown,
    }
}

pub(super) fn import_value(module: &str, name: Option<&str>) -> Value {
    let library = library_of_module(module);
    match (library, name) {
        (Some(library), None) => Value::Module(library),
        (Some(library), Some(name)) => match member_of(&Value::Module(library), name) {
            Value::Unknown if is_imported_logger_name(name) => {
                Value::Logger(LoggerValue::new(library))
            }
            other => other,
        },
        (None, _) if is_logger_module_path(module) => {
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
pub(super) fn is_logger_factory_call(callee: Node<'_>, source: &str) -> bool {
    let name = match member_parts(callee, source) {
        Some((_, property)) => property,
        None if callee.kind() == "identifier" => text(callee, source),
        None => return false,
    };
    matches!(name, "createLogger" | "getLogger")
}
