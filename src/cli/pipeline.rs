//! The shared run of `check` and `baseline`: walk, parse and evaluate in parallel, then
//! aggregate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::ExitStatus;
use super::setup::Settings;
use crate::config::{ConfigError, ConfigErrors, RuleSet};
use crate::engine::{self, FileEvaluation, Finding, GateOptions, Outcome};
use crate::lang::Severity;
use crate::walk::{self, Skipped};

/// Function spans of a file, kept for patch coverage.
pub type FunctionSpans = Vec<(String, u32, u32)>;

pub struct Collected {
    pub evaluations: Vec<FileEvaluation>,
    /// Findings for files that could not be read.
    pub extra: Vec<Finding>,
    /// Text of the files that have findings.
    pub sources: HashMap<String, String>,
    /// Function spans per file (name, first line, last line).
    pub functions: HashMap<String, FunctionSpans>,
}

/// Checks `paths` and evaluates every file. `full_tree` tells whether the paths cover
/// the whole project, which turns an area that matches no file into an error.
pub fn collect(
    settings: &Settings,
    paths: &[PathBuf],
    full_tree: bool,
    keep_all_sources: bool,
    progress: bool,
) -> Result<Collected, ExitStatus> {
    let rules = &settings.rules;
    let walked = walk::collect(&rules.root, paths, &rules.exclude);
    let bar = progress_bar(progress, walked.files.len());
    let (parsed, skipped) = walk::parse_all(
        &walked.files,
        rules.max_file_size,
        &settings.frontend,
        |facts, text| {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            let evaluation = engine::evaluate_file(rules, &facts, &text);
            let has_findings =
                !evaluation.findings.is_empty() || evaluation.units.iter().any(|u| !u.covered);
            let keep = has_findings || (keep_all_sources && !evaluation.units.is_empty());
            let spans: FunctionSpans = facts
                .functions
                .iter()
                .map(|f| (f.name.clone(), f.line, f.end_line))
                .collect();
            (evaluation, keep.then_some(text), spans)
        },
    );

    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut sources = HashMap::new();
    let mut functions = HashMap::new();
    let mut evaluations = Vec::with_capacity(parsed.len());
    for (evaluation, text, spans) in parsed {
        if let Some(text) = text {
            sources.insert(evaluation.path.clone(), text);
        }
        functions.insert(evaluation.path.clone(), spans);
        evaluations.push(evaluation);
    }
    if full_tree && let Err(errors) = check_areas_match(rules, &evaluations) {
        super::print_error(&errors);
        return Err(ExitStatus::Error);
    }
    let mut skipped_all = walked.skipped;
    skipped_all.extend(skipped);
    let extra: Vec<Finding> = skipped_all
        .iter()
        .map(|s| skipped_finding(s, rules))
        .collect();
    Ok(Collected {
        evaluations,
        extra,
        sources,
        functions,
    })
}

impl Collected {
    /// Aggregates the evaluations into the outcome.
    pub fn aggregate(&mut self, rules: &RuleSet, gate: &GateOptions) -> Outcome {
        let evaluations = std::mem::take(&mut self.evaluations);
        let extra = std::mem::take(&mut self.extra);
        engine::aggregate(rules, evaluations, extra, gate)
    }
}

/// Returns a progress bar on stderr for long runs in a terminal, and none in CI or when
/// stderr is redirected.
fn progress_bar(wanted: bool, files: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !wanted || in_ci || files < 500 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// Returns the finding for a file that could not be read. A file that no area covers cannot
/// change any score, so failing to read it is only a warning.
fn skipped_finding(skipped: &Skipped, rules: &RuleSet) -> Finding {
    let relevant = rules.areas.iter().any(|area| area.matches(&skipped.path));
    let code = if skipped.is_error && relevant {
        "unreadable-file"
    } else {
        "skipped-file"
    };
    Finding {
        code: code.to_string(),
        rule: code.to_string(),
        severity: if code == "unreadable-file" {
            Severity::Error
        } else {
            Severity::Warning
        },
        path: skipped.path.clone(),
        line: skipped.line,
        column: 1,
        message: skipped.reason.clone(),
        help: engine::checks::find(code).map(|c| c.summary.to_string()),
        unit: None,
        fingerprint: engine::fingerprint(&[code, &skipped.path]),
    }
}

/// In a run over whole directories, an area whose paths match no file is a rule error:
/// the paths are probably misspelt or the files were moved.
fn check_areas_match(rules: &RuleSet, evaluations: &[FileEvaluation]) -> Result<(), ConfigErrors> {
    if rules.uses_default_rules() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for area in &rules.areas {
        if evaluations.iter().any(|e| e.areas.contains(&area.id)) {
            continue;
        }
        let text = std::fs::read_to_string(&area.source).unwrap_or_default();
        errors.push(ConfigError::invalid(
            "rule file",
            &area.source,
            &text,
            Some(area.paths_span.clone()),
            format!("area `{}` matches no file under {}", area.id, crate::config::error::display_path(&rules.root)),
            Some("paths are globs relative to the project root (the directory of logcov.toml); fix them, or check a directory that contains the area's files".into()),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ConfigErrors { errors })
    }
}

/// Returns whether `paths` include the project root itself, so every area's files were
/// looked for. Only then is an area that matches no file an error; a check of a
/// subdirectory or of named files scores the areas it reaches.
pub fn covers_project(paths: &[PathBuf], root: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    paths
        .iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .any(|path| root.starts_with(&path))
}

/// Returns the project root relative to the enclosing git repository's root, with a trailing
/// `/`, or empty when the project root is the repository root or not in a repository.
pub fn repository_prefix(root: &Path) -> String {
    let Ok(root) = std::fs::canonicalize(root) else {
        return String::new();
    };
    for dir in root.ancestors() {
        if dir.join(".git").exists() {
            let relative = root.strip_prefix(dir).unwrap_or(Path::new(""));
            let text = relative.to_string_lossy().replace('\\', "/");
            return if text.is_empty() {
                String::new()
            } else {
                format!("{text}/")
            };
        }
    }
    String::new()
}
