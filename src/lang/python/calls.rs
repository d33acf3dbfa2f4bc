//! Recognises logging calls and reads their level, message and fields, along with the
//! mistakes that make a call log nothing or log less than it seems to.

use tree_sitter::Node;

use super::bindings::{Binding, LoggerInfo, Scopes};
use super::levels::{LevelSpec, method_level, named_level, numeric_level};
use super::syntax::{
    Argument, StringValue, call_arguments, compact_text, literal_dict_keys, positional_arguments,
    push_unique, string_value, unparenthesize,
};
use crate::lang::python::syntax::FieldChild;
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

/// Reads `call` as a log call, or returns `None` when it is not one. `in_handler` is true
/// when an exception is being handled where the call runs, in an except block or in a
/// registered error-handler callback.
pub fn classify(scopes: &Scopes<'_>, call: Node<'_>, in_handler: bool) -> Option<LogCallInfo> {
    let target = target(scopes, call)?;
    let library = target.info.library;
    let arguments = call_arguments(call);
    let positional = positional_arguments(&arguments);
    let keywords = read_keywords(scopes, &target, &arguments, !positional.is_empty());

    let (level, message_index) = match target.level {
        LevelSpec::Fixed(level) => (level, 0),
        LevelSpec::FromArgument => {
            let level = positional
                .first()
                .and_then(|node| argument_level(scopes, *node))
                .or(keywords.level);
            // NOTE: a level held in a variable is unknown here, so such calls count as info.
            (level.unwrap_or(Level::Info), 1)
        }
    };
    let message_node = positional.get(message_index).copied().or(keywords.message);
    let mut interpolated = false;
    let message = match message_node.and_then(|node| string_value(node, scopes.source)) {
        Some(StringValue::Plain(text)) => Some(text),
        Some(StringValue::Interpolated) => {
            interpolated = true;
            None
        }
        None => None,
    };

    let mut diagnostics = Vec::new();
    let emits = check_emits(&target, &keywords, &mut diagnostics);
    if !in_handler
        && let Some(message) = exception_outside_handler(scopes, &target.method, keywords.exc_info)
    {
        diagnostics.push(CallDiagnostic {
            code: "exception-outside-handler",
            severity: Severity::Warning,
            message,
        });
    }
    if interpolated && keywords.fields.is_empty() {
        diagnostics.push(interpolated_message_diagnostic(library));
    }

    Some(LogCallInfo {
        level,
        logger: target.logger,
        library,
        message,
        fields: keywords.fields,
        bound: target.info.bound,
        emits,
        diagnostics,
    })
}

/// The fields, message and flags that the keyword arguments of a log call set.
struct Keywords<'tree> {
    /// Field names in source order: `extra` keys, and other keywords where the library
    /// turns them into fields.
    fields: Vec<String>,
    extra_keys: Vec<String>,
    /// Keywords that the stdlib methods reject with `TypeError`.
    unexpected: Vec<String>,
    /// structlog's `event=` next to a positional event name.
    event_clash: bool,
    exc_info: Option<Node<'tree>>,
    /// The message passed as `msg=` (stdlib) or `event=` (structlog).
    message: Option<Node<'tree>>,
    /// The level passed as `level=` to `log()`.
    level: Option<Level>,
}

fn read_keywords<'tree>(
    scopes: &Scopes<'_>,
    target: &Target,
    arguments: &[Argument<'tree>],
    has_positional: bool,
) -> Keywords<'tree> {
    let library = target.info.library;
    let stdlib_like = matches!(library, Library::Logging | Library::Unknown);
    let mut keywords = Keywords {
        fields: Vec::new(),
        extra_keys: Vec::new(),
        unexpected: Vec::new(),
        event_clash: false,
        exc_info: None,
        message: None,
        level: None,
    };
    for argument in arguments {
        let Argument::Keyword(name, value) = *argument else {
            continue;
        };
        let key = scopes.text(name);
        match key {
            "exc_info" => keywords.exc_info = Some(value),
            "stack_info" | "stacklevel" => {}
            "extra" if stdlib_like => {
                for extra_key in literal_dict_keys(value, scopes.source).unwrap_or_default() {
                    push_unique(&mut keywords.extra_keys, &extra_key);
                    push_unique(&mut keywords.fields, &extra_key);
                }
            }
            "extra" => {}
            // `msg` and `level` are ordinary parameters of the stdlib methods.
            "msg" if stdlib_like => keywords.message = Some(value),
            "level" if stdlib_like && target.level == LevelSpec::FromArgument => {
                keywords.level = argument_level(scopes, value);
            }
            // NOTE: assumes the stdlib Logger class, so a class installed with
            // `logging.setLoggerClass` that accepts more keywords is not seen.
            _ if library == Library::Logging => keywords.unexpected.push(key.to_string()),
            "event" if library == Library::Structlog && !has_positional => {
                keywords.message = Some(value);
            }
            "event" if library == Library::Structlog => {
                keywords.event_clash = true;
                push_unique(&mut keywords.fields, key);
            }
            _ => push_unique(&mut keywords.fields, key),
        }
    }
    keywords
}

/// Decides whether the call logs at all, adding a diagnostic for each reason it raises
/// instead, and for `extra` keys that an adapter drops.
fn check_emits(
    target: &Target,
    keywords: &Keywords<'_>,
    diagnostics: &mut Vec<CallDiagnostic>,
) -> bool {
    let mut emits = true;
    // A stdlib adapter replaces the call's extra, so only its own keys reach the record.
    let mut reserved: Vec<&str> = Vec::new();
    if !target.info.replaces_extra {
        reserved.extend(
            keywords
                .extra_keys
                .iter()
                .filter_map(|key| reserved_key(key)),
        );
    }
    if target.info.bound_in_extra {
        reserved.extend(target.info.bound.iter().filter_map(|key| reserved_key(key)));
    }
    if !reserved.is_empty() {
        emits = false;
        diagnostics.push(reserved_key_diagnostic(&reserved));
    }
    if keywords.event_clash {
        emits = false;
        diagnostics.push(CallDiagnostic {
            code: "structlog-reserved-event",
            severity: Severity::Error,
            message: "keyword argument `event` clashes with the positional event name, so \
                      structlog raises TypeError and the call logs nothing; rename the key"
                .to_string(),
        });
    }
    if !keywords.unexpected.is_empty() {
        emits = false;
        diagnostics.push(unexpected_keyword_diagnostic(
            &target.method,
            &keywords.unexpected,
        ));
    }
    if target.info.replaces_extra && !keywords.extra_keys.is_empty() {
        diagnostics.push(CallDiagnostic {
            code: "adapter-extra-replaced",
            severity: Severity::Warning,
            message: format!(
                "logging.LoggerAdapter replaces the call's extra with its own, so {} never \
                 reach the record; bind them on the adapter or create it with \
                 merge_extra=True (Python 3.13+)",
                keywords.extra_keys.join(", ")
            ),
        });
    }
    emits
}

/// Reads the level that the first argument of `log(level, ...)` names.
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

/// Returns the warning for `.exception()`, or `exc_info=True`, where no exception is active.
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
    let remedy = match library {
        Library::Structlog | Library::Loguru => "keyword arguments",
        _ => "extra={...}",
    };
    CallDiagnostic {
        code: "interpolated-message",
        severity: Severity::Warning,
        message: format!(
            "f-string message without structured fields: the values are only in the text; \
             pass them as {remedy} so they stay searchable"
        ),
    }
}
