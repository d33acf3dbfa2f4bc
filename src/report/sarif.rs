//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! Every area event and every built-in check is declared in `tool.driver.rules`.
//! Locations are relative to the repository root (`%SRCROOT%`), and each result's
//! `partialFingerprints` come from the unit key or the check's text, never from a line
//! number, so a result keeps its identity when lines move.

use serde_json::{Value, json};

use super::RenderContext;
use crate::engine::{Finding, Outcome, checks};
use crate::lang::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let rules = declared_rules(context);
    let ids: Vec<String> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|finding| result(finding, outcome, context, &ids))
        .collect();
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "logcov",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn declared_rules(context: &RenderContext) -> Vec<Value> {
    let mut rules = Vec::new();
    for area in &context.rules.areas {
        for event in &area.events {
            let fields: Vec<String> = event.fields.iter().map(|f| f.display()).collect();
            let mut help = format!(
                "Area `{}` ({}): log `{}` at {} with fields: {}.",
                area.id,
                area.title,
                event.id,
                event.anchor.kind(),
                if fields.is_empty() {
                    "any".to_string()
                } else {
                    fields.join(", ")
                }
            );
            if let Some(level) = event.level {
                help.push_str(&format!(" Minimum level: {level}."));
            }
            if let Some(reason) = &event.reason {
                help.push_str(&format!(" {reason}"));
            }
            let description = if event.description.is_empty() {
                event.id.clone()
            } else {
                event.description.clone()
            };
            rules.push(json!({
                "id": format!("{}/{}", area.id, event.id),
                "name": event.id,
                "shortDescription": { "text": description },
                "fullDescription": { "text": help },
                "help": { "text": help },
                "defaultConfiguration": { "level": "error" },
                "properties": { "area": area.id, "anchor": event.anchor.kind(), "fields": fields },
            }));
        }
    }
    for check in checks::CHECKS {
        if check.code == checks::UNCOVERED_EVENT {
            continue;
        }
        rules.push(json!({
            "id": check.code,
            "name": check.code,
            "shortDescription": { "text": check.summary },
            "fullDescription": { "text": check.explanation },
            "help": { "text": check.explanation },
            "defaultConfiguration": { "level": level(check.severity) },
        }));
    }
    rules
}

fn result(finding: &Finding, outcome: &Outcome, context: &RenderContext, ids: &[String]) -> Value {
    let uri = context.repository_path(&finding.path);
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str(&format!("\n{help}"));
    }
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": finding.line.max(1), "startColumn": finding.column.max(1) },
            }
        }],
        "partialFingerprints": { "logcov/v1": finding.fingerprint },
    });
    if let Some(index) = ids.iter().position(|id| *id == finding.rule) {
        value["ruleIndex"] = json!(index);
    }
    if let Some(unit) = finding.unit.map(|i| &outcome.units[i]) {
        value["properties"] = json!({
            "area": unit.area,
            "event": unit.event,
            "missingFields": unit.missing_fields,
            "suggestion": unit.suggestion,
        });
    }
    value
}
