//! Command-line interface: arguments, subcommands and exit codes. This is the only
//! layer that prints or exits.

mod baseline_cmd;
mod changes;
mod check;
mod debug;
mod explain;
mod init;
mod inspect;
mod pipeline;
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
    /// Record today's uncovered units, so `check --baseline` fails only on new ones.
    Baseline(baseline_cmd::BaselineArgs),
    /// Print the documentation of a check or of a rule's event.
    Explain(explain::ExplainArgs),
    /// Write a starter logcov.toml and an example area file.
    Init(init::InitArgs),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Commands for measuring logcov itself (not part of the stable interface).
    #[command(hide = true)]
    Debug(debug::DebugArgs),
}

/// Parses arguments, runs the command and returns the exit status.
pub fn run() -> ExitStatus {
    let cli = Cli::parse();
    // Syntax trees of generated or hostile files can be deep; the frontends bound their
    // own depth, and a larger stack keeps the parsers' internal recursion safe too.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build_global();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
        Command::Baseline(args) => baseline_cmd::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Debug(args) => debug::run(&args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "logcov", &mut std::io::stdout());
            ExitStatus::Success
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut std::io::stdout()) {
                Ok(()) => ExitStatus::Success,
                Err(error) => {
                    eprintln!("error: failed to write the man page: {error}");
                    ExitStatus::Error
                }
            }
        }
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
