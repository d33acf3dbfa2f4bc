//! `logcov check`: walk, parse, evaluate, aggregate, render, choose the exit status.

use std::collections::HashMap;
use std::path::PathBuf;

use super::ExitStatus;
use super::setup::{self, ColorChoice};
use crate::config::{ConfigError, ConfigErrors};
use crate::engine::GateOptions;
use crate::engine::{self, Finding};
use crate::lang::Severity;
use crate::report::{self, Format, RenderContext};
use crate::walk::{self, Skipped};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,

    /// Output format; repeat it with --output to write several formats in one run.
    #[arg(long, value_enum)]
    pub format: Vec<Format>,

    /// File to write the matching --format to (the first --output goes with the first
    /// --format, and so on); a format without one goes to stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Also print the per-file coverage table.
    #[arg(long)]
    pub files: bool,

    /// Use this target (percent) for every area and file instead of the rules' targets.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,

    /// When to colour the terminal report.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Print only the verdict line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Maximum number of diagnostics the human format prints (0 for no limit).
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub max_diagnostics: usize,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

fn parse_percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is outside 0-100"))
    }
}

pub fn run(args: &CheckArgs) -> ExitStatus {
    if args.output.len() > args.format.len().max(1) {
        eprintln!(
            "error: {} --output value(s) given for {} --format value(s)",
            args.output.len(),
            args.format.len()
        );
        eprintln!(
            "help: give each --output after the --format it is for, such as `--format sarif --output logcov.sarif`"
        );
        return ExitStatus::Error;
    }
    let settings = match setup::load_settings(args.config.config.as_deref(), &args.paths) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let rules = &settings.rules;
    let paths = if args.paths.is_empty() {
        vec![rules.root.clone()]
    } else {
        args.paths.clone()
    };
    let full_tree = paths.iter().all(|p| p.is_dir());

    let walked = walk::collect(&rules.root, &paths, &rules.exclude);
    let (evaluations, skipped) = walk::parse_all(
        &walked.files,
        rules.max_file_size,
        &settings.frontend,
        |facts, text| {
            let evaluation = engine::evaluate_file(rules, &facts);
            let has_findings =
                !evaluation.findings.is_empty() || evaluation.units.iter().any(|u| !u.covered);
            (evaluation, has_findings.then_some(text))
        },
    );

    let mut sources = HashMap::new();
    let mut file_evaluations = Vec::with_capacity(evaluations.len());
    for (evaluation, text) in evaluations {
        if let Some(text) = text {
            sources.insert(evaluation.path.clone(), text);
        }
        file_evaluations.push(evaluation);
    }

    if full_tree && let Err(errors) = check_areas_match(rules, &file_evaluations) {
        super::print_error(&errors);
        return ExitStatus::Error;
    }

    let mut skipped_all = walked.skipped;
    skipped_all.extend(skipped);
    let extra: Vec<Finding> = skipped_all.iter().map(skipped_finding).collect();
    let gate = GateOptions {
        fail_under: args.fail_under,
        full_tree,
    };
    let outcome = engine::aggregate(rules, file_evaluations, extra, &gate);

    let status = if outcome.read_errors {
        ExitStatus::Error
    } else if outcome.passed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    };
    let context = RenderContext {
        rules,
        sources: &sources,
        color: setup::stdout_color(args.color),
        show_files: args.files,
        max_findings: (args.max_diagnostics > 0).then_some(args.max_diagnostics),
        exit_code: status as i32,
    };
    if let Err(status) = write_outputs(args, &outcome, &context) {
        return status;
    }
    status
}

fn write_outputs(
    args: &CheckArgs,
    outcome: &engine::Outcome,
    context: &RenderContext,
) -> Result<(), ExitStatus> {
    let formats = if args.format.is_empty() {
        vec![Format::Human]
    } else {
        args.format.clone()
    };
    for (index, format) in formats.iter().enumerate() {
        match args.output.get(index) {
            Some(path) => {
                let file_context = RenderContext {
                    color: false,
                    ..*context
                };
                let text = report::render(*format, outcome, &file_context);
                if let Err(error) = std::fs::write(path, text) {
                    eprintln!("error: failed to write {}: {error}", path.display());
                    return Err(ExitStatus::Error);
                }
            }
            None if args.quiet && matches!(format, Format::Human | Format::Concise) => {
                println!("{}", report::table::summary(outcome));
            }
            None => print!("{}", report::render(*format, outcome, context)),
        }
    }
    Ok(())
}

fn skipped_finding(skipped: &Skipped) -> Finding {
    let code = if skipped.is_error {
        "unreadable-file"
    } else {
        "skipped-file"
    };
    Finding {
        code: code.to_string(),
        rule: code.to_string(),
        severity: if skipped.is_error {
            Severity::Error
        } else {
            Severity::Warning
        },
        path: skipped.path.clone(),
        line: skipped.line,
        column: 1,
        message: skipped.reason.clone(),
        help: None,
        unit: None,
        fingerprint: engine::fingerprint(&[code, &skipped.path]),
    }
}

/// In a run over whole directories, an area whose paths match no file is a rule error:
/// the paths are probably misspelt or the files were moved.
fn check_areas_match(
    rules: &crate::config::RuleSet,
    evaluations: &[engine::FileEvaluation],
) -> Result<(), ConfigErrors> {
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
            format!("area `{}` matches no file under {}", area.id, rules.root.display()),
            Some("paths are globs relative to the project root (the directory of logcov.toml); fix them, or check a directory that contains the area's files".into()),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ConfigErrors { errors })
    }
}
