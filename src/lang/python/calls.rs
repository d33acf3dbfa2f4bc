//! Recognises logging calls and reads their level, message and fields, along with the
//! mistakes that make a call log nothing or log less than it seems to.

use tree_sitter::Node;

use super::bindings::{Binding, LoggerInfo, Scopes};
use super::levels::{LevelSpec, method_level, named_level, numeric_level};
use super::syntax::FieldChild;
use super::syntax::{
    Argument, StringValue, call_arguments, compact_text, literal_dict_keys, positional_arguments,
    push_unique, string_value, unparenthesize,
};
use crate::lang::{Level, Library, Severity};

/// Attributes that `logging.LogRecord.__init__` sets, plus `message` and `asctime`, which
/// `Logger.makeRecord` rejects by name. An `extra` key among them raises `KeyError`.
const RESERVED_RECORD_KEYS: [&str; 23] = [
    "name",
    "msg",
    "args",
    "levelname",
    "levelno",
    "pathname",
    "filename",
    "module",
    "exc_info",
    "exc_text",
    "stack_info",
    "lineno",
    "funcName",
    "created",
    "msecs",
    "relativeCreated",
    "thread",
    "threadName",
    "processName",
    "process",
    "message",
    "asctime",
    "taskName",
];

/// Keyword arguments that configure the call instead of adding a field.
const CONTROL_KEYWORDS: [&str; 3] = ["exc_info", "stack_info", "stacklevel"];

/// A diagnostic found at a log call, reported at the call's position.
#[derive(Debug, Clone, PartialEq)]
pub struct CallDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// A call recognised as logging.
#[derive(Debug, Clone, PartialEq)]
pub struct LogCallInfo {
    pub level: Level,
    pub logger: String,
    pub library: Library,
    pub message: Option<String>,
    pub fields: Vec<String>,
    pub bound: Vec<String>,
    pub emits: bool,
    pub diagnostics: Vec<CallDiagnostic>,
}

/// The logger and method a call goes through.
struct Target {
    logger: String,
    method: String,
    info: LoggerInfo,
    level: LevelSpec,
}

/// Method names that log on some supported library; any other method is not a log call,
/// whatever its receiver.
fn is_level_method(name: &str) -> bool {
    [
        Library::Logging,
        Library::Structlog,
        Library::Loguru,
        Library::Unknown,
    ]
    .into_iter()
    .any(|library| method_level(library, name).is_some())
}

fn target(scopes: &Scopes<'_>, call: Node<'_>) -> Option<Target> {
    let function = unparenthesize(call.field("function")?);
    match function.kind() {
        "attribute" => {
            let object = function.field("object")?;
            let method = scopes.text(function.field("attribute")?);
            if !is_level_method(method) {
                return None;
            }
            let info = match scopes.resolve(object)? {
                Binding::Module(Library::Logging) => LoggerInfo::new(Library::Logging),
                Binding::Logger(info) => info,
                _ => return None,
            };
            let level = method_level(info.library, method)?;
            Some(Target {
                logger: compact_text(object, scopes.source),
                method: method.to_string(),
                info,
                level,
            })
        }
        "identifier" => {
            let name = scopes.text(function);
            let Some(Binding::LevelFunction(level)) = scopes.lookup(name) else {
                return None;
            };
            Some(Target {
                logger: name.to_string(),
                method: name.to_string(),
                info: LoggerInfo::new(Library::Logging),
                level,
            })
        }
        _ => None,
    }
}

/// Reads `call` as a log call; `None` when it is not one. `in_handler` tells whether an
/// exception is being handled where the call runs (an except block or a registered
/// error-handler callback).
pub fn classify(scopes: &Scopes<'_>, call: Node<'_>, in_handler: bool) -> Option<LogCallInfo> {
    let target = target(scopes, call)?;
    let library = target.info.library;
    let arguments = call_arguments(call);
    let positional = positional_arguments(&arguments);
    let mut diagnostics = Vec::new();

    let (mut level, message_index) = match target.level {
        LevelSpec::Fixed(level) => (level, 0),
        LevelSpec::FromArgument => {
            let level = positional
                .first()
                .and_then(|node| argument_level(scopes, *node));
            // NOTE: a level held in a variable is unknown here; such calls count as info.
            (level.unwrap_or(Level::Info), 1)
        }
    };
    let mut message_node = positional.get(message_index).copied();

    let mut fields = Vec::new();
    let mut extra_keys = Vec::new();
    let mut unexpected_keywords = Vec::new();
    let mut event_clash = false;
    let mut exc_info = None;
    for argument in &arguments {
        let Argument::Keyword(name, value) = *argument else {
            continue;
        };
        let key = scopes.text(name);
        if key == "exc_info" {
            exc_info = Some(value);
        }
        if CONTROL_KEYWORDS.contains(&key) {
            continue;
        }
        if key == "extra" {
            if matches!(library, Library::Logging | Library::Unknown) {
                for extra_key in literal_dict_keys(value, scopes.source).unwrap_or_default() {
                    push_unique(&mut extra_keys, &extra_key);
                    push_unique(&mut fields, &extra_key);
                }
            }
            continue;
        }
        let stdlib_like = matches!(library, Library::Logging | Library::Unknown);
        if stdlib_like
            && (key == "msg" || (key == "level" && target.level == LevelSpec::FromArgument))
        {
            // `msg` and `level` are ordinary parameters of the stdlib methods.
            if key == "msg" && message_node.is_none() {
                message_node = Some(value);
            }
            if key == "level" {
                level = argument_level(scopes, value).unwrap_or(level);
            }
            continue;
        }
        match library {
            // NOTE: assumes the stdlib Logger class; `logging.setLoggerClass` with a
            // class that accepts more keywords is not seen.
            Library::Logging => unexpected_keywords.push(key.to_string()),
            Library::Structlog if key == "event" => {
                if positional.is_empty() {
                    message_node = Some(value);
                } else {
                    event_clash = true;
                    push_unique(&mut fields, key);
                }
            }
            _ => push_unique(&mut fields, key),
        }
    }

    let mut interpolated = false;
    let message = match message_node.and_then(|node| string_value(node, scopes.source)) {
        Some(StringValue::Plain(text)) => Some(text),
        Some(StringValue::Interpolated) => {
            interpolated = true;
            None
        }
        None => None,
    };

    let mut emits = true;
    let mut reserved: Vec<&str> = extra_keys
        .iter()
        .filter_map(|key| reserved_key(key))
        .collect();
    if target.info.bound_in_extra {
        reserved.extend(target.info.bound.iter().filter_map(|key| reserved_key(key)));
    }
    if !reserved.is_empty() {
        emits = false;
        diagnostics.push(reserved_key_diagnostic(&reserved));
    }
    if event_clash {
        emits = false;
        diagnostics.push(CallDiagnostic {
            code: "structlog-reserved-event",
            severity: Severity::Error,
            message: "keyword argument `event` clashes with the positional event name; \
                      structlog raises TypeError and the call logs nothing; rename the key"
                .to_string(),
        });
    }
    if !unexpected_keywords.is_empty() {
        emits = false;
        diagnostics.push(unexpected_keyword_diagnostic(
            &target.method,
            &unexpected_keywords,
        ));
    }
    if target.info.replaces_extra && !extra_keys.is_empty() {
        diagnostics.push(CallDiagnostic {
            code: "adapter-extra-replaced",
            severity: Severity::Warning,
            message: format!(
                "logging.LoggerAdapter replaces the call's extra with its own, so {} \
                 never reach the record; bind them on the adapter or create it with \
                 merge_extra=True (Python 3.13+)",
                extra_keys.join(", ")
            ),
        });
    }
    if !in_handler
        && let Some(message) = exception_outside_handler(scopes, &target.method, exc_info)
    {
        diagnostics.push(CallDiagnostic {
            code: "exception-outside-handler",
            severity: Severity::Warning,
            message,
        });
    }
    if interpolated && fields.is_empty() {
        diagnostics.push(interpolated_message_diagnostic(library));
    }

    Some(LogCallInfo {
        level,
        logger: target.logger,
        library,
        message,
        fields,
        bound: target.info.bound,
        emits,
        diagnostics,
    })
}

/// The level that the first argument of `log(level, ...)` names.
fn argument_level(scopes: &Scopes<'_>, node: Node<'_>) -> Option<Level> {
    let node = unparenthesize(node);
    match node.kind() {
        "attribute" => {
            let object = node.field("object")?;
            let attribute = node.field("attribute")?;
            if scopes.resolve(object)? != Binding::Module(Library::Logging) {
                return None;
            }
            super::levels::constant_level(scopes.text(attribute))
        }
        "identifier" => match scopes.lookup(scopes.text(node))? {
            Binding::LevelConstant(level) => Some(level),
            _ => None,
        },
        "integer" => scopes.text(node).parse::<i64>().ok().map(numeric_level),
        "string" => match string_value(node, scopes.source)? {
            StringValue::Plain(name) => named_level(&name),
            StringValue::Interpolated => None,
        },
        _ => None,
    }
}

fn reserved_key(key: &str) -> Option<&'static str> {
    RESERVED_RECORD_KEYS
        .iter()
        .copied()
        .find(|reserved| *reserved == key)
}

fn reserved_key_diagnostic(keys: &[&str]) -> CallDiagnostic {
    let noun = if keys.len() == 1 { "key" } else { "keys" };
    let mut message = format!(
        "reserved LogRecord {noun} in extra: {}; logging raises KeyError and the call logs \
         nothing; rename the {noun}",
        keys.join(", ")
    );
    if keys.contains(&"taskName") {
        message.push_str(" (taskName clashes on Python >= 3.12 only)");
    }
    CallDiagnostic {
        code: "reserved-log-record-key",
        severity: Severity::Error,
        message,
    }
}

fn unexpected_keyword_diagnostic(method: &str, keywords: &[String]) -> CallDiagnostic {
    let written: Vec<String> = keywords.iter().map(|key| format!("{key}=")).collect();
    CallDiagnostic {
        code: "logging-unexpected-keyword",
        severity: Severity::Error,
        message: format!(
            "logging's {method}() accepts only exc_info, stack_info, stacklevel and extra as \
             keyword arguments; {} raises TypeError and the call logs nothing; pass the \
             values in extra={{...}}",
            written.join(", ")
        ),
    }
}

/// The warning for `.exception()`, or `exc_info=True`, where no exception is active.
fn exception_outside_handler(
    scopes: &Scopes<'_>,
    method: &str,
    exc_info: Option<Node<'_>>,
) -> Option<String> {
    let exc_info_flag = exc_info.map(|value| scopes.text(value));
    let is_exception_method = matches!(method, "exception" | "aexception");
    match exc_info_flag {
        None if is_exception_method => Some(
            ".exception() outside an except block has no active exception, so it logs \
             \"NoneType: None\" instead of a traceback; call it inside the except block or \
             pass exc_info=err"
                .to_string(),
        ),
        Some("True" | "1") => Some(
            "exc_info=True outside an except block has no active exception, so it logs \
             \"NoneType: None\" instead of a traceback; pass the exception itself \
             (exc_info=err)"
                .to_string(),
        ),
        _ => None,
    }
}

fn interpolated_message_diagnostic(library: Library) -> CallDiagnostic {
    let how = match library {
        Library::Structlog | Library::Loguru => "keyword arguments",
        _ => "extra={...}",
    };
    CallDiagnostic {
        code: "interpolated-message",
        severity: Severity::Warning,
        message: format!(
            "f-string message without structured fields: the values are only in the text; \
             pass them as {how} so they stay searchable"
        ),
    }
}
