//! What a name stands for: the logging module, a logger factory, a logger with bound
//! fields, or something else. Scopes follow Python's rules closely enough for loggers:
//! function locals, class bodies (seen only from the class body itself), class
//! attributes reached through `self`/`cls`, and the module.

use std::collections::HashMap;

use tree_sitter::Node;

use super::levels::{LevelSpec, constant_level, method_level};
use super::syntax::FieldChild;
use super::syntax::{Argument, StringValue, call_arguments, compact_text, keyword_argument};
use super::syntax::{
    literal_dict_keys, named_children, positional_arguments, text, unparenthesize,
};
use super::syntax::{push_unique, string_value};
use crate::lang::{FrontendOptions, Level, Library};

/// Maximum length of a call chain (`log.bind(a=1).bind(b=2)...`) that logger resolution
/// follows. Real chains have a handful of links; the bound keeps the recursion small
/// on worker threads with small stacks.
const MAX_CHAIN_DEPTH: usize = 200;

/// Receiver names that count as loggers by convention, whatever they were bound to.
const CONVENTION_NAMES: [&str; 8] = [
    "logger", "log", "LOGGER", "LOG", "_logger", "_log", "_LOGGER", "_LOG",
];

/// Attributes of `self`/`cls` that count as loggers by convention.
const CONVENTION_ATTRIBUTES: [&str; 4] = ["logger", "log", "_logger", "_log"];

/// Attribute names that make any `object.<name>` a logger (`app.logger`, `const.LOGGER`).
const LOGGER_ATTRIBUTES: [&str; 4] = ["logger", "_logger", "LOGGER", "_LOGGER"];

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
    /// Anything else. Convention names bound to it still count as loggers.
    Opaque,
}

pub type Env = HashMap<String, Binding>;

/// The attributes a class binds. `cls.x` sees only class attributes, `self.x` sees both.
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

    /// The environment that an assignment in the current scope writes to.
    pub fn current_env(&mut self) -> &mut Env {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.env,
            None => &mut self.module,
        }
    }

    /// The class whose `self`/`cls` the current code sees, if any.
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

    /// What `expr` evaluates to, as far as loggers are concerned.
    pub fn resolve(&self, expr: Node<'_>) -> Option<Binding> {
        self.resolve_at(expr, 0)
    }

    /// The logger `expr` evaluates to, if it is one.
    pub fn resolve_logger(&self, expr: Node<'_>) -> Option<LoggerInfo> {
        match self.resolve(expr)? {
            Binding::Logger(info) => Some(info),
            _ => None,
        }
    }

    fn resolve_at(&self, expr: Node<'_>, depth: usize) -> Option<Binding> {
        if depth > MAX_CHAIN_DEPTH {
            return None;
        }
        let expr = unparenthesize(expr);
        match expr.kind() {
            "identifier" => self.resolve_name(self.text(expr)),
            "attribute" => self.resolve_attribute(expr, depth),
            "call" => self.resolve_call(expr, depth).map(Binding::Logger),
            _ => None,
        }
    }

    fn resolve_name(&self, name: &str) -> Option<Binding> {
        match self.lookup(name) {
            Some(Binding::Opaque) | None => self.logger_by_name(name),
            found => found,
        }
    }

    /// A logger named in `logcov.toml` or by convention, of unknown library.
    fn logger_by_name(&self, written: &str) -> Option<Binding> {
        let known = self.options.is_extra_logger(written) || is_convention_name(written);
        known.then(|| Binding::Logger(LoggerInfo::new(Library::Unknown)))
    }

    fn resolve_attribute(&self, expr: Node<'_>, depth: usize) -> Option<Binding> {
        let object = unparenthesize(expr.field("object")?);
        let attribute = self.text(expr.field("attribute")?);
        let receiver = self.text(object);
        if object.kind() == "identifier" && (receiver == "self" || receiver == "cls") {
            let class_binding = self.current_class().and_then(|class| {
                let attributes = &self.classes[class];
                let instance = (receiver == "self")
                    .then(|| attributes.instance.get(attribute))
                    .flatten();
                instance.or_else(|| attributes.class.get(attribute))
            });
            if let Some(binding @ Binding::Logger(_)) = class_binding {
                return Some(binding.clone());
            }
            let written = compact_text(expr, self.source);
            if self.options.is_extra_logger(&written) || CONVENTION_ATTRIBUTES.contains(&attribute)
            {
                return Some(Binding::Logger(LoggerInfo::new(Library::Unknown)));
            }
            return None;
        }
        if let Some(Binding::Module(library)) = self.resolve_at(object, depth + 1)
            && let Some(member) = module_member(library, attribute)
        {
            return Some(member);
        }
        let written = compact_text(expr, self.source);
        if self.options.is_extra_logger(&written) || LOGGER_ATTRIBUTES.contains(&attribute) {
            return Some(Binding::Logger(LoggerInfo::new(Library::Unknown)));
        }
        None
    }

    /// The logger a call returns: a factory call, or a chain method on a logger.
    fn resolve_call(&self, call: Node<'_>, depth: usize) -> Option<LoggerInfo> {
        let function = unparenthesize(call.field("function")?);
        if let Some(Binding::Factory(factory)) = self.resolve_at(function, depth + 1) {
            return Some(self.factory_result(factory, call));
        }
        match function.kind() {
            "attribute" => {
                let object = function.field("object")?;
                let method = self.text(function.field("attribute")?);
                if let Some(Binding::Logger(info)) = self.resolve_at(object, depth + 1) {
                    return self.chain_result(info, method, call);
                }
                is_factory_name(method).then(|| LoggerInfo::new(Library::Unknown))
            }
            "identifier" => {
                is_factory_name(self.text(function)).then(|| LoggerInfo::new(Library::Unknown))
            }
            _ => None,
        }
    }

    fn factory_result(&self, factory: Factory, call: Node<'_>) -> LoggerInfo {
        match factory {
            Factory::GetLogger(library) => LoggerInfo::new(library),
            Factory::LoggerClass => LoggerInfo::new(Library::Logging),
            Factory::CustomLogger => LoggerInfo::new(Library::Unknown),
            Factory::Adapter | Factory::CustomAdapter => {
                let arguments = call_arguments(call);
                let extra = positional_arguments(&arguments)
                    .get(1)
                    .copied()
                    .or_else(|| keyword_argument(&arguments, "extra", self.source));
                let stdlib = factory == Factory::Adapter;
                let merges = keyword_argument(&arguments, "merge_extra", self.source)
                    .is_some_and(|value| self.text(value) == "True");
                LoggerInfo {
                    library: if stdlib {
                        Library::Logging
                    } else {
                        Library::Unknown
                    },
                    bound: extra
                        .and_then(|node| literal_dict_keys(node, self.source))
                        .unwrap_or_default(),
                    bound_in_extra: true,
                    replaces_extra: stdlib && !merges,
                }
            }
        }
    }

    /// The logger returned by `method` on a logger: `bind`/`new` add keyword fields,
    /// `unbind` removes them, `opt`/`patch`/`getChild` keep the logger as it is.
    fn chain_result(
        &self,
        mut info: LoggerInfo,
        method: &str,
        call: Node<'_>,
    ) -> Option<LoggerInfo> {
        match method {
            "bind" | "new" => {
                if method == "new" {
                    info.bound.clear();
                }
                for argument in call_arguments(call) {
                    if let Argument::Keyword(key, _) = argument {
                        push_unique(&mut info.bound, self.text(key));
                    }
                }
                Some(info)
            }
            "unbind" | "try_unbind" => {
                for argument in call_arguments(call) {
                    if let Argument::Positional(node) = argument
                        && let Some(StringValue::Plain(key)) = string_value(node, self.source)
                    {
                        info.bound.retain(|bound| *bound != key);
                    }
                }
                Some(info)
            }
            "opt" | "patch" | "getChild" | "with_fields" => Some(info),
            _ => None,
        }
    }

    /// The logger a parameter or variable annotation declares, such as `logging.Logger`,
    /// `Optional[Logger]` or `"structlog.stdlib.BoundLogger"`.
    pub fn annotation_logger(&self, annotation: Node<'_>) -> Option<LoggerInfo> {
        let written = compact_text(annotation, self.source);
        let token = written
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .find(|token| token.contains("Logger"))?;
        let library = match self.resolve_dotted(token) {
            Some(Binding::Factory(Factory::LoggerClass | Factory::Adapter)) => Library::Logging,
            Some(Binding::LoggerType(library)) => library,
            Some(Binding::Logger(info)) => info.library,
            _ => Library::Unknown,
        };
        Some(LoggerInfo::new(library))
    }

    /// Resolves a dotted path written as text, such as `structlog.stdlib.BoundLogger`.
    fn resolve_dotted(&self, path: &str) -> Option<Binding> {
        let mut segments = path.split('.');
        let mut binding = self.lookup(segments.next()?)?;
        for segment in segments {
            let Binding::Module(library) = binding else {
                return None;
            };
            binding = module_member(library, segment)?;
        }
        Some(binding)
    }

    /// Binds the names an `import` or `from ... import` statement introduces.
    pub fn bind_import(&mut self, statement: Node<'_>) {
        let source = self.source;
        let mut bound: Vec<(String, Binding)> = Vec::new();
        match statement.kind() {
            "import_statement" => {
                for name in named_children(statement) {
                    match name.kind() {
                        "dotted_name" => {
                            let path = text(name, source);
                            let root = path.split('.').next().unwrap_or(path);
                            bound.push((root.to_string(), module_binding(root)));
                        }
                        "aliased_import" => {
                            let (Some(path), Some(alias)) =
                                (name.field("name"), name.field("alias"))
                            else {
                                continue;
                            };
                            let binding = module_binding(text(path, source));
                            bound.push((text(alias, source).to_string(), binding));
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = statement.field("module_name") else {
                    return;
                };
                let library = library_of_module(text(module, source));
                let mut cursor = statement.walk();
                for name in statement.children_by_field_name("name", &mut cursor) {
                    let (original, alias) = match name.kind() {
                        "aliased_import" => {
                            let (Some(original), Some(alias)) =
                                (name.field("name"), name.field("alias"))
                            else {
                                continue;
                            };
                            (text(original, source), text(alias, source))
                        }
                        _ => (text(name, source), text(name, source)),
                    };
                    let binding = match library {
                        Some(library) => {
                            module_member(library, original).unwrap_or(Binding::Opaque)
                        }
                        None if is_convention_name(original) => {
                            Binding::Logger(LoggerInfo::new(Library::Unknown))
                        }
                        None => imported_factory(text(module, source), original),
                    };
                    bound.push((alias.to_string(), binding));
                }
            }
            _ => {}
        }
        let env = self.current_env();
        for (name, binding) in bound {
            env.insert(name, binding);
        }
    }
}

/// The binding of `import <path>` for the path's module.
fn module_binding(path: &str) -> Binding {
    match path {
        "logging" => Binding::Module(Library::Logging),
        "loguru" => Binding::Module(Library::Loguru),
        _ if path == "structlog" || path.starts_with("structlog.") => {
            Binding::Module(Library::Structlog)
        }
        _ => Binding::Opaque,
    }
}

/// The library a `from <module> import ...` statement imports from.
fn library_of_module(module: &str) -> Option<Library> {
    match module {
        "logging" => Some(Library::Logging),
        "loguru" => Some(Library::Loguru),
        _ if module == "structlog" || module.starts_with("structlog.") => Some(Library::Structlog),
        _ => None,
    }
}

/// Logger factories of other packages that return a stdlib logger.
fn imported_factory(module: &str, name: &str) -> Binding {
    match (module, name) {
        ("celery.utils.log", "get_task_logger" | "get_logger") => {
            Binding::Factory(Factory::GetLogger(Library::Logging))
        }
        _ => Binding::Opaque,
    }
}

/// Names of project helpers that return a logger: `get_logger(__name__)`.
fn is_factory_name(name: &str) -> bool {
    matches!(name, "get_logger" | "getLogger" | "get_task_logger")
}

/// What `<library module>.<name>` is.
pub fn module_member(library: Library, name: &str) -> Option<Binding> {
    let binding = match library {
        Library::Logging => match name {
            "getLogger" => Binding::Factory(Factory::GetLogger(Library::Logging)),
            "Logger" | "RootLogger" => Binding::Factory(Factory::LoggerClass),
            "LoggerAdapter" => Binding::Factory(Factory::Adapter),
            "root" => Binding::Logger(LoggerInfo::new(Library::Logging)),
            _ => {
                if let Some(level) = constant_level(name) {
                    Binding::LevelConstant(level)
                } else {
                    Binding::LevelFunction(method_level(Library::Logging, name)?)
                }
            }
        },
        Library::Structlog => match name {
            "get_logger" | "getLogger" | "wrap_logger" => {
                Binding::Factory(Factory::GetLogger(Library::Structlog))
            }
            "stdlib" | "contextvars" | "types" | "typing" => Binding::Module(Library::Structlog),
            _ if name.ends_with("Logger") => Binding::LoggerType(Library::Structlog),
            _ => return None,
        },
        Library::Loguru => match name {
            "logger" => Binding::Logger(LoggerInfo::new(Library::Loguru)),
            "Logger" => Binding::LoggerType(Library::Loguru),
            _ => return None,
        },
        _ => return None,
    };
    Some(binding)
}
