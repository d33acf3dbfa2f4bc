//! Recognition of tracing and log crate macros, and the grammar of their arguments.
//!
//! syn keeps a macro's arguments as a token stream. tracing's field syntax (`%x`, `?x`,
//! `"quoted" = v`, `a.b = v`) is not made of Rust expressions, so the arguments are read
//! here token by token, following the macro definitions of tracing 0.1 and log 0.4:
//!
//! - tracing: `info!(target: t, parent: p, name: n, FIELDS, "format", ARGS)`, where each
//!   field is `name = value`, `name = %value`, `name = ?value`, `name`, `%name` or `?name`,
//!   a name is dotted (`http.status_code`) or a string literal, and fields may also sit
//!   in one leading `{ ... }` group.
//! - log: `info!(target: t, logger: l, KEY_VALUES; "format", ARGS)`, where each key-value
//!   is `key`, `key = value` or `key:capture = value`; without a `;` there are no fields.
//!
//! The message is the format string literal as written, placeholders included, so
//! `info!("paid {} via {}", id, port)` has the message `paid {} via {}`. Format arguments
//! are never fields. A message that is not a literal (`format_args!(..)`) is `None`.

use proc_macro2::{Delimiter, TokenTree};

use super::imports::{Imports, Origin};
use super::tokens::{is_punct, is_single_colon, split_at_punct};
use crate::lang::{FrontendOptions, Level, Library};

/// Kind of a macro invocation, as logcov reads it.
pub(crate) enum MacroKind {
    Log(LogMacro),
    /// `bail!` of anyhow or eyre, which returns an error.
    Bail,
    Other,
}

/// A logging macro invocation with its arguments read.
#[derive(Debug)]
pub(crate) struct LogMacro {
    pub(crate) level: Level,
    pub(crate) library: Library,
    pub(crate) fields: Vec<String>,
    pub(crate) message: Option<String>,
}

const LEVEL_MACROS: [&str; 5] = ["trace", "debug", "info", "warn", "error"];
const DIRECTIVES: [&str; 4] = ["target", "parent", "name", "logger"];

/// Classifies the macro `path!(tokens)`; `path` is the list of segment names.
pub(crate) fn classify(
    path: &[String],
    leading_colon: bool,
    tokens: &proc_macro2::TokenStream,
    imports: &Imports,
    options: &FrontendOptions,
) -> MacroKind {
    let Some(last) = path.last() else {
        return MacroKind::Other;
    };
    if last == "bail" {
        return MacroKind::Bail;
    }
    let (library, name) = if path.len() == 1 && !leading_colon {
        let resolved = imports.resolve(last);
        match resolved.origin {
            Origin::Tracing => (Library::Tracing, resolved.name),
            Origin::Log => (Library::Log, resolved.name),
            Origin::Other => return MacroKind::Other,
        }
    } else if path[0] == "tracing" {
        (Library::Tracing, last.as_str())
    } else if path[0] == "log" {
        (Library::Log, last.as_str())
    } else if options.is_extra_logger(&path[..path.len() - 1].join("::")) {
        (Library::Unknown, last.as_str())
    } else {
        return MacroKind::Other;
    };
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let fixed_level = LEVEL_MACROS
        .iter()
        .position(|&n| n == name)
        .map(|i| Level::ALL[i]);
    let needs_level_argument = match name {
        "event" => library != Library::Log,
        // A bare `log!` without an import is read as the log crate's macro.
        "log" => library != Library::Tracing || path.len() == 1,
        _ => false,
    };
    if fixed_level.is_none() && !needs_level_argument {
        return MacroKind::Other;
    }
    let library = if name == "log" { Library::Log } else { library };
    match parse_arguments(&trees, library, fixed_level) {
        Some(call) => MacroKind::Log(call),
        None => MacroKind::Other,
    }
}

/// Reads the arguments of a logging macro. Returns `None` when a macro that takes its
/// level as an argument (`event!`, `log!`) has none, because then it is some other macro.
fn parse_arguments(
    trees: &[TokenTree],
    library: Library,
    level: Option<Level>,
) -> Option<LogMacro> {
    let semicolon = trees.iter().position(|t| is_punct(t, ';'));
    let (head, format) = match semicolon {
        Some(at) => (&trees[..at], Some(&trees[at + 1..])),
        None => (trees, None),
    };
    let mut arguments = split_at_punct(head, ',')
        .into_iter()
        .filter(|argument| !is_directive(argument))
        .peekable();
    let level = match level {
        Some(level) => level,
        None => parse_level(arguments.next()?),
    };
    let mut call = LogMacro {
        level,
        library,
        fields: Vec::new(),
        message: None,
    };
    if let Some(format) = format {
        for argument in arguments {
            push_key_value(argument, &mut call.fields);
        }
        call.message = split_at_punct(format, ',')
            .first()
            .and_then(|a| string_literal(a));
    } else if library == Library::Log {
        call.message = arguments.next().and_then(string_literal);
    } else {
        for argument in arguments {
            if let Some(message) = string_literal(argument) {
                call.message = Some(message);
                break;
            }
            if let Some(value) = message_field(argument) {
                call.message = string_literal(value);
                continue;
            }
            if !push_tracing_field(argument, &mut call.fields) {
                break;
            }
        }
    }
    Some(call)
}

fn is_directive(argument: &[TokenTree]) -> bool {
    matches!(argument.first(), Some(TokenTree::Ident(i)) if DIRECTIVES.iter().any(|d| i == d))
        && is_single_colon(argument, 1)
}

/// Reads `Level::WARN`, `tracing::Level::WARN` or `log::Level::Warn`.
// NOTE: a level computed at run time (`log!(level, ..)`) is read as `info`, which may
// differ from the level the call logs at.
fn parse_level(argument: &[TokenTree]) -> Level {
    match argument.last() {
        Some(TokenTree::Ident(last)) => Level::parse(&last.to_string()).unwrap_or(Level::Info),
        _ => Level::Info,
    }
}

/// Returns the value of an argument that is exactly one string literal.
fn string_literal(argument: &[TokenTree]) -> Option<String> {
    match argument {
        [TokenTree::Literal(literal)] => match syn::Lit::new(literal.clone()) {
            syn::Lit::Str(text) => Some(text.value()),
            _ => None,
        },
        _ => None,
    }
}

fn push_unique(fields: &mut Vec<String>, name: String) {
    if !name.is_empty() && !fields.contains(&name) {
        fields.push(name);
    }
}

/// Reads a dotted name (`a`, `a.b.c`, `r#type`) at the start of `trees`; returns it and
/// the number of tokens it spans.
pub(crate) fn dotted_name(trees: &[TokenTree]) -> Option<(String, usize)> {
    let mut name = String::new();
    let mut used = 0;
    loop {
        let Some(TokenTree::Ident(ident)) = trees.get(used) else {
            return None;
        };
        let text = ident.to_string();
        name.push_str(text.strip_prefix("r#").unwrap_or(&text));
        used += 1;
        if trees.get(used).is_some_and(|t| is_punct(t, '.')) {
            name.push('.');
            used += 1;
        } else {
            return Some((name, used));
        }
    }
}

/// Returns whether a field value is `tracing::field::Empty`, which records nothing.
pub(crate) fn is_empty_value(value: &[TokenTree]) -> bool {
    matches!(value.last(), Some(TokenTree::Ident(i)) if i == "Empty")
        && value
            .iter()
            .all(|t| matches!(t, TokenTree::Ident(_)) || is_punct(t, ':'))
}

/// Returns the value of a `message = ..` argument, which tracing records as the event's
/// message instead of as a field. A value other than one string literal
/// (`message = %text`) is a computed message.
fn message_field(argument: &[TokenTree]) -> Option<&[TokenTree]> {
    match argument {
        [TokenTree::Ident(name), equals, value @ ..]
            if name == "message" && is_punct(equals, '=') =>
        {
            Some(value)
        }
        _ => None,
    }
}

/// Reads one tracing field argument into `fields`. Returns `false` when the argument is
/// not a field, which ends the field list.
fn push_tracing_field(argument: &[TokenTree], fields: &mut Vec<String>) -> bool {
    match argument {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            for field in split_at_punct(&inner, ',') {
                push_tracing_field(field, fields);
            }
            true
        }
        [TokenTree::Punct(sigil), rest @ ..] if matches!(sigil.as_char(), '%' | '?') => {
            if let Some((name, _)) = dotted_name(rest) {
                push_unique(fields, name);
            }
            true
        }
        [TokenTree::Literal(literal), equals, value @ ..] if is_punct(equals, '=') => {
            if let syn::Lit::Str(text) = syn::Lit::new(literal.clone())
                && !is_empty_value(value)
            {
                push_unique(fields, text.value());
            }
            true
        }
        _ => {
            let Some((name, used)) = dotted_name(argument) else {
                return false;
            };
            match argument.get(used) {
                None => push_unique(fields, name),
                Some(equals) if is_punct(equals, '=') => {
                    if !is_empty_value(&argument[used + 1..]) {
                        push_unique(fields, name);
                    }
                }
                Some(_) => return false,
            }
            true
        }
    }
}

/// Reads one log crate key-value (`key`, `key = v`, `key:? = v`, `key:err = v`).
fn push_key_value(argument: &[TokenTree], fields: &mut Vec<String>) {
    match argument.first() {
        Some(TokenTree::Ident(ident)) => {
            let text = ident.to_string();
            push_unique(fields, text.strip_prefix("r#").unwrap_or(&text).to_string());
        }
        Some(TokenTree::Literal(literal)) => {
            if let syn::Lit::Str(text) = syn::Lit::new(literal.clone()) {
                push_unique(fields, text.value());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, arguments: &str) -> LogMacro {
        let tokens = arguments.parse().unwrap();
        let path = vec![name.to_string()];
        let imports = Imports::default();
        match classify(&path, false, &tokens, &imports, &FrontendOptions::default()) {
            MacroKind::Log(call) => call,
            _ => panic!("`{name}!({arguments})` is not a log call"),
        }
    }

    #[test]
    fn tracing_fields_with_sigils_and_quotes() {
        let call = read("info", r#"order_id = %order_id, ?status, "settled""#);
        assert_eq!(call.fields, ["order_id", "status"]);
        assert_eq!(call.message.as_deref(), Some("settled"));
        let quoted = read(
            "info",
            r#""guid:x-request-id" = "abc", "type" = "refund", "quoted""#,
        );
        assert_eq!(quoted.fields, ["guid:x-request-id", "type"]);
    }

    #[test]
    fn format_arguments_are_not_fields() {
        let call = read("info", r#"amount = 5, "paid {} via {}", order_id, port"#);
        assert_eq!(call.fields, ["amount"]);
        assert_eq!(call.message.as_deref(), Some("paid {} via {}"));
    }

    #[test]
    fn directives_and_dotted_names() {
        let call = read(
            "warn",
            r#"target: "http", parent: &span, http.status_code = 503, ?err"#,
        );
        assert_eq!(call.fields, ["http.status_code", "err"]);
        assert_eq!(call.message, None);
    }

    #[test]
    fn event_reads_level_argument() {
        let call = read("event", r#"tracing::Level::WARN, retry = n, "retrying""#);
        assert_eq!(call.level, Level::Warn);
        assert_eq!(call.fields, ["retry"]);
    }

    #[test]
    fn log_key_values_end_at_semicolon() {
        let call = read(
            "log",
            r#"target: "t", Level::Warn, order_id = 5, user:? = u; "placed {}", x"#,
        );
        assert_eq!(call.level, Level::Warn);
        assert_eq!(call.library, Library::Log);
        assert_eq!(call.fields, ["order_id", "user"]);
        assert_eq!(call.message.as_deref(), Some("placed {}"));
    }

    #[test]
    fn tracing_message_field_is_the_message() {
        let call = read("info", r#"order_id = %id, message = "order settled""#);
        assert_eq!(call.fields, ["order_id"]);
        assert_eq!(call.message.as_deref(), Some("order settled"));
        let computed = read("warn", "message = %reason, retry = n");
        assert_eq!(computed.fields, ["retry"]);
        assert_eq!(computed.message, None);
    }

    #[test]
    fn empty_field_value_is_not_recorded() {
        let call = read("info", "latency = tracing::field::Empty, done = true");
        assert_eq!(call.fields, ["done"]);
    }
}
