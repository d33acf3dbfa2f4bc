//! Shared set-up of the subcommands: configuration discovery and terminal colour.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::config::{self, ConfigSource, RuleSet};
use crate::lang::FrontendOptions;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The loaded rules and what follows from them for one run.
#[derive(Clone)]
pub struct Settings {
    pub rules: RuleSet,
    pub frontend: FrontendOptions,
}

/// Finds the configuration for a run over `paths` and loads it. Errors are printed.
pub fn load_settings(
    config: Option<&Path>,
    paths: &[PathBuf],
) -> Result<Settings, super::ExitStatus> {
    load(config, paths, true)
}

/// Like [`load_settings`], but reads only `logcov.toml` and no area files.
pub fn load_project_settings(
    config: Option<&Path>,
    paths: &[PathBuf],
) -> Result<Settings, super::ExitStatus> {
    load(config, paths, false)
}

fn load(
    config: Option<&Path>,
    paths: &[PathBuf],
    load_rules: bool,
) -> Result<Settings, super::ExitStatus> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config_file = match config {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let first = paths.first().map(|p| absolute(&cwd, p));
            first
                .as_deref()
                .and_then(config::discover)
                .or_else(|| config::discover(&cwd))
        }
    };
    let fallback_root = match paths {
        [single] if single.is_dir() => absolute(&cwd, single),
        _ => cwd.clone(),
    };
    let source = ConfigSource {
        config_file,
        fallback_root,
        load_rules,
    };

    match config::load(&source) {
        Ok(rules) => {
            let frontend = FrontendOptions {
                loggers: rules.loggers.clone(),
            };
            Ok(Settings { rules, frontend })
        }
        Err(errors) => {
            super::print_error(&errors);
            Err(super::ExitStatus::Error)
        }
    }
}

pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

/// Returns whether to colour what goes to stdout.
pub fn stdout_color(choice: Option<ColorChoice>) -> bool {
    decide(choice, std::io::stdout().is_terminal())
}

/// Returns whether to colour what goes to stderr.
pub fn stderr_color(choice: Option<ColorChoice>) -> bool {
    decide(choice, std::io::stderr().is_terminal())
}

fn decide(choice: Option<ColorChoice>, is_terminal: bool) -> bool {
    match choice.unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
