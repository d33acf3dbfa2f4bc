//! Aggregation: per-file and per-area coverage, the findings list and the verdict.

use std::collections::BTreeMap;

use serde::Serialize;

use super::units::FileEvaluation;
use super::{Finding, Outcome, Unit, checks};
use crate::config::{Anchor, RuleSet};
use crate::lang::Severity;

/// Coverage of one file over the units of every area that matches it.
#[derive(Debug, Clone, Serialize)]
pub struct FileScore {
    pub path: String,
    pub areas: Vec<String>,
    pub covered: usize,
    pub total: usize,
    /// `None` (n/a) when the file has no units.
    pub coverage: Option<f64>,
    /// The highest target among the file's areas.
    pub target: f64,
    pub passed: bool,
    pub suppressed: usize,
}

/// Coverage of one area over all its files.
#[derive(Debug, Clone, Serialize)]
pub struct AreaScore {
    pub id: String,
    pub title: String,
    pub target: f64,
    pub files: usize,
    pub covered: usize,
    pub total: usize,
    pub coverage: Option<f64>,
    pub passed: bool,
    pub suppressed: usize,
}

/// Settings of the gate.
#[derive(Debug, Clone, Default)]
pub struct GateOptions {
    /// Overrides every area's target.
    pub fail_under: Option<f64>,
    /// Whether every file of the project was checked (not just named files), so an area
    /// that matches no file and a function glob that matches nothing are reported.
    pub full_tree: bool,
    /// With a baseline, the gate fails only on uncovered units it does not list.
    pub baseline: Option<super::baseline::Baseline>,
    /// Keys of the units that the gate applies to (patch coverage); `None` for all.
    pub only_units: Option<std::collections::HashSet<String>>,
}

/// Combines per-file evaluations (in any order) into the outcome.
pub fn aggregate(
    rules: &RuleSet,
    mut evaluations: Vec<FileEvaluation>,
    mut extra_findings: Vec<Finding>,
    gate: &GateOptions,
) -> Outcome {
    evaluations.sort_by(|a, b| a.path.cmp(&b.path));
    let mut units: Vec<Unit> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut files = Vec::new();
    let mut area_files: BTreeMap<&str, usize> = BTreeMap::new();
    let mut matched_function_events = std::collections::BTreeSet::new();

    for evaluation in evaluations {
        for area in &evaluation.areas {
            *area_files
                .entry(
                    rules
                        .areas
                        .iter()
                        .find(|a| &a.id == area)
                        .map_or("", |a| a.id.as_str()),
                )
                .or_default() += 1;
        }
        matched_function_events.extend(evaluation.matched_function_events);
        if !evaluation.areas.is_empty() {
            files.push(file_score(
                rules,
                &evaluation.path,
                &evaluation.areas,
                &evaluation.units,
                gate,
            ));
        }
        findings.extend(evaluation.findings);
        units.extend(evaluation.units);
    }
    units.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.area, &a.event)
            .cmp(&(&b.path, b.line, b.column, &b.area, &b.event))
    });
    if let Some(baseline) = &gate.baseline {
        for unit in &mut units {
            unit.baselined = !unit.covered && unit.counts() && baseline.contains(&unit.key);
        }
    }
    let fixed = gate
        .baseline
        .as_ref()
        .map(|b| b.fixed(&units))
        .unwrap_or_default();

    let areas: Vec<AreaScore> = rules
        .areas
        .iter()
        .map(|area| {
            let of_area: Vec<&Unit> = units.iter().filter(|u| u.area == area.id).collect();
            let (covered, total, suppressed) = count(&of_area);
            let target = gate.fail_under.unwrap_or(area.target);
            let coverage = percent(covered, total);
            AreaScore {
                id: area.id.clone(),
                title: area.title.clone(),
                target,
                files: area_files.get(area.id.as_str()).copied().unwrap_or(0),
                covered,
                total,
                coverage,
                passed: coverage.is_none_or(|c| meets(c, target)),
                suppressed,
            }
        })
        .collect();

    if gate.full_tree {
        extra_findings.extend(unmatched_patterns(rules, &matched_function_events));
    }
    for (index, unit) in units.iter().enumerate() {
        let in_gate = gate
            .only_units
            .as_ref()
            .is_none_or(|keys| keys.contains(&unit.key));
        if !unit.covered && unit.counts() && !unit.baselined && in_gate {
            findings.push(uncovered_finding(rules, index, unit));
        }
    }
    findings.extend(extra_findings);
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });

    let read_errors = findings.iter().any(|f| f.code == "unreadable-file");
    let patch = gate
        .only_units
        .as_ref()
        .map(|keys| patch_score(rules, &units, keys, gate));
    let passed = if let Some(patch) = &patch {
        patch.passed
    } else if gate.baseline.is_some() {
        !units
            .iter()
            .any(|u| !u.covered && u.counts() && !u.baselined)
    } else {
        // An event whose functions are all gone would pass as n/a forever, so a stale
        // glob fails a check of the whole project.
        let stale_rules = findings
            .iter()
            .any(|f| f.code == "unmatched-function-pattern");
        areas.iter().all(|a| a.passed) && files.iter().all(|f| f.passed) && !stale_rules
    };
    Outcome {
        units,
        findings,
        files,
        areas,
        passed,
        read_errors,
        fixed,
        patch,
        baseline_used: gate.baseline.is_some(),
    }
}

/// Coverage of the units inside a change (`--changed-since`).
#[derive(Debug, Clone, Serialize)]
pub struct PatchScore {
    pub covered: usize,
    pub total: usize,
    pub coverage: Option<f64>,
    pub target: f64,
    pub passed: bool,
}

fn patch_score(
    rules: &RuleSet,
    units: &[Unit],
    keys: &std::collections::HashSet<String>,
    gate: &GateOptions,
) -> PatchScore {
    let in_patch: Vec<&Unit> = units.iter().filter(|u| keys.contains(&u.key)).collect();
    let (covered, total, _) = count(&in_patch);
    let target = gate.fail_under.unwrap_or_else(|| {
        rules
            .areas
            .iter()
            .filter(|a| in_patch.is_empty() || in_patch.iter().any(|u| u.area == a.id))
            .map(|a| a.target)
            .fold(0.0, f64::max)
    });
    let coverage = percent(covered, total);
    let baselined_ok = |u: &&Unit| u.covered || !u.counts() || u.baselined;
    let passed = if gate.baseline.is_some() {
        in_patch.iter().all(baselined_ok)
    } else {
        coverage.is_none_or(|c| meets(c, target))
    };
    PatchScore {
        covered,
        total,
        coverage,
        target,
        passed,
    }
}

fn file_score(
    rules: &RuleSet,
    path: &str,
    areas: &[String],
    units: &[Unit],
    gate: &GateOptions,
) -> FileScore {
    let refs: Vec<&Unit> = units.iter().collect();
    let (covered, total, suppressed) = count(&refs);
    let target = gate.fail_under.unwrap_or_else(|| {
        rules
            .areas
            .iter()
            .filter(|a| areas.contains(&a.id))
            .map(|a| a.target)
            .fold(0.0, f64::max)
    });
    let coverage = percent(covered, total);
    FileScore {
        path: path.to_string(),
        areas: areas.to_vec(),
        covered,
        total,
        coverage,
        target,
        passed: coverage.is_none_or(|c| meets(c, target)),
        suppressed,
    }
}

/// Returns (covered, total, suppressed); suppressed units are not in the total.
fn count(units: &[&Unit]) -> (usize, usize, usize) {
    let suppressed = units.iter().filter(|u| !u.counts()).count();
    let counted: Vec<&&Unit> = units.iter().filter(|u| u.counts()).collect();
    let covered = counted.iter().filter(|u| u.covered).count();
    (covered, counted.len(), suppressed)
}

fn percent(covered: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| covered as f64 * 100.0 / total as f64)
}

/// Compares with a small tolerance so that 2/3 of units meets a target of 66.67.
fn meets(coverage: f64, target: f64) -> bool {
    coverage + 1e-9 >= target
}

fn uncovered_finding(rules: &RuleSet, index: usize, unit: &Unit) -> Finding {
    let event = rules
        .areas
        .iter()
        .find(|a| a.id == unit.area)
        .and_then(|a| a.events.iter().find(|e| e.id == unit.event));
    let description = event.map(|e| e.description.as_str()).unwrap_or_default();
    let place = match (unit.anchor, &unit.subject, &unit.function) {
        ("call", Some(callee), _) => format!("call to `{callee}`"),
        ("error-handler", Some(kind), Some(function)) => {
            format!("`{kind}` handler in `{function}`")
        }
        ("error-handler", Some(kind), None) => format!("`{kind}` handler"),
        ("function", _, Some(function)) => format!("function `{function}`"),
        _ => "this file".to_string(),
    };
    let rule = unit.rule_id();
    let mut message = match (unit.level_too_low, unit.required_level) {
        (Some(found), Some(required)) if unit.missing_fields.is_empty() => {
            format!("{place} logs {rule} at {found}, below the required {required}")
        }
        _ if unit.missing_fields.is_empty() => format!("{place} does not log {rule}"),
        _ => format!(
            "{place} does not log {rule}: missing {}",
            unit.missing_fields.join(", ")
        ),
    };
    if !description.is_empty() {
        message.push_str(&format!(" ({description})"));
    }
    let help = help_text(unit);
    Finding {
        code: checks::UNCOVERED_EVENT.to_string(),
        rule: unit.rule_id(),
        severity: Severity::Error,
        path: unit.path.clone(),
        line: unit.line,
        column: unit.column,
        message,
        help: Some(help),
        unit: Some(index),
        fingerprint: fingerprint(&[&unit.key]),
    }
}

/// Says what is missing and how to fix it, naming the closest log call.
pub fn help_text(unit: &Unit) -> String {
    let mut parts = Vec::new();
    if let Some(line) = unit.log_line {
        if !unit.missing_fields.is_empty() {
            parts.push(format!(
                "the log call on line {line} lacks {}",
                unit.missing_fields.join(", ")
            ));
        }
        if let (Some(found), Some(required)) = (unit.level_too_low, unit.required_level) {
            parts.push(format!(
                "the log call on line {line} is at {found}, below the required {required}"
            ));
        }
    } else if unit.missing_fields.is_empty() {
        parts.push("no log call here".to_string());
    } else {
        parts.push(format!(
            "no log call here; missing {}",
            unit.missing_fields.join(", ")
        ));
    }
    format!("{}; add `{}`", parts.join("; "), unit.suggestion)
}

fn unmatched_patterns(
    rules: &RuleSet,
    matched: &std::collections::BTreeSet<(String, String)>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for area in &rules.areas {
        for event in &area.events {
            let Anchor::Function(patterns) = &event.anchor else {
                continue;
            };
            if matched.contains(&(area.id.clone(), event.id.clone())) {
                continue;
            }
            let globs: Vec<&str> = patterns.written();
            let rule = format!("{}/{}", area.id, event.id);
            findings.push(Finding {
                code: "unmatched-function-pattern".to_string(),
                rule: "unmatched-function-pattern".to_string(),
                severity: Severity::Error,
                path: crate::config::relative_to_root(&rules.root, &area.source),
                line: 1,
                column: 1,
                message: format!(
                    "{rule}: functions {} match no function in the area's files",
                    globs.join(", ")
                ),
                help: Some(
                    "run `logcov inspect FILE` to list the qualified names, then fix the glob"
                        .to_string(),
                ),
                unit: None,
                fingerprint: fingerprint(&["unmatched-function-pattern", &rule]),
            });
        }
    }
    findings
}

/// Returns a stable hex fingerprint of the given parts.
pub fn fingerprint(parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}
