//! GitHub Actions workflow commands: one annotation per finding.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step, so findings are
//! emitted in order of severity and a notice says how many there are in all.

use super::RenderContext;
use crate::engine::Outcome;
use crate::lang::Severity;

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let mut out = String::new();
    let mut findings: Vec<_> = outcome.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str(&format!("\n{help}"));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&context.repository_path(&finding.path)),
            finding.line.max(1),
            finding.column.max(1),
            escape_property(&format!("logcov {}", finding.rule)),
            escape_data(&message),
        ));
    }
    let summary = super::table::summary(outcome);
    out.push_str(&format!(
        "::notice title=logcov::{}\n",
        escape_data(&summary)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_command_values() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
