//! Output formats. Each renders the same [`Outcome`], so formats cannot disagree.
//!
//! A new format goes here as a module with a `render(outcome, context) -> String`
//! function, a [`Format`] variant, and an arm in [`render`].

pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
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
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (and the Markdown report in the step summary).
    Github,
    /// The review report: area table and files below target.
    Markdown,
    /// JUnit XML: a test case per area and per file.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// A static HTML report folder; needs --output DIR.
    Html,
}

/// What a renderer may need besides the outcome.
#[derive(Clone)]
pub struct RenderContext<'a> {
    pub rules: &'a RuleSet,
    /// Text of the files that have findings, by relative path.
    pub sources: &'a HashMap<String, String>,
    pub color: bool,
    pub show_files: bool,
    /// Limit on diagnostics printed by the human format.
    pub max_findings: Option<usize>,
    pub exit_code: i32,
    /// The project root relative to the repository root (`fixtures/hannibal/`), or
    /// empty; prefixed to paths in formats that a code host reads.
    pub repository_prefix: String,
    /// Area coverage from the baseline or base revision, for the Markdown delta column.
    pub previous_coverage: &'a HashMap<String, Option<f64>>,
}

impl RenderContext<'_> {
    /// A project-relative path as a path relative to the repository root.
    pub fn repository_path(&self, path: &str) -> String {
        format!("{}{path}", self.repository_prefix)
    }
}

pub fn render(format: Format, outcome: &Outcome, context: &RenderContext) -> String {
    match format {
        Format::Human => human::render(outcome, context),
        Format::Concise => human::render_concise(outcome, context),
        Format::Json => json::render(outcome, context),
        Format::Sarif => sarif::render(outcome, context),
        Format::Github => github::render(outcome, context),
        Format::Markdown => markdown::render(outcome, context),
        Format::Junit => junit::render(outcome, context),
        Format::Gitlab => gitlab::render(outcome, context),
        // The HTML report is a folder, written by `html::write`; as text it is the index.
        Format::Html => html::index_page(outcome),
    }
}
