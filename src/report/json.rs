//! The JSON report, documented in `docs/json-format.md`. Bump [`SCHEMA_VERSION`] on any
//! change that removes or renames a key; adding keys keeps the version.

use serde_json::{Value, json};

use super::RenderContext;
use crate::engine::Outcome;

pub const SCHEMA_VERSION: u32 = 1;

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let findings: Vec<Value> = outcome
        .findings
        .iter()
        .map(|finding| {
            let mut value = serde_json::to_value(finding).unwrap_or(Value::Null);
            if let (Some(index), Value::Object(map)) = (finding.unit, &mut value) {
                let unit = &outcome.units[index];
                map.insert("area".into(), json!(unit.area));
                map.insert("event".into(), json!(unit.event));
                map.insert("function".into(), json!(unit.function));
                map.insert("missing_fields".into(), json!(unit.missing_fields));
                map.insert("suggestion".into(), json!(unit.suggestion));
            }
            value
        })
        .collect();
    let suppressed: Vec<&crate::engine::Unit> = outcome
        .units
        .iter()
        .filter(|u| u.suppressed.is_some())
        .collect();
    let counted: Vec<&crate::engine::Unit> = outcome.units.iter().filter(|u| u.counts()).collect();
    let covered = counted.iter().filter(|u| u.covered).count();
    let document = json!({
        "version": SCHEMA_VERSION,
        "tool": { "name": "logcov", "version": env!("CARGO_PKG_VERSION") },
        "passed": outcome.passed,
        "exit_code": context.exit_code,
        "summary": {
            "units": counted.len(),
            "covered": covered,
            "uncovered": counted.len() - covered,
            "suppressed": suppressed.len(),
            "baselined": outcome.units.iter().filter(|u| u.baselined).count(),
            "findings": outcome.findings.len(),
        },
        "areas": outcome.areas,
        "files": outcome.files,
        "findings": findings,
        "units": outcome.units,
    });
    let mut document = document;
    if let Some(patch) = &outcome.patch {
        document["patch"] = json!(patch);
    }
    if !outcome.fixed.is_empty() {
        document["fixed"] = json!(outcome.fixed);
    }
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
