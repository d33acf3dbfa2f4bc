//! GitLab Code Quality JSON: an array of issues with stable fingerprints (the same
//! fingerprints as SARIF's, so neither changes when lines move).

use serde_json::{Value, json};

use super::RenderContext;
use crate::engine::Outcome;
use crate::lang::Severity;

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let issues: Vec<Value> = outcome
        .findings
        .iter()
        .map(|finding| {
            let severity = match finding.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            let mut description = finding.message.clone();
            if let Some(help) = &finding.help {
                description.push_str(&format!(" ({help})"));
            }
            json!({
                "type": "issue",
                "check_name": finding.rule,
                "description": description,
                "categories": ["Bug Risk"],
                "severity": severity,
                "fingerprint": finding.fingerprint,
                "location": {
                    "path": context.repository_path(&finding.path),
                    "lines": { "begin": finding.line.max(1) },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
