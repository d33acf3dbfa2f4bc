//! Resolving expressions: names, attributes, factory calls, chains such as
//! `log.bind(a=1).opt()`, annotations and context managers that bind fields.

use tree_sitter::Node;

use super::imports::{is_factory_name, module_member};
use super::{Binding, Factory, LoggerInfo, Scopes, is_convention_name};
use crate::lang::Library;
use crate::lang::python::syntax::FieldChild;
use crate::lang::python::syntax::{
    Argument, StringValue, call_arguments, compact_text, keyword_argument, literal_dict_keys,
    positional_arguments, push_unique, string_value, unparenthesize,
};

/// Maximum length of a call chain (`log.bind(a=1).bind(b=2)...`) that logger resolution
/// follows. Real chains have a handful of links; the bound keeps the recursion small
/// on worker threads with small stacks.
const MAX_CHAIN_DEPTH: usize = 200;

/// Attributes of `self`/`cls` that count as loggers by convention.
const CONVENTION_ATTRIBUTES: [&str; 4] = ["logger", "log", "_logger", "_log"];

/// Attribute names that make any `object.<name>` a logger (`app.logger`, `const.LOGGER`).
const LOGGER_ATTRIBUTES: [&str; 4] = ["logger", "_logger", "LOGGER", "_LOGGER"];

impl Scopes<'_> {
    /// Resolves what `expr` evaluates to, as far as loggers are concerned.
    pub fn resolve(&self, expr: Node<'_>) -> Option<Binding> {
        self.resolve_at(expr, 0)
    }

    /// Resolves the logger `expr` evaluates to, if it is one.
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

    /// Returns a logger of unknown library when `written` is named in `logcov.toml` or is
    /// a convention name.
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

    /// The logger a call returns: a factory call, or a chain method on a logger. The
    /// callee's object is resolved once, so a chain costs one step per link.
    fn resolve_call(&self, call: Node<'_>, depth: usize) -> Option<LoggerInfo> {
        let function = unparenthesize(call.field("function")?);
        match function.kind() {
            "attribute" => {
                let object = function.field("object")?;
                let method = self.text(function.field("attribute")?);
                match self.resolve_at(object, depth + 1) {
                    Some(Binding::Module(library)) => {
                        if let Some(Binding::Factory(factory)) = module_member(library, method) {
                            return Some(self.factory_result(factory, call));
                        }
                    }
                    Some(Binding::Logger(info)) => return self.chain_result(info, method, call),
                    _ => {}
                }
                is_factory_name(method).then(|| LoggerInfo::new(Library::Unknown))
            }
            "identifier" => {
                let name = self.text(function);
                if let Some(Binding::Factory(factory)) = self.lookup(name) {
                    return Some(self.factory_result(factory, call));
                }
                is_factory_name(name).then(|| LoggerInfo::new(Library::Unknown))
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

    /// Computes the logger returned by `method` on a logger. `bind`/`new` add keyword
    /// fields, `unbind` removes them, and `opt`/`patch`/`getChild` keep the logger as it is.
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

    /// Reads the library and field names that a `with` item binds for the duration of
    /// its block: loguru's `logger.contextualize(k=v)` or structlog's
    /// `bound_contextvars(k=v)`.
    pub fn context_fields(&self, item: Node<'_>) -> Option<(Library, Vec<String>)> {
        let call = unparenthesize(item);
        if call.kind() != "call" {
            return None;
        }
        let function = unparenthesize(call.field("function")?);
        let library = match self.resolve(function) {
            Some(Binding::ContextBinder(library)) => library,
            _ if function.kind() == "attribute" => {
                let method = self.text(function.field("attribute")?);
                let object = function.field("object")?;
                let info = self.resolve_logger(object)?;
                if method != "contextualize" || info.library != Library::Loguru {
                    return None;
                }
                Library::Loguru
            }
            _ => return None,
        };
        let mut fields = Vec::new();
        for argument in call_arguments(call) {
            if let Argument::Keyword(key, _) = argument {
                push_unique(&mut fields, self.text(key));
            }
        }
        Some((library, fields))
    }

    /// Reads the logger type a parameter or variable annotation declares, such as `logging.Logger`,
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
}
