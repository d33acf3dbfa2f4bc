//! Imports and what they bind: the `logging`, `structlog` and `loguru` modules and their
//! members, logger factories of other packages, and convention names from elsewhere.

use tree_sitter::Node;

use super::{Binding, Factory, LoggerInfo, Scopes, is_convention_name};
use crate::lang::Library;
use crate::lang::python::levels::{constant_level, method_level};
use crate::lang::python::syntax::FieldChild;
use crate::lang::python::syntax::{named_children, text};

impl Scopes<'_> {
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

/// Returns the binding that `import <path>` gives the path's module.
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

/// Returns the library a `from <module> import ...` statement imports from.
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
pub(super) fn is_factory_name(name: &str) -> bool {
    matches!(name, "get_logger" | "getLogger" | "get_task_logger")
}

/// Resolves `<library module>.<name>`.
pub(super) fn module_member(library: Library, name: &str) -> Option<Binding> {
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
            "bound_contextvars" => Binding::ContextBinder(Library::Structlog),
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
