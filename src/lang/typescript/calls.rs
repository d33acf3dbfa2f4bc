//! Decides which recorded calls are log calls and reads their level, message and
//! fields; every other call becomes a call site.

use tree_sitter::Node;

use super::message::{CallShape, read_shape};
use super::resolve::Resolver;
use super::syntax::{member_parts, render_path};
use super::values::LoggerValue;
use super::walk::CallRecord;
use crate::lang::LineIndex;
use crate::lang::{CallSite, FileFacts, FrontendOptions, Library, LogCall, Severity};

/// Console methods that write a log line; `console.table`, `console.assert` and the
/// like are not log calls.
const CONSOLE_METHODS: [&str; 6] = ["log", "info", "warn", "error", "debug", "trace"];

/// Returns the level a level method writes at, or `None` for any other method. Winston's
/// `http`, `verbose` and `silly` and syslog's `notice`, `crit`, `alert` and `emerg` map to
/// the nearest canonical level. `log` writes at info unless its arguments name a level.
pub(super) fn method_level(method: &str) -> Option<crate::lang::Level> {
    use crate::lang::Level;
    match method {
        "trace" | "silly" => Some(Level::Trace),
        "debug" | "verbose" => Some(Level::Debug),
        "info" | "http" | "notice" | "log" => Some(Level::Info),
        "warn" | "warning" => Some(Level::Warn),
        "error" => Some(Level::Error),
        "fatal" | "critical" | "crit" | "alert" | "emerg" => Some(Level::Fatal),
        _ => None,
    }
}

pub(super) struct Context<'a, 't> {
    pub resolver: &'a Resolver<'a, 't>,
    pub source: &'t str,
    pub lines: &'a LineIndex<'t>,
    pub options: &'a FrontendOptions,
}

/// Turns every recorded call into a log call or a call site and returns, per handler,
/// whether a log call counts for it.
pub(super) fn classify(
    context: &Context<'_, '_>,
    calls: &[CallRecord<'_>],
    handler_count: usize,
    facts: &mut FileFacts,
) -> Vec<bool> {
    let mut logged = vec![false; handler_count];
    for record in calls {
        let (line, column) = context.lines.position(record.node.start_byte());
        // A member expression is a log method passed as a `.catch` handler, not a call.
        if record.node.kind() == "member_expression" {
            if let Some(call) = log_reference(context, record, line, column) {
                for &handler in &call.handlers {
                    logged[handler] = true;
                }
                facts.log_calls.push(call);
            }
            continue;
        }
        if let Some(call) = log_call(context, record, line, column, facts) {
            if call.emits {
                for &handler in &call.handlers {
                    logged[handler] = true;
                }
            }
            facts.log_calls.push(call);
            continue;
        }
        facts.call_sites.push(CallSite {
            line,
            column,
            callee: callee_path(record.node, context.source),
            function: record.function.clone(),
            inside: record.inside.clone(),
            handlers: record.handlers.clone(),
            byte: record.node.start_byte(),
        });
    }
    logged
}

/// The callee as the facts spell it; a constructor call is written `new X`.
fn callee_path(node: Node<'_>, source: &str) -> String {
    if node.kind() == "new_expression" {
        let constructor = node.child_by_field_name("constructor");
        let name = constructor.map_or(String::new(), |c| render_path(c, source));
        return format!("new {name}");
    }
    node.child_by_field_name("function")
        .map_or(String::new(), |f| render_path(f, source))
}

/// Returns the logger that `receiver` is, resolved through the bindings or named in
/// [`FrontendOptions::loggers`].
fn resolve_logger(
    context: &Context<'_, '_>,
    record: &CallRecord<'_>,
    receiver: Node<'_>,
    receiver_path: &str,
) -> Option<LoggerValue> {
    context
        .resolver
        .receiver(record.scope, receiver)
        .or_else(|| {
            context
                .options
                .is_extra_logger(receiver_path)
                .then(|| LoggerValue {
                    library: Library::Unknown,
                    bound: Vec::new(),
                })
        })
}

/// Reads a log method passed by reference (`.catch(logger.error)`) as a log call with
/// no message and no fields, at the level of the method.
fn log_reference(
    context: &Context<'_, '_>,
    record: &CallRecord<'_>,
    line: u32,
    column: u32,
) -> Option<LogCall> {
    let (receiver, method) = member_parts(record.node, context.source)?;
    let level = method_level(method)?;
    let receiver_path = render_path(receiver, context.source);
    let logger = resolve_logger(context, record, receiver, &receiver_path)?;
    if logger.library == Library::Console && !CONSOLE_METHODS.contains(&method) {
        return None;
    }
    Some(LogCall {
        line,
        column,
        level,
        logger: receiver_path,
        library: logger.library,
        message: None,
        fields: Vec::new(),
        bound_fields: logger.bound,
        function: record.function.clone(),
        emits: true,
        handlers: record.handlers.clone(),
        byte: record.node.start_byte(),
    })
}

fn log_call(
    context: &Context<'_, '_>,
    record: &CallRecord<'_>,
    line: u32,
    column: u32,
    facts: &mut FileFacts,
) -> Option<LogCall> {
    if record.node.kind() != "call_expression" {
        return None;
    }
    let mut callee = record.node.child_by_field_name("function")?;
    if callee.kind() == "await_expression" {
        callee = callee.named_child(0)?;
    }
    let (receiver, method) = member_parts(callee, context.source)?;

    method_level(method)?;
    let receiver_path = render_path(receiver, context.source);
    let logger = resolve_logger(context, record, receiver, &receiver_path)?;
    if logger.library == Library::Console && !CONSOLE_METHODS.contains(&method) {
        return None;
    }

    let arguments = super::syntax::call_arguments(record.node);
    let shape = read_shape(logger.library, method, &arguments, context.source);
    report_shape(&shape, logger.library, line, column, facts);
    Some(LogCall {
        line,
        column,
        level: shape.level.unwrap_or(crate::lang::Level::Info),
        logger: receiver_path,
        library: logger.library,
        message: shape.message,
        fields: shape.fields,
        bound_fields: logger.bound,
        function: record.function.clone(),
        emits: true,
        handlers: record.handlers.clone(),
        byte: record.node.start_byte(),
    })
}

/// Adds the diagnostics a call's arguments call for: fields pino or bunyan drop, and
/// a message built by interpolation with no structured fields beside it.
fn report_shape(
    shape: &CallShape,
    library: Library,
    line: u32,
    column: u32,
    facts: &mut FileFacts,
) {
    if let Some(lost) = &shape.lost_fields {
        let fields = match lost.as_slice() {
            [] => "its fields are".to_string(),
            [one] => format!("field {one} is"),
            many => format!("fields {} are", many.join(", ")),
        };
        let (code, message) = if library == Library::Bunyan {
            (
                "bunyan-argument-order",
                format!(
                    "bunyan formats the object after the message into the text: {fields} not \
                     logged as fields; pass the object first"
                ),
            )
        } else {
            (
                "pino-argument-order",
                format!(
                    "pino ignores the object after the message: {fields} not logged; pass the \
                     object first"
                ),
            )
        };
        facts.push_diagnostic(code, Severity::Warning, line, column, message);
    }
    if shape.interpolated && shape.fields.is_empty() {
        facts.push_diagnostic(
            "interpolated-message",
            Severity::Warning,
            line,
            column,
            "message is built by interpolation; values in it are not structured fields",
        );
    }
}
