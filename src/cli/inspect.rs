//! `logcov inspect`: print the facts the frontends extract, as JSON or text.

use std::path::PathBuf;

use serde_json::json;

use super::ExitStatus;
use super::setup;
use crate::lang::FileFacts;
use crate::walk;

/// Version of the `inspect` JSON; bump it when a key is removed or renamed.
pub const INSPECT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InspectFormat {
    #[default]
    Json,
    Text,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Files or directories to inspect.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Json)]
    pub format: InspectFormat,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: &InspectArgs) -> ExitStatus {
    let settings = match setup::load_project_settings(args.config.config.as_deref(), &args.paths) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let rules = &settings.rules;
    let walked = walk::collect(&rules.root, &args.paths, &rules.exclude);
    let (files, skipped) = walk::parse_all(
        &walked.files,
        rules.max_file_size,
        &settings.frontend,
        |facts, _| facts,
    );
    let mut failed = false;
    for skipped in walked.skipped.iter().chain(&skipped) {
        eprintln!("warning: {}: {}", skipped.path, skipped.reason);
        failed |= skipped.is_error;
    }
    match args.format {
        InspectFormat::Json => {
            let document = json!({ "version": INSPECT_SCHEMA_VERSION, "files": files });
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
        }
        InspectFormat::Text => print!("{}", text(&files)),
    }
    if failed {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    }
}

fn text(files: &[FileFacts]) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str(&format!("{} ({})\n", file.path, file.language.as_str()));
        for call in &file.log_calls {
            let mut fields = call.fields.join(", ");
            if !call.bound_fields.is_empty() {
                fields.push_str(&format!(" [bound: {}]", call.bound_fields.join(", ")));
            }
            let emits = if call.emits {
                ""
            } else {
                " (raises, logs nothing)"
            };
            out.push_str(&format!(
                "  {}:{} log {} {} {{{fields}}} in {}{emits}\n",
                call.line,
                call.column,
                call.level,
                call.logger,
                call.function.as_deref().unwrap_or("<module>")
            ));
        }
        for handler in &file.error_handlers {
            out.push_str(&format!(
                "  {}:{} handler {} {} in {}\n",
                handler.line,
                handler.column,
                handler.kind.as_str(),
                handler.status.as_str(),
                handler.function.as_deref().unwrap_or("<module>")
            ));
        }
        for function in &file.functions {
            let mut exported = if function.exported { " exported" } else { "" }.to_string();
            if !function.span_fields.is_empty() {
                exported.push_str(&format!(" [span: {}]", function.span_fields.join(", ")));
            }
            out.push_str(&format!(
                "  {}-{} function {}{exported}\n",
                function.line, function.end_line, function.name
            ));
        }
        for site in &file.call_sites {
            out.push_str(&format!(
                "  {}:{} call {} in {}\n",
                site.line,
                site.column,
                site.callee,
                site.function.as_deref().unwrap_or("<module>")
            ));
        }
        for diagnostic in &file.diagnostics {
            out.push_str(&format!(
                "  {}:{} {} {}\n",
                diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message
            ));
        }
    }
    out
}
