//! The registry of built-in checks: every finding that is not an area event has one of
//! these codes. `logcov explain CODE` prints the documentation kept here.

use crate::lang::Severity;

/// A built-in check with its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
}

pub const UNCOVERED_EVENT: &str = "uncovered-event";

pub const CHECKS: &[Check] = &[
    Check {
        code: UNCOVERED_EVENT,
        severity: Severity::Error,
        summary: "A place that must log a required event does not log it with every field.",
        explanation: "Each area file lists events, their fields and where they must be logged \
(the anchor). Each anchor instance is one unit: a file, a function, a call site or an error \
handler. A unit is covered when one log call in its scope carries every required field at the \
required level. The finding names the missing fields and suggests a log statement. Fix it by \
adding the fields to an existing log call or adding the suggested one; if the place truly must \
not log, add `logcov-ignore[area/event]: reason` on the line or the line before.",
    },
    Check {
        code: "parse-error",
        severity: Severity::Warning,
        summary: "The file has a syntax error; facts outside the broken region are still used.",
        explanation: "logcov could not parse part of the file. Log calls and handlers outside the \
broken region are still found, but coverage for the file may be incomplete. Fix the syntax, or \
check that the file's extension selects the right grammar (.ts and .tsx differ).",
    },
    Check {
        code: "unreadable-file",
        severity: Severity::Error,
        summary: "A file could not be read (permissions, I/O error, invalid UTF-8, symlink loop).",
        explanation: "The file was skipped. The run goes on and the exit status is 2. Fix the \
permissions or encoding, or exclude the path in logcov.toml.",
    },
    Check {
        code: "skipped-file",
        severity: Severity::Warning,
        summary: "A file was skipped because it is binary or larger than max_file_size.",
        explanation: "Files with NUL bytes, and files larger than `max_file_size` bytes (default \
4 MiB) are generated or vendored code more often than sources. Raise `max_file_size` in \
logcov.toml or exclude the path.",
    },
    Check {
        code: "pino-argument-order",
        severity: Severity::Warning,
        summary: "A pino call passes its object after the message, so the fields are dropped.",
        explanation: "pino reads structured fields only from an object given as the first \
argument: `log.info({ orderId }, 'placed')`. An object after the message string is a printf \
argument and its keys are not logged. The call counts as a log call without those fields.",
    },
    Check {
        code: "interpolated-message",
        severity: Severity::Warning,
        summary: "A log message is built by interpolation and the call has no structured fields.",
        explanation: "Values interpolated into a message (template literals, f-strings) cannot be \
queried as fields. Pass them as fields and keep the message constant. Turn the check off with \
`[checks] interpolated-message = \"off\"` in logcov.toml.",
    },
    Check {
        code: "reserved-log-record-key",
        severity: Severity::Error,
        summary: "A key in Python's `extra` clashes with a LogRecord attribute; the call raises KeyError.",
        explanation: "logging's makeRecord raises KeyError when `extra` contains a LogRecord \
attribute such as `filename`, `name`, `msg`, `args`, `module`, `lineno`, `message` or `asctime` \
(`taskName` on Python 3.12 and later). The call logs nothing, so it covers no unit. Rename the key.",
    },
    Check {
        code: "structlog-reserved-event",
        severity: Severity::Error,
        summary: "A structlog call passes `event=`, which clashes with the event name; it raises TypeError.",
        explanation: "structlog's positional event name is the `event` argument, so `log.info(\"x\", \
event=...)` raises TypeError and logs nothing. Rename the keyword.",
    },
    Check {
        code: "exception-outside-handler",
        severity: Severity::Warning,
        summary: "`.exception()` is called outside an except block without exc_info.",
        explanation: "Outside an except block there is no active exception, so the record ends \
with `NoneType: None`. Pass `exc_info=err`, or use `.error()`.",
    },
    Check {
        code: "bind-result-discarded",
        severity: Severity::Warning,
        summary: "The logger returned by `bind()` is discarded, so the bound fields are lost.",
        explanation: "structlog loggers are immutable: `log.bind(order_id=...)` returns a new \
logger and leaves `log` unchanged. Assign the result: `log = log.bind(order_id=...)`.",
    },
    Check {
        code: "nesting-too-deep",
        severity: Severity::Warning,
        summary: "Part of the file nests deeper than logcov reads; facts inside it are skipped.",
        explanation: "Syntax nested more than 2,000 levels deep (generated or minified code, \
usually) is skipped so that analysis stays bounded. Facts outside the deep region are kept. \
Exclude generated files in logcov.toml.",
    },
    Check {
        code: "bunyan-argument-order",
        severity: Severity::Warning,
        summary: "A bunyan call passes its object after the message, so the fields are dropped.",
        explanation: "bunyan, like pino, reads structured fields only from an object given as the \
first argument: `log.info({ orderId }, 'placed')`. An object after the message is formatted \
into the message text. The call counts as a log call without those fields.",
    },
    Check {
        code: "logging-unexpected-keyword",
        severity: Severity::Error,
        summary: "A standard-library logging call passes a keyword it does not take; it raises TypeError.",
        explanation: "`logging.Logger` methods take only `exc_info`, `stack_info`, `stacklevel` and \
`extra` as keywords. `logger.info(\"x\", order_id=1)` raises TypeError and logs nothing, so the \
call covers no unit. Put the value in `extra={...}`, or use structlog or loguru, which take \
keyword fields.",
    },
    Check {
        code: "adapter-extra-replaced",
        severity: Severity::Warning,
        summary: "A LoggerAdapter replaces the call's own `extra`, so those fields are lost.",
        explanation: "`logging.LoggerAdapter.process` overwrites the `extra` of each call with the \
adapter's own dict unless the adapter was created with `merge_extra=True` (Python 3.13 and \
later). The call's `extra` keys are not counted as fields.",
    },
    Check {
        code: "unmatched-function-pattern",
        severity: Severity::Error,
        summary: "An event's `functions` globs match no function in the area's files.",
        explanation: "The event has no units, so it would pass as n/a however the code changes. \
The function was probably renamed; update the glob. `logcov inspect FILE` lists the qualified \
names logcov sees. A check of the whole project fails while the glob matches nothing.",
    },
    Check {
        code: "unused-suppression",
        severity: Severity::Warning,
        summary: "A `logcov-ignore` comment suppresses nothing.",
        explanation: "No uncovered unit of that event starts on the comment's line or the line \
after it. Remove the comment.",
    },
    Check {
        code: "unknown-suppression",
        severity: Severity::Warning,
        summary: "A `logcov-ignore` comment names an event that no rule defines.",
        explanation: "Write the event as `area-id/event-id` or `event-id`, as `logcov rules` lists it.",
    },
    Check {
        code: "suppression-without-reason",
        severity: Severity::Warning,
        summary: "A `logcov-ignore` comment gives no reason, so it suppresses nothing.",
        explanation: "Write `logcov-ignore[event-id]: why this place need not log`.",
    },
];

pub fn find(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|check| check.code == code)
}

pub fn names() -> Vec<&'static str> {
    CHECKS.iter().map(|check| check.code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for check in CHECKS {
            assert!(seen.insert(check.code), "duplicate check {}", check.code);
            assert!(
                check
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                check.code
            );
        }
    }
}
