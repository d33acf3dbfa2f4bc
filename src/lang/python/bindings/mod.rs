//! Name resolution for loggers: whether a name or expression is the logging module, a
//! logger factory, a logger with bound fields, or something else.
//!
//! Scopes follow Python's rules closely enough for loggers: function locals, class
//! bodies (seen only from the class body itself), class attributes reached through
//! `self`/`cls`, and the module.

use std::collections::HashMap;

use tree_sitter::Node;

use super::levels::LevelSpec;
use super::syntax::text;
use crate::lang::{FrontendOptions, Level, Library};

mod imports;
mod resolve;

/// Receiver names that count as loggers by convention, whatever they were bound to.
const CONVENTION_NAMES: [&str; 8] = [
    "logger", "log", "LOGGER", "LOG", "_logger", "_log", "_LOGGER", "_LOG",
];

pub fn is_convention_name(name: &str) -> bool {
    CONVENTION_NAMES.contains(&name)
}

/// A logger value: its library and the fields bound on it so far.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggerInfo {
    pub library: Library,
    pub bound: Vec<String>,
    /// `true` for a `LoggerAdapter` (stdlib or a subclass): its bound fields go into the
    /// `extra` of every record, where LogRecord attribute names raise `KeyError`.
    pub bound_in_extra: bool,
    /// `true` for a stdlib `logging.LoggerAdapter` created without `merge_extra=True`
    /// (Python 3.13+): it replaces the `extra` a call passes with its own.
    pub replaces_extra: bool,
}

impl LoggerInfo {
    pub fn new(library: Library) -> Self {
        LoggerInfo {
            library,
            bound: Vec::new(),
            bound_in_extra: false,
            replaces_extra: false,
        }
    }
}

/// A callable that returns a logger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factory {
    /// `logging.getLogger`, `structlog.get_logger`, celery's `get_task_logger`.
    GetLogger(Library),
    /// `logging.Logger("name")`.
    LoggerClass,
    /// `logging.LoggerAdapter(logger, {"key": value})`.
    Adapter,
    /// A class in this file that subclasses a logger or is named like one.
    CustomLogger,
    /// A class in this file that subclasses `LoggerAdapter`.
    CustomAdapter,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Logger(LoggerInfo),
    /// The `logging`, `structlog` or `loguru` module, or one of its submodules.
    Module(Library),
    Factory(Factory),
    /// A level function imported from `logging` (`from logging import exception`).
    LevelFunction(LevelSpec),
    /// A level constant imported from `logging` (`from logging import WARNING`).
    LevelConstant(Level),
    /// A logger type that is only useful as an annotation (`structlog.stdlib.BoundLogger`).
    LoggerType(Library),
    /// A context manager that binds its keyword arguments on every logger of the library
    /// while its block runs (`structlog.contextvars.bound_contextvars`).
    ContextBinder(Library),
    /// Anything else. Convention names bound to it still count as loggers.
    Opaque,
}

pub type Env = HashMap<String, Binding>;

/// The attributes a class binds. `cls.x` reads only class attributes, `self.x` reads both.
#[derive(Debug, Default)]
pub struct ClassAttributes {
    /// Bound in the class body or through `cls.x = ...`.
    pub class: Env,
    /// Bound through `self.x = ...` in a method.
    pub instance: Env,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// A class body; `class` indexes [`Scopes::classes`].
    Class {
        class: usize,
    },
    Function,
    Lambda,
}

#[derive(Debug)]
pub struct Frame {
    pub kind: FrameKind,
    pub env: Env,
}

/// The bindings visible at one point of the walk.
pub struct Scopes<'a> {
    pub source: &'a str,
    pub options: &'a FrontendOptions,
    pub module: Env,
    pub frames: Vec<Frame>,
    /// Attributes bound in each class, indexed by [`FrameKind::Class`].
    pub classes: Vec<ClassAttributes>,
}

impl<'a> Scopes<'a> {
    pub fn new(source: &'a str, options: &'a FrontendOptions) -> Self {
        Scopes {
            source,
            options,
            module: Env::new(),
            frames: Vec::new(),
            classes: Vec::new(),
        }
    }

    pub fn text(&self, node: Node<'_>) -> &'a str {
        text(node, self.source)
    }

    /// Returns the environment that an assignment in the current scope writes to.
    pub fn current_env(&mut self) -> &mut Env {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.env,
            None => &mut self.module,
        }
    }

    /// Returns the class that `self`/`cls` refer to in the current code, if any.
    pub fn current_class(&self) -> Option<usize> {
        self.frames.iter().rev().find_map(|frame| match frame.kind {
            FrameKind::Class { class } => Some(class),
            _ => None,
        })
    }

    /// Looks `name` up the way Python does: enclosing functions, the class body only when
    /// the code sits directly in it, then the module and the defaults.
    pub fn lookup(&self, name: &str) -> Option<Binding> {
        let innermost = self.frames.len().saturating_sub(1);
        for (index, frame) in self.frames.iter().enumerate().rev() {
            if matches!(frame.kind, FrameKind::Class { .. }) && index != innermost {
                continue;
            }
            if let Some(binding) = frame.env.get(name) {
                return Some(binding.clone());
            }
        }
        if let Some(binding) = self.module.get(name) {
            return Some(binding.clone());
        }
        // Snippets and files that import the module elsewhere still mean the library.
        match name {
            "logging" => Some(Binding::Module(Library::Logging)),
            "structlog" => Some(Binding::Module(Library::Structlog)),
            _ => None,
        }
    }
}
