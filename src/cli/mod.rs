//! Command-line interface: arguments, subcommands and exit codes. This is the only
//! layer that prints or exits.

mod check;
mod inspect;
mod rules_cmd;
mod setup;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use setup::Settings;

/// Exit statuses, identical for every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every area and file met its target.
    Success = 0,
    /// A target was missed (or, with a baseline, a unit is new or regressed).
    Failure = 1,
    /// Usage or configuration error, or an input file could not be read.
    Error = 2,
}

#[derive(Debug, Parser)]
#[command(
    name = "logcov",
    version,
    about = "Log-coverage linter: checks that code logs the events its logging policy requires"
)]
#[command(propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args, Clone)]
pub struct ConfigArgs {
    /// Use this logcov.toml instead of searching the checked path's and the working
    /// directory's parents.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score log coverage against the rules and exit non-zero when a target is missed.
    Check(check::CheckArgs),
    /// Print the facts logcov extracts from files: log calls, handlers, calls, functions.
    Inspect(inspect::InspectArgs),
    /// List the loaded areas and events as a table.
    Rules(rules_cmd::RulesArgs),
}

/// Parses arguments, runs the command and returns the exit status.
pub fn run() -> ExitStatus {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
    }
}

/// Prints a miette diagnostic to stderr.
pub fn print_error(error: &dyn miette::Diagnostic) {
    let color = setup::stderr_color(None);
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    let mut out = String::new();
    let _ = handler.render_report(&mut out, error);
    eprint!("{out}");
}
