//! `logcov check`: score coverage, render every requested format, choose the exit status.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::PathBuf;

use super::setup::{self, ColorChoice};
use super::{ExitStatus, changes, pipeline};
use crate::engine::baseline::Baseline;
use crate::engine::{GateOptions, Outcome};
use crate::report::{self, Format, RenderContext};

/// The units the gate judges with `--changed-since`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Gate {
    /// Only the units inside changed lines or changed functions.
    Patch,
    /// Every area and file, as without `--changed-since`.
    Project,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the project root).
    pub paths: Vec<PathBuf>,

    /// Output format; repeat it with --output to write several formats in one run.
    #[arg(long, value_enum)]
    pub format: Vec<Format>,

    /// File to write the matching --format to (the first --output goes with the first
    /// --format, and so on; `-` is stdout); a format without one goes to stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Also print the per-file coverage table.
    #[arg(long)]
    pub files: bool,

    /// Use this target (percent) for every area and file instead of the rules' targets.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,

    /// Fail only on uncovered units that this baseline file (from `logcov baseline`)
    /// does not list.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Score only the files changed since this git revision, and report patch coverage.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,

    /// With --changed-since: gate on the patch's units (default) or on the whole project.
    #[arg(long, value_enum, default_value_t = Gate::Patch, requires = "changed_since")]
    pub gate: Gate,

    /// List suppressed units with their reasons.
    #[arg(long)]
    pub show_suppressed: bool,

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
    if let Err(status) = check_output_args(args) {
        return status;
    }
    let settings = match setup::load_settings(args.config.config.as_deref(), &args.paths) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let rules = &settings.rules;
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(baseline) => baseline,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("help: create one with `logcov baseline --output FILE`");
            return ExitStatus::Error;
        }
    };
    let (paths, full_tree, changed) = match select_paths(args, &rules.root) {
        Ok(selection) => selection,
        Err(status) => return status,
    };
    let keep_all_sources = args.format.contains(&Format::Html);
    let mut collected =
        match pipeline::collect(&settings, &paths, full_tree, keep_all_sources, !args.quiet) {
            Ok(collected) => collected,
            Err(status) => return status,
        };
    let only_units = changed
        .as_ref()
        .filter(|_| args.gate == Gate::Patch)
        .map(|changes| patch_units(&collected.evaluations, &collected.functions, changes));
    let gate = GateOptions {
        fail_under: args.fail_under,
        full_tree,
        baseline,
        only_units,
    };
    let outcome = collected.aggregate(rules, &gate);
    let status = exit_status(&outcome);
    let previous = previous_coverage(args, &settings, &paths, &gate);
    let context = RenderContext {
        rules,
        sources: &collected.sources,
        color: setup::stdout_color(args.color),
        show_files: args.files,
        max_findings: (args.max_diagnostics > 0).then_some(args.max_diagnostics),
        exit_code: status as i32,
        repository_prefix: pipeline::repository_prefix(&rules.root),
        previous_coverage: &previous,
    };
    match write_outputs(args, &outcome, &context) {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// Rejects `--output` values without a `--format`, an HTML report without a folder,
/// two formats on standard output, and an output file that is one of the inputs.
fn check_output_args(args: &CheckArgs) -> Result<(), ExitStatus> {
    let to_stdout = |index: usize| args.output.get(index).is_none_or(|p| p.as_os_str() == "-");
    if let Some(index) = args.format.iter().position(|f| *f == Format::Html)
        && to_stdout(index)
    {
        eprintln!("error: --format html writes a folder and needs its --output DIR");
        eprintln!("help: for example `--format html --output logcov-html`");
        return Err(ExitStatus::Error);
    }
    if args.output.len() > args.format.len().max(1) {
        eprintln!(
            "error: {} --output value(s) given for {} --format value(s)",
            args.output.len(),
            args.format.len()
        );
        eprintln!(
            "help: give each --output after the --format it is for, such as `--format sarif --output logcov.sarif`"
        );
        return Err(ExitStatus::Error);
    }
    let on_stdout = (0..args.format.len()).filter(|&i| to_stdout(i)).count();
    if on_stdout > 1 {
        eprintln!("error: {on_stdout} formats would be written to standard output together");
        eprintln!("help: give all but one of them an --output FILE");
        return Err(ExitStatus::Error);
    }
    for output in args.output.iter().filter(|p| p.as_os_str() != "-") {
        if let Some(input) = args.paths.iter().find(|input| same_file(input, output)) {
            eprintln!(
                "error: --output {} is one of the checked files",
                input.display()
            );
            eprintln!(
                "help: logcov never writes to the files it reads; choose another output path"
            );
            return Err(ExitStatus::Error);
        }
        if is_source_file(output) {
            eprintln!(
                "error: --output {} looks like a source file",
                output.display()
            );
            eprintln!("help: write reports to a .json, .sarif, .xml, .md or folder path");
            return Err(ExitStatus::Error);
        }
    }
    Ok(())
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether a path has an extension logcov reads, so a report would overwrite code.
fn is_source_file(path: &std::path::Path) -> bool {
    crate::lang::Language::from_path(path).is_some()
        || path.extension().is_some_and(|e| e == "toml")
}

/// Returns the paths to check, whether they are the whole project, and the changes
/// since `--changed-since` (whose files replace the paths under the patch gate).
fn select_paths(
    args: &CheckArgs,
    root: &std::path::Path,
) -> Result<(Vec<PathBuf>, bool, Option<changes::Changes>), ExitStatus> {
    let paths = if args.paths.is_empty() {
        vec![root.to_path_buf()]
    } else {
        args.paths.clone()
    };
    let full_tree = pipeline::covers_project(&paths, root);
    let Some(revision) = &args.changed_since else {
        return Ok((paths, full_tree, None));
    };
    match changes::since(root, revision) {
        Ok(changes) if args.gate == Gate::Patch => {
            Ok((changes.paths.clone(), false, Some(changes)))
        }
        Ok(changes) => Ok((paths, full_tree, Some(changes))),
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!(
                "help: run inside a git repository and name a revision such as `origin/main` or `HEAD~1`"
            );
            Err(ExitStatus::Error)
        }
    }
}

fn exit_status(outcome: &Outcome) -> ExitStatus {
    if outcome.read_errors {
        ExitStatus::Error
    } else if outcome.passed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

fn read_baseline(path: &std::path::Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("failed to read baseline {}: {e}", path.display()))?;
    Baseline::parse(&text).map_err(|e| format!("invalid baseline {}: {e}", path.display()))
}

/// Keys of the units inside changed lines, or inside functions with a changed line.
fn patch_units(
    evaluations: &[crate::engine::FileEvaluation],
    functions: &HashMap<String, pipeline::FunctionSpans>,
    changes: &changes::Changes,
) -> HashSet<String> {
    let mut keys = HashSet::new();
    for unit in evaluations.iter().flat_map(|e| &e.units) {
        let Some(lines) = changes.files.get(&unit.path) else {
            continue;
        };
        let touched = |start: u32, end: u32| lines.range(start..=end).next().is_some();
        let in_function = unit.function.as_ref().is_some_and(|name| {
            functions.get(&unit.path).is_some_and(|spans| {
                spans
                    .iter()
                    .any(|(n, start, end)| n == name && touched(*start, *end))
            })
        });
        let whole_file = unit.anchor == "file" && !lines.is_empty();
        if lines.contains(&unit.line) || in_function || whole_file {
            keys.insert(unit.key.clone());
        }
    }
    keys
}

fn write_outputs(
    args: &CheckArgs,
    outcome: &Outcome,
    context: &RenderContext,
) -> Result<(), ExitStatus> {
    let formats = if args.format.is_empty() {
        vec![Format::Human]
    } else {
        args.format.clone()
    };
    for (index, format) in formats.iter().enumerate() {
        if *format == Format::Html {
            let dir = &args.output[index];
            if let Err(error) = report::html::write(
                dir,
                outcome,
                &RenderContext {
                    color: false,
                    ..context.clone()
                },
            ) {
                eprintln!(
                    "error: failed to write the HTML report to {}: {error}",
                    dir.display()
                );
                return Err(ExitStatus::Error);
            }
            continue;
        }
        let text = match args.output.get(index) {
            Some(_) => report::render(
                *format,
                outcome,
                &RenderContext {
                    color: false,
                    ..context.clone()
                },
            ),
            None if args.quiet && matches!(format, Format::Human | Format::Concise) => {
                format!("{}\n", report::table::summary(outcome))
            }
            None => report::render(*format, outcome, context),
        };
        let text = if matches!(format, Format::Human | Format::Concise) && !args.quiet {
            with_extras(text, args, outcome)
        } else {
            text
        };
        match args
            .output
            .get(index)
            .filter(|path| path.as_os_str() != "-")
        {
            Some(path) => {
                if let Err(error) = std::fs::write(path, text) {
                    eprintln!("error: failed to write {}: {error}", path.display());
                    return Err(ExitStatus::Error);
                }
            }
            None => print!("{text}"),
        }
        if *format == Format::Github {
            append_step_summary(outcome, context);
        }
    }
    Ok(())
}

/// Adds the suppressed list, baseline fixes and patch coverage to the terminal report.
fn with_extras(mut text: String, args: &CheckArgs, outcome: &Outcome) -> String {
    if args.show_suppressed {
        let suppressed: Vec<_> = outcome
            .units
            .iter()
            .filter(|u| u.suppressed.is_some())
            .collect();
        text.push_str(&format!("\n{} suppressed unit(s)\n", suppressed.len()));
        for unit in suppressed {
            text.push_str(&format!(
                "  {}:{}: {}: {}\n",
                unit.path,
                unit.line,
                unit.rule_id(),
                unit.suppressed.as_deref().unwrap_or_default()
            ));
        }
    }
    if args.baseline.is_some() {
        let baselined = outcome.units.iter().filter(|u| u.baselined).count();
        text.push_str(&format!("\nbaseline: {baselined} known uncovered unit(s) not reported; {} fixed since the baseline\n", outcome.fixed.len()));
        for entry in &outcome.fixed {
            text.push_str(&format!(
                "  fixed: {}: {}/{}{}\n",
                entry.path,
                entry.area,
                entry.event,
                entry
                    .function
                    .as_deref()
                    .map(|f| format!(" in {f}"))
                    .unwrap_or_default()
            ));
        }
    }
    if let Some(patch) = &outcome.patch {
        text.push_str(&format!(
            "\npatch coverage: {} ({}/{} units in changed code), target {}: {}\n",
            report::table::percent(patch.coverage),
            patch.covered,
            patch.total,
            report::table::target(patch.target),
            if patch.passed { "pass" } else { "FAIL" }
        ));
    }
    text
}

/// Appends the Markdown report to `$GITHUB_STEP_SUMMARY` when GitHub Actions sets it.
fn append_step_summary(outcome: &Outcome, context: &RenderContext) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let markdown = report::markdown::render(
        outcome,
        &RenderContext {
            color: false,
            ..context.clone()
        },
    );
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(markdown.as_bytes()));
    if let Err(error) = written {
        eprintln!(
            "warning: failed to append to GITHUB_STEP_SUMMARY ({}): {error}",
            PathBuf::from(path).display()
        );
    }
}

/// Area coverage to compare with in the Markdown report: from the baseline file, or from
/// the same files at the `--changed-since` revision. Only computed when a format that
/// shows it was requested.
fn previous_coverage(
    args: &CheckArgs,
    settings: &setup::Settings,
    paths: &[PathBuf],
    gate: &GateOptions,
) -> HashMap<String, Option<f64>> {
    if let Some(baseline) = &gate.baseline {
        return baseline.coverage.clone().into_iter().collect();
    }
    let shows_delta = args
        .format
        .iter()
        .any(|f| matches!(f, Format::Markdown | Format::Github));
    let (Some(revision), true) = (&args.changed_since, shows_delta) else {
        return HashMap::new();
    };
    let tree = match changes::checkout(&settings.rules.root, revision) {
        Ok(tree) => tree,
        Err(message) => {
            eprintln!("warning: no coverage delta: {message}");
            return HashMap::new();
        }
    };
    let mut base = settings.clone();
    base.rules.root = tree.root.clone();
    let base_paths: Vec<PathBuf> = paths
        .iter()
        .filter_map(|path| path.strip_prefix(&settings.rules.root).ok())
        .map(|relative| tree.root.join(relative))
        .filter(|path| path.exists())
        .collect();
    let base_paths = if args.gate == Gate::Project {
        vec![tree.root.clone()]
    } else {
        base_paths
    };
    let Ok(mut collected) = pipeline::collect(&base, &base_paths, false, false, false) else {
        return HashMap::new();
    };
    let outcome = collected.aggregate(&base.rules, &GateOptions::default());
    outcome
        .areas
        .into_iter()
        .map(|a| (a.id, a.coverage))
        .collect()
}
