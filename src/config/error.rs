//! Errors in `logcov.toml` and area files, rendered by miette with the offending line.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// A problem in one configuration or rule file. Every variant that points into a file
/// carries the file's text so that miette can show the line.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("failed to read {path}: {cause}")]
    #[diagnostic(
        code(logcov::config::unreadable),
        help("check that the file exists and is readable")
    )]
    Unreadable { path: PathBuf, cause: String },

    #[error("invalid {what} in {path}")]
    #[diagnostic(code(logcov::config::invalid))]
    Invalid {
        /// `rule file` or `configuration`.
        what: &'static str,
        path: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("{message}")]
        span: Option<SourceSpan>,
        message: String,
        #[help]
        help: Option<String>,
    },

    #[error("no rule files found in {path}")]
    #[diagnostic(
        code(logcov::config::no_rules),
        help(
            "add one TOML file per area to that folder, or remove it from `rules` in logcov.toml (see `logcov init`)"
        )
    )]
    NoRules { path: PathBuf },
}

impl ConfigError {
    pub fn invalid(
        what: &'static str,
        path: &Path,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let shown = display_path(path);
        ConfigError::Invalid {
            what,
            path: shown.clone(),
            source_code: NamedSource::new(shown, text.to_string()),
            span: span.map(|range| SourceSpan::from(range.start..range.end.max(range.start))),
            message: message.into(),
            help,
        }
    }
}

/// Shows `path` relative to the working directory when it is inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match cwd
        .as_deref()
        .and_then(|cwd| absolute.strip_prefix(cwd).ok())
    {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_string(),
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}

/// Several configuration errors reported together, so a user fixes them in one round.
#[derive(Debug, Error, Diagnostic)]
#[error("the rule set has {} error(s); nothing was scored", errors.len())]
#[diagnostic(code(logcov::config))]
pub struct ConfigErrors {
    #[related]
    pub errors: Vec<ConfigError>,
}
