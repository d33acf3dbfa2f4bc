//! Log levels of the Python logging libraries: method names, level constants and the
//! first argument of `log(level, message)`.

use crate::lang::{Level, Library};

/// The source of a logging method's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSpec {
    Fixed(Level),
    /// `log(level, message, ...)`: the level is the first positional argument.
    FromArgument,
}

/// The level of logging method `name` on a logger of `library`; `None` when the method
/// does not log (`setLevel`, `bind`, `opt`).
pub fn method_level(library: Library, name: &str) -> Option<LevelSpec> {
    if name == "log" || (library == Library::Structlog && name == "alog") {
        return Some(LevelSpec::FromArgument);
    }
    if let Some(level) = stdlib_method_level(name) {
        return Some(LevelSpec::Fixed(level));
    }
    let level = match (library, name) {
        (Library::Loguru | Library::Unknown, "trace") => Level::Trace,
        (Library::Loguru, "success") => Level::Info,
        // structlog's filtering bound logger (the default) makes `msg` an alias of
        // `info` and gives every level an async twin with an `a` prefix (`ainfo`).
        (Library::Structlog, "msg") => Level::Info,
        (Library::Structlog, _) => stdlib_method_level(name.strip_prefix('a')?)?,
        _ => return None,
    };
    Some(LevelSpec::Fixed(level))
}

/// Returns the level of a stdlib `logging` level method, which every library also offers.
fn stdlib_method_level(name: &str) -> Option<Level> {
    match name {
        "debug" => Some(Level::Debug),
        "info" => Some(Level::Info),
        "warning" | "warn" => Some(Level::Warn),
        "error" | "exception" => Some(Level::Error),
        "critical" | "fatal" => Some(Level::Fatal),
        _ => None,
    }
}

/// Returns the level that a `logging` module constant (`logging.WARNING`) names.
pub fn constant_level(name: &str) -> Option<Level> {
    match name {
        "NOTSET" => Some(Level::Trace),
        "DEBUG" => Some(Level::Debug),
        "INFO" => Some(Level::Info),
        "WARNING" | "WARN" => Some(Level::Warn),
        "ERROR" => Some(Level::Error),
        "CRITICAL" | "FATAL" => Some(Level::Fatal),
        _ => None,
    }
}

/// Returns the level of a numeric level: the stdlib values 10/20/30/40/50, loguru's 5 (TRACE)
/// and 25 (SUCCESS), and anything in between rounded down to the level below it.
pub fn numeric_level(value: i64) -> Level {
    match value {
        i64::MIN..=9 => Level::Trace,
        10..=19 => Level::Debug,
        20..=29 => Level::Info,
        30..=39 => Level::Warn,
        40..=49 => Level::Error,
        _ => Level::Fatal,
    }
}

/// Returns the level named by a string such as loguru's `logger.log("WARNING", ...)`.
pub fn named_level(name: &str) -> Option<Level> {
    match name.to_ascii_uppercase().as_str() {
        "TRACE" | "NOTSET" => Some(Level::Trace),
        "DEBUG" => Some(Level::Debug),
        "INFO" | "SUCCESS" => Some(Level::Info),
        "WARNING" | "WARN" => Some(Level::Warn),
        "ERROR" | "EXCEPTION" => Some(Level::Error),
        "CRITICAL" | "FATAL" => Some(Level::Fatal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_levels_per_library() {
        let cases = [
            (
                Library::Logging,
                "warning",
                Some(LevelSpec::Fixed(Level::Warn)),
            ),
            (
                Library::Logging,
                "warn",
                Some(LevelSpec::Fixed(Level::Warn)),
            ),
            (
                Library::Logging,
                "exception",
                Some(LevelSpec::Fixed(Level::Error)),
            ),
            (
                Library::Logging,
                "fatal",
                Some(LevelSpec::Fixed(Level::Fatal)),
            ),
            (Library::Logging, "log", Some(LevelSpec::FromArgument)),
            (Library::Logging, "trace", None),
            (Library::Logging, "success", None),
            (Library::Logging, "setLevel", None),
            (
                Library::Loguru,
                "trace",
                Some(LevelSpec::Fixed(Level::Trace)),
            ),
            (
                Library::Loguru,
                "success",
                Some(LevelSpec::Fixed(Level::Info)),
            ),
            (
                Library::Structlog,
                "ainfo",
                Some(LevelSpec::Fixed(Level::Info)),
            ),
            (
                Library::Structlog,
                "msg",
                Some(LevelSpec::Fixed(Level::Info)),
            ),
            (Library::Structlog, "bind", None),
            (Library::Structlog, "alog", Some(LevelSpec::FromArgument)),
            (Library::Structlog, "abind", None),
        ];
        for (library, name, expected) in cases {
            assert_eq!(method_level(library, name), expected, "{library:?}.{name}");
        }
    }

    #[test]
    fn numeric_levels_round_down() {
        assert_eq!(numeric_level(5), Level::Trace);
        assert_eq!(numeric_level(10), Level::Debug);
        assert_eq!(numeric_level(25), Level::Info);
        assert_eq!(numeric_level(30), Level::Warn);
        assert_eq!(numeric_level(40), Level::Error);
        assert_eq!(numeric_level(50), Level::Fatal);
    }
}
