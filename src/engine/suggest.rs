//! Suggested log statements for uncovered units, in the file's language and logger style.

use super::fields::to_snake_case;
use crate::config::Event;
use crate::lang::{FileFacts, Language, Level, Library};

/// The receiver and library most used in a file, so suggestions look like its code.
#[derive(Debug, Clone)]
pub struct LoggerStyle {
    pub receiver: String,
    pub library: Library,
}

pub fn usual_logger(facts: &FileFacts) -> LoggerStyle {
    let mut counts: Vec<(&str, Library, usize)> = Vec::new();
    for call in &facts.log_calls {
        if call.library == Library::Console || call.logger.starts_with("instrument(") {
            continue;
        }
        match counts.iter_mut().find(|(name, _, _)| *name == call.logger) {
            Some(entry) => entry.2 += 1,
            None => counts.push((&call.logger, call.library, 1)),
        }
    }
    let best = counts.iter().max_by_key(|(_, _, count)| *count);
    match best {
        Some((receiver, library, _)) => LoggerStyle {
            receiver: (*receiver).to_string(),
            library: *library,
        },
        None => LoggerStyle {
            receiver: default_receiver(facts.language).to_string(),
            library: Library::Unknown,
        },
    }
}

fn default_receiver(language: Language) -> &'static str {
    match language {
        Language::Rust => "tracing",
        _ => "logger",
    }
}

/// Builds a log statement that would cover the unit: every field of the event that the
/// context does not supply (so the statement can replace a partial one), at the
/// required level.
pub fn statement(
    language: Language,
    style: &LoggerStyle,
    event: &Event,
    context: &[String],
) -> String {
    let level = event.level.unwrap_or(Level::Info);
    let message = event.id.replace('-', " ");
    let names: Vec<&str> = event
        .fields
        .iter()
        .filter(|spec| !spec.is_satisfied_by(context))
        .map(|spec| spec.primary())
        .collect();

    match language {
        Language::TypeScript | Language::Tsx | Language::JavaScript => {
            typescript(style, level, &message, &names)
        }
        Language::Python => python(style, level, &message, &names),
        Language::Rust => rust(style, level, &message, &names),
    }
}

fn typescript(style: &LoggerStyle, level: Level, message: &str, names: &[&str]) -> String {
    let method = match level {
        Level::Fatal if style.library == Library::Winston || style.library == Library::Unknown => {
            "error"
        }
        other => other.as_str(),
    };
    let receiver = &style.receiver;
    if names.is_empty() {
        return format!("{receiver}.{method}('{message}');");
    }
    let object = format!("{{ {} }}", names.join(", "));
    match style.library {
        Library::Pino | Library::Bunyan => format!("{receiver}.{method}({object}, '{message}');"),
        _ => format!("{receiver}.{method}('{message}', {object});"),
    }
}

fn python(style: &LoggerStyle, level: Level, message: &str, names: &[&str]) -> String {
    let method = match level {
        Level::Warn => "warning",
        Level::Fatal => "critical",
        Level::Trace => "debug",
        other => other.as_str(),
    };
    let receiver = &style.receiver;
    let snake: Vec<String> = names.iter().map(|n| to_snake_case(n)).collect();
    if snake.is_empty() {
        return format!("{receiver}.{method}(\"{message}\")");
    }
    match style.library {
        Library::Structlog | Library::Loguru => {
            let args: Vec<String> = snake.iter().map(|n| format!("{n}={n}")).collect();
            format!("{receiver}.{method}(\"{message}\", {})", args.join(", "))
        }
        _ => {
            let pairs: Vec<String> = snake.iter().map(|n| format!("\"{n}\": {n}")).collect();
            format!(
                "{receiver}.{method}(\"{message}\", extra={{{}}})",
                pairs.join(", ")
            )
        }
    }
}

fn rust(style: &LoggerStyle, level: Level, message: &str, names: &[&str]) -> String {
    let method = match level {
        Level::Fatal => "error",
        other => other.as_str(),
    };
    let snake: Vec<String> = names.iter().map(|n| to_snake_case(n)).collect();
    if snake.is_empty() {
        let prefix = if style.library == Library::Log {
            "log"
        } else {
            "tracing"
        };
        return format!("{prefix}::{method}!(\"{message}\");");
    }
    if style.library == Library::Log {
        let pairs: Vec<String> = snake.iter().map(|n| format!("{n} = {n}")).collect();
        return format!("log::{method}!({}; \"{message}\");", pairs.join(", "));
    }
    let pairs: Vec<String> = snake.iter().map(|n| format!("{n} = %{n}")).collect();
    format!("tracing::{method}!({}, \"{message}\");", pairs.join(", "))
}
