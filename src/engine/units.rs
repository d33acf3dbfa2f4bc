//! Per-file evaluation: units from anchors, and whether a log call covers each one.

use super::fields::{self, FieldSpec};
use super::index::{Evidence, FileIndex};
use super::suggest;
use super::{Finding, Unit, checks};
use crate::config::{Anchor, Area, CheckSetting, Event, RuleSet};
use crate::lang::{FileFacts, Level, Severity};

/// The contribution of one file to the outcome.
#[derive(Debug, Clone)]
pub struct FileEvaluation {
    pub path: String,
    /// Ids of the areas whose paths match the file.
    pub areas: Vec<String>,
    pub units: Vec<Unit>,
    pub findings: Vec<Finding>,
    /// Names of functions matched by each (area, event) with a function anchor, so the
    /// aggregate step can warn about globs that match nothing anywhere.
    pub matched_function_events: Vec<(String, String)>,
}

/// Evaluates every area that matches the file against its facts. `text` is the file's
/// source, used for unit keys that survive edits elsewhere in the file.
pub fn evaluate_file(rules: &RuleSet, facts: &FileFacts, text: &str) -> FileEvaluation {
    let areas: Vec<&Area> = rules
        .areas
        .iter()
        .filter(|area| area.matches(&facts.path))
        .collect();
    let mut evaluation = FileEvaluation {
        path: facts.path.clone(),
        areas: areas.iter().map(|area| area.id.clone()).collect(),
        units: Vec::new(),
        findings: diagnostics_as_findings(rules, facts),
        matched_function_events: Vec::new(),
    };
    if areas.is_empty() {
        return evaluation;
    }
    let index = FileIndex::new(rules, facts, text);
    let logger = suggest::usual_logger(facts);
    for area in areas {
        for event in area.events.iter().filter(|e| e.applies_to(&facts.path)) {
            let context = context_fields(rules, event, &facts.path);
            let scorer = UnitScorer {
                facts,
                event,
                index: &index,
                context: &context,
                logger: &logger,
            };
            let before = evaluation.units.len();
            scorer.units(area, &mut evaluation.units);
            if matches!(event.anchor, Anchor::Function(_)) && evaluation.units.len() > before {
                evaluation
                    .matched_function_events
                    .push((area.id.clone(), event.id.clone()));
            }
        }
    }
    apply_suppressions(rules, facts, &mut evaluation);
    evaluation
}

/// Marks units named by `logcov-ignore` comments as suppressed, and reports comments
/// that are unknown, unused or give no reason.
fn apply_suppressions(rules: &RuleSet, facts: &FileFacts, evaluation: &mut FileEvaluation) {
    for suppression in &facts.suppressions {
        let mut report = |code: &str, message: String| {
            evaluation.findings.push(Finding {
                code: code.to_string(),
                rule: code.to_string(),
                severity: Severity::Warning,
                path: facts.path.clone(),
                line: suppression.line,
                column: suppression.column,
                help: checks::find(code).map(|c| c.summary.to_string()),
                fingerprint: super::score::fingerprint(&[code, &facts.path, &message]),
                message,
                unit: None,
            });
        };
        let Some(reason) = &suppression.reason else {
            let names = suppression.events.join(", ");
            report(
                "suppression-without-reason",
                format!("`logcov-ignore[{names}]` gives no reason and suppresses nothing"),
            );
            continue;
        };
        for name in &suppression.events {
            if !event_exists(rules, name) {
                report(
                    "unknown-suppression",
                    format!("`logcov-ignore[{name}]` names no event of the loaded rules"),
                );
                continue;
            }
            let mut used = false;
            for unit in &mut evaluation.units {
                let on_line = unit.line == suppression.line || unit.line == suppression.line + 1;
                let named = *name == unit.event || *name == unit.rule_id();
                if on_line && named && !unit.covered {
                    unit.suppressed = Some(reason.clone());
                    used = true;
                }
            }
            if !used {
                report(
                    "unused-suppression",
                    format!(
                        "`logcov-ignore[{name}]` suppresses nothing: no uncovered unit of that event starts on this line or the next"
                    ),
                );
            }
        }
    }
}

fn event_exists(rules: &RuleSet, name: &str) -> bool {
    let (area, event) = match name.split_once('/') {
        Some((area, event)) => (Some(area), event),
        None => (None, name),
    };
    rules
        .areas
        .iter()
        .filter(|a| area.is_none_or(|id| a.id == id))
        .any(|a| a.events.iter().any(|e| e.id == event))
}

fn diagnostics_as_findings(rules: &RuleSet, facts: &FileFacts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for diagnostic in &facts.diagnostics {
        let severity = match rules.check_setting(&diagnostic.code) {
            Some(CheckSetting::Off) => continue,
            Some(CheckSetting::Warning) => Severity::Warning,
            Some(CheckSetting::Error) => Severity::Error,
            None => diagnostic.severity,
        };
        let fingerprint =
            super::score::fingerprint(&[&diagnostic.code, &facts.path, &diagnostic.message]);
        findings.push(Finding {
            code: diagnostic.code.clone(),
            rule: diagnostic.code.clone(),
            severity,
            path: facts.path.clone(),
            line: diagnostic.line,
            column: diagnostic.column,
            message: diagnostic.message.clone(),
            help: checks::find(&diagnostic.code).map(|check| check.summary.to_string()),
            unit: None,
            fingerprint,
        });
    }
    findings
}

/// Normalised context fields that apply to the event in this file.
fn context_fields(rules: &RuleSet, event: &Event, path: &str) -> Vec<String> {
    let mut names = Vec::new();
    for name in &event.contexts {
        if let Some(context) = rules.contexts.iter().find(|c| &c.name == name)
            && context.applies_to(path)
        {
            names.extend(
                context
                    .fields
                    .iter()
                    .map(|f| fields::normalize(f, event.dotted)),
            );
        }
    }
    names
}

struct UnitScorer<'a> {
    facts: &'a FileFacts,
    event: &'a Event,
    index: &'a FileIndex,
    context: &'a [String],
    logger: &'a suggest::LoggerStyle,
}

/// The best log call for a unit and how far it is from covering it.
struct Verdict {
    covered: bool,
    missing: Vec<String>,
    log_line: Option<u32>,
    level_too_low: Option<Level>,
}

impl UnitScorer<'_> {
    fn units(&self, area: &Area, out: &mut Vec<Unit>) {
        match &self.event.anchor {
            Anchor::File => {
                let verdict = self.judge(self.index.evidence.iter());
                out.push(self.unit(area, 1, 1, None, None, verdict, "file".to_string()));
            }
            Anchor::Function(patterns) => {
                for (position, function) in self.facts.functions.iter().enumerate() {
                    if !patterns.matches_function(&function.name) {
                        continue;
                    }
                    let scope = self.index.within(function.start_byte, function.end_byte);
                    let verdict = self.judge(scope.iter());
                    let key = format!("function:{}", function.name);
                    let column = self.index.function_columns[position];
                    let name = Some(function.name.clone());
                    out.push(self.unit(area, function.line, column, name, None, verdict, key));
                }
            }
            Anchor::Call(patterns) => self.call_units(area, patterns, out),
            Anchor::ErrorHandler { exempt_rethrown } => {
                self.handler_units(area, *exempt_rethrown, out)
            }
        }
    }

    fn call_units(
        &self,
        area: &Area,
        patterns: &crate::config::pattern::PatternSet,
        out: &mut Vec<Unit>,
    ) {
        for (position, site) in self.facts.call_sites.iter().enumerate() {
            if !patterns.matches_callee(&site.callee) {
                continue;
            }
            let function = self.index.call_function[position];
            // The scope is the innermost named function, or the module-level code.
            let mut scope: Vec<&Evidence> = match function.map(|i| &self.facts.functions[i]) {
                Some(f) => self.index.within(f.start_byte, f.end_byte).iter().collect(),
                None => self
                    .index
                    .evidence
                    .iter()
                    .filter(|e| e.function.is_none())
                    .collect(),
            };
            // A wrapper around the call logs for it, wherever the wrapper's own call is.
            let wrapped = self.index.evidence.iter().filter(|e| {
                e.byte <= site.byte
                    && e.wrapper
                        .as_ref()
                        .is_some_and(|callee| site.inside.contains(callee))
            });
            scope.extend(wrapped);
            let verdict = self.judge(scope.into_iter());
            let function_name = function.map(|i| self.facts.functions[i].name.clone());
            let key = self.index.call_keys[position].clone();
            let subject = Some(site.callee.clone());
            out.push(self.unit(
                area,
                site.line,
                site.column,
                function_name,
                subject,
                verdict,
                key,
            ));
        }
    }

    fn handler_units(&self, area: &Area, exempt_rethrown: bool, out: &mut Vec<Unit>) {
        for (position, handler) in self.facts.error_handlers.iter().enumerate() {
            if exempt_rethrown && handler.status == crate::lang::HandlerStatus::Rethrown {
                continue;
            }
            let scope = self.index.handler_evidence[position]
                .iter()
                .map(|&e| &self.index.evidence[e]);
            let verdict = self.judge(scope);
            let key = self.index.handler_keys[position].clone();
            let subject = Some(handler.kind.as_str().to_string());
            let function = handler.function.clone();
            out.push(self.unit(
                area,
                handler.line,
                handler.column,
                function,
                subject,
                verdict,
                key,
            ));
        }
    }

    /// Picks the log call that satisfies the most required fields at the required level.
    fn judge<'e>(&self, scope: impl Iterator<Item = &'e Evidence>) -> Verdict {
        let required = &self.event.fields;
        let mut best: Option<(usize, bool, &Evidence)> = None;
        for evidence in scope {
            let present = if self.event.dotted {
                &evidence.fields_dotted
            } else {
                &evidence.fields
            };
            let satisfied = required
                .iter()
                .filter(|spec| spec.is_satisfied_by(present) || spec.is_satisfied_by(self.context))
                .count();
            let level_ok = self.event.level.is_none_or(|min| evidence.level >= min);
            let better = match best {
                None => true,
                Some((best_count, best_level, _)) => {
                    (satisfied, level_ok) > (best_count, best_level)
                }
            };
            if better {
                best = Some((satisfied, level_ok, evidence));
            }
        }
        let Some((_, level_ok, evidence)) = best else {
            return Verdict {
                covered: false,
                missing: required.iter().map(FieldSpec::display).collect(),
                log_line: None,
                level_too_low: None,
            };
        };
        let present = if self.event.dotted {
            &evidence.fields_dotted
        } else {
            &evidence.fields
        };
        let missing: Vec<String> = required
            .iter()
            .filter(|spec| !spec.is_satisfied_by(present) && !spec.is_satisfied_by(self.context))
            .map(FieldSpec::display)
            .collect();
        Verdict {
            covered: missing.is_empty() && level_ok,
            missing,
            log_line: Some(evidence.line),
            level_too_low: (!level_ok).then_some(evidence.level),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn unit(
        &self,
        area: &Area,
        line: u32,
        column: u32,
        function: Option<String>,
        subject: Option<String>,
        verdict: Verdict,
        key: String,
    ) -> Unit {
        let key = format!("{}/{}|{}|{}", area.id, self.event.id, self.facts.path, key);
        let suggestion =
            suggest::statement(self.facts.language, self.logger, self.event, self.context);

        Unit {
            area: area.id.clone(),
            event: self.event.id.clone(),
            anchor: self.event.anchor.kind(),
            path: self.facts.path.clone(),
            line,
            column,
            function,
            subject,
            covered: verdict.covered,
            missing_fields: verdict.missing,
            log_line: verdict.log_line,
            level_too_low: verdict.level_too_low,
            required_level: self.event.level,
            key,
            suppressed: None,
            baselined: false,
            suggestion,
        }
    }
}
