//! `logcov baseline`: record today's uncovered units so a legacy codebase can adopt the
//! gate, and `--prune` the entries that no longer exist.

use std::path::PathBuf;

use super::{ExitStatus, pipeline, setup};
use crate::engine::GateOptions;
use crate::engine::baseline::Baseline;

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    /// Files or directories to record (default: the project root).
    pub paths: Vec<PathBuf>,

    /// Baseline file to write.
    #[arg(long, default_value = "logcov-baseline.json", value_name = "FILE")]
    pub output: PathBuf,

    /// Rewrite the existing baseline without the entries that are no longer uncovered,
    /// instead of recording every uncovered unit afresh.
    #[arg(long)]
    pub prune: bool,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: &BaselineArgs) -> ExitStatus {
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
    let full_tree = pipeline::covers_project(&paths, &rules.root);
    let mut collected = match pipeline::collect(&settings, &paths, full_tree, false, true) {
        Ok(collected) => collected,
        Err(status) => return status,
    };
    let outcome = collected.aggregate(
        rules,
        &GateOptions {
            full_tree,
            ..GateOptions::default()
        },
    );
    let baseline = if args.prune {
        let text = match std::fs::read_to_string(&args.output) {
            Ok(text) => text,
            Err(error) => {
                eprintln!(
                    "error: failed to read baseline {}: {error}",
                    args.output.display()
                );
                eprintln!(
                    "help: --prune rewrites an existing baseline; create one first with `logcov baseline`"
                );
                return ExitStatus::Error;
            }
        };
        let old = match Baseline::parse(&text) {
            Ok(old) => old,
            Err(error) => {
                eprintln!("error: invalid baseline {}: {error}", args.output.display());
                return ExitStatus::Error;
            }
        };
        let pruned = old.pruned(&outcome.units);
        eprintln!(
            "logcov: pruned {} of {} baseline entries",
            old.entries.len() - pruned.entries.len(),
            old.entries.len()
        );
        pruned
    } else {
        Baseline::from_units(&outcome.units, &outcome.areas)
    };
    if let Err(error) = std::fs::write(&args.output, baseline.to_json()) {
        eprintln!("error: failed to write {}: {error}", args.output.display());
        return ExitStatus::Error;
    }
    eprintln!(
        "logcov: wrote {} uncovered unit(s) to {}",
        baseline.entries.len(),
        args.output.display()
    );
    if outcome.read_errors {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    }
}
