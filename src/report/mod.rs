//! Output formats. Each renders the same [`Outcome`], so formats cannot disagree.
//!
//! A new format goes here as a module with a `render(outcome, context) -> String`
//! function, a [`Format`] variant, and an arm in [`render`].

pub mod human;
pub mod json;
pub mod table;

use std::collections::HashMap;

use crate::config::RuleSet;
use crate::engine::Outcome;

/// Output formats of `logcov check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, then the area table.
    Human,
    /// One line per finding, then the area table.
    Concise,
    /// Every finding, file score and area score, with a schema version.
    Json,
}

/// What a renderer may need besides the outcome.
pub struct RenderContext<'a> {
    pub rules: &'a RuleSet,
    /// Text of the files that have findings, by relative path.
    pub sources: &'a HashMap<String, String>,
    pub color: bool,
    pub show_files: bool,
    /// Limit on diagnostics printed by the human format.
    pub max_findings: Option<usize>,
    pub exit_code: i32,
}

pub fn render(format: Format, outcome: &Outcome, context: &RenderContext) -> String {
    match format {
        Format::Human => human::render(outcome, context),
        Format::Concise => human::render_concise(outcome, context),
        Format::Json => json::render(outcome, context),
    }
}
