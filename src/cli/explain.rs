//! `logcov explain ID`: the documentation of a built-in check or of a rule's event.

use super::{ExitStatus, setup};
use crate::engine::checks;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A check code (`pino-argument-order`) or an event (`area-id/event-id` or `event-id`).
    pub id: String,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: &ExplainArgs) -> ExitStatus {
    if let Some(check) = checks::find(&args.id) {
        println!(
            "{} ({:?})\n\n{}\n\n{}",
            check.code, check.severity, check.summary, check.explanation
        );
        return ExitStatus::Success;
    }
    let settings = match setup::load_settings(args.config.config.as_deref(), &[]) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let (area_id, event_id) = match args.id.split_once('/') {
        Some((area, event)) => (Some(area), event),
        None => (None, args.id.as_str()),
    };
    let mut found = false;
    for area in settings
        .rules
        .areas
        .iter()
        .filter(|a| area_id.is_none_or(|id| a.id == id))
    {
        for event in area.events.iter().filter(|e| e.id == event_id) {
            found = true;
            let fields: Vec<String> = event.fields.iter().map(|f| f.display()).collect();
            println!("{}/{}: {}", area.id, event.id, event.description);
            println!(
                "  area:    {} (target {}%), {}",
                area.title,
                area.target,
                crate::config::error::display_path(&area.source)
            );
            println!(
                "  anchor:  {} {}",
                event.anchor.kind(),
                event.anchor.patterns().join(" ")
            );
            println!(
                "  fields:  {}",
                if fields.is_empty() {
                    "(any)".to_string()
                } else {
                    fields.join(", ")
                }
            );
            if let Some(level) = event.level {
                println!("  level:   {level} or above");
            }
            if let Some(reason) = &event.reason {
                println!("  reason:  {reason}");
            }
            if !event.contexts.is_empty() {
                println!("  context: {}", event.contexts.join(", "));
            }
        }
    }
    if found {
        return ExitStatus::Success;
    }
    eprintln!(
        "error: `{}` is neither a check nor an event of the loaded rules",
        args.id
    );
    eprintln!(
        "help: checks are: {}; `logcov rules` lists the events",
        checks::names().join(", ")
    );
    ExitStatus::Error
}
