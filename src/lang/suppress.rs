//! Suppression comments: `logcov-ignore[event-id]: reason`, in any language's comment
//! syntax, on the line of a unit or the line before it.
//!
//! The scan is textual (syn drops comments, so a tree is not always available): a
//! marker counts when a comment opener (`//`, `#`, `/*`) comes before it on its line.

use serde::{Deserialize, Serialize};

/// The text that starts a suppression.
pub const MARKER: &str = "logcov-ignore[";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub line: u32,
    pub column: u32,
    /// Event ids as written: `event-id` or `area-id/event-id`.
    pub events: Vec<String>,
    /// `None` when the comment gives no reason; such a comment suppresses nothing.
    pub reason: Option<String>,
}

/// Finds every suppression comment in `text`.
pub fn scan(text: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    if !text.contains(MARKER) {
        return found;
    }
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let before = &line[..at];
        if !(before.contains("//") || before.contains('#') || before.contains("/*")) {
            continue;
        }
        let rest = &line[at + MARKER.len()..];
        let Some(close) = rest.find(']') else {
            continue;
        };
        let events: Vec<String> = rest[..close]
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let after = rest[close + 1..].trim_start();
        // A block comment ends the reason at its closing `*/`.
        let reason = after
            .strip_prefix(':')
            .map(|r| r.split("*/").next().unwrap_or(r).trim().to_string())
            .filter(|r| !r.is_empty());
        let column = u32::try_from(line[..at].chars().count() + 1).unwrap_or(u32::MAX);
        found.push(Suppression {
            line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            column,
            events,
            reason,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comment_suppressions() {
        let text = "a();\n// logcov-ignore[order-placement/balance-deduction, slippage]: read-only path\nb();\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].events,
            vec!["order-placement/balance-deduction", "slippage"]
        );
        assert_eq!(found[0].reason.as_deref(), Some("read-only path"));
    }

    #[test]
    fn python_and_block_comments() {
        assert_eq!(
            scan("x = 1  # logcov-ignore[e]: why\n")[0]
                .reason
                .as_deref(),
            Some("why")
        );
        assert_eq!(
            scan("/* logcov-ignore[e]: why */\n")[0].reason.as_deref(),
            Some("why")
        );
        assert_eq!(
            scan("{/* logcov-ignore[e]: why */}\n")[0].reason.as_deref(),
            Some("why")
        );
    }

    #[test]
    fn missing_reason_and_strings() {
        assert_eq!(scan("// logcov-ignore[e]\n")[0].reason, None);
        assert_eq!(scan("// logcov-ignore[e]:   \n")[0].reason, None);
        assert!(scan("const s = 'logcov-ignore[e]: x';\n").is_empty());
    }
}
