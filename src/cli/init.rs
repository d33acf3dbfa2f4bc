//! `logcov init`: a starter `logcov.toml` and an example area file.

use std::path::{Path, PathBuf};

use super::ExitStatus;

const STARTER_CONFIG: &str = r#"# logcov configuration. Paths and globs are relative to this file's directory.
rules = ["rules"]

# Paths never read, on top of .gitignore.
exclude = ["**/node_modules/**", "**/dist/**", "**/build/**"]

# Extra receivers that are loggers, such as a project-specific wrapper object.
loggers = []

# Fields that middleware adds to every log line of code that runs under it.
# [[context]]
# name = "request"
# fields = ["requestId", "userId"]
# exclude = ["src/jobs/**"]

# Functions that log on the caller's behalf.
# [[wrapper]]
# name = "withHttpLogging"
# fields = ["provider", "latencyMs", "statusCode"]
"#;

const EXAMPLE_AREA: &str = r#"# One area of the codebase: what it must log, where, and the coverage target.
[area]
id = "errors"
title = "Error handling"
target = 90
paths = ["src/**"]

[[event]]
id = "handler-logs-error"
description = "Every error handler logs the error at warn level or above"
fields = ["error|err"]
level = "warn"
anchor = "error-handler"
rethrown = "exempt"
"#;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Directory to write into (default: the current directory).
    #[arg(default_value = ".")]
    pub directory: PathBuf,

    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> ExitStatus {
    let config = args.directory.join(crate::config::CONFIG_FILE);
    let area = args.directory.join("rules").join("errors.toml");
    for path in [&config, &area] {
        if path.exists() && !args.force {
            eprintln!("error: {} already exists", path.display());
            eprintln!("help: pass --force to overwrite it");
            return ExitStatus::Error;
        }
    }
    let written = write(&config, STARTER_CONFIG).and_then(|()| write(&area, EXAMPLE_AREA));
    if let Err(error) = written {
        eprintln!("error: {error}");
        return ExitStatus::Error;
    }
    println!("wrote {} and {}", config.display(), area.display());
    println!("next: edit the area's paths, then run `logcov check`");
    ExitStatus::Success
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("failed to create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("failed to write {}: {e}", path.display()))
}
