//! `logcov rules`: the loaded policy as a table, so a reviewer need not open TOML.

use super::ExitStatus;
use super::setup;
use crate::report::table;

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A directory of the project whose rules to list (default: the current directory).
    pub path: Option<std::path::PathBuf>,

    /// Print the rules as JSON instead of a table.

    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: &RulesArgs) -> ExitStatus {
    let paths: Vec<std::path::PathBuf> = args.path.iter().cloned().collect();
    let settings = match setup::load_settings(args.config.config.as_deref(), &paths) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let rules = &settings.rules;
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for area in &rules.areas {
        for event in &area.events {
            let fields: Vec<String> = event.fields.iter().map(|f| f.display()).collect();
            let fields_text = if fields.is_empty() {
                "(any: see reason)".to_string()
            } else {
                fields.join(", ")
            };
            let mut anchor = event.anchor.kind().to_string();
            let patterns = event.anchor.patterns();
            if !patterns.is_empty() {
                anchor = format!("{anchor} {}", compact_patterns(&patterns));
            }
            let level = event.level.map(|l| format!(">={l}")).unwrap_or_default();
            rows.push(vec![
                area.id.clone(),
                event.id.clone(),
                anchor.clone(),
                level.clone(),
                fields_text,
                table::target(area.target),
            ]);
            records.push(serde_json::json!({
                "area": area.id, "title": area.title, "target": area.target, "paths": area.path_globs,
                "event": event.id, "description": event.description, "anchor": event.anchor.kind(),
                "patterns": patterns, "fields": fields, "level": event.level, "reason": event.reason,
                "contexts": event.contexts,
            }));
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&records).unwrap_or_default()
        );
        return ExitStatus::Success;
    }
    print!(
        "{}",
        table::plain(
            &["Area", "Event", "Anchor", "Level", "Fields", "Target"],
            &rows
        )
    );
    let events: usize = rules.areas.iter().map(|a| a.events.len()).sum();
    let source = if rules.uses_default_rules() {
        "the built-in default rules".to_string()
    } else {
        rules
            .rule_dirs
            .iter()
            .map(|d| crate::config::error::display_path(d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "\n{} area(s), {events} event(s) from {source}",
        rules.areas.len()
    );
    ExitStatus::Success
}

/// Shows at most two globs of a long list, so the table stays readable; `--json` and
/// `logcov explain` give the whole list.
fn compact_patterns(patterns: &[&str]) -> String {
    match patterns {
        [] => String::new(),
        [one] => (*one).to_string(),
        [one, two] => format!("{one} {two}"),
        [one, two, rest @ ..] => format!("{one} {two} (+{} more)", rest.len()),
    }
}
