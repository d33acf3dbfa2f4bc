//! The rule engine: matches facts against validated areas and scores coverage.
//!
//! The engine does no I/O. [`evaluate_file`] is pure and runs per file, in parallel with
//! parsing; [`aggregate`] combines the per-file results into one [`Outcome`] that feeds
//! every output format, so the formats cannot disagree.

pub mod baseline;
pub mod checks;
pub mod fields;
mod index;
mod score;
mod suggest;
mod units;

use serde::Serialize;

pub use score::{AreaScore, FileScore, GateOptions, PatchScore, aggregate, fingerprint};
pub use units::{FileEvaluation, evaluate_file};

use crate::lang::{Level, Severity};

/// One anchor instance of one event: the thing coverage counts.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub area: String,
    pub event: String,
    pub anchor: &'static str,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub function: Option<String>,
    /// What the unit is about besides its function: the callee of a call anchor, the
    /// handler kind of an error-handler anchor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub covered: bool,
    /// Required fields (as written in the rule) that the best log call lacks.
    pub missing_fields: Vec<String>,
    /// The line of the log call that covers the unit, or that comes closest.
    pub log_line: Option<u32>,
    /// The level of that log call, when it is below the required level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_too_low: Option<Level>,
    pub required_level: Option<Level>,
    /// Key that identifies the unit across edits: never a line number.
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
    /// A log statement that would cover the unit.
    #[serde(skip)]
    pub suggestion: String,
}

impl Unit {
    pub fn rule_id(&self) -> String {
        format!("{}/{}", self.area, self.event)
    }

    /// Counts toward coverage: every unit except suppressed ones.
    pub fn counts(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// A problem reported at a place in a file: an uncovered unit, or a built-in check.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `uncovered-event` or the code of another built-in check.
    pub code: String,
    /// The rule the finding belongs to: `area/event` for uncovered units, else the code.
    pub rule: String,
    pub severity: Severity,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Index into [`Outcome::units`] for uncovered units.
    #[serde(skip)]
    pub unit: Option<usize>,
    /// Stable across line moves: derived from the unit key or from the code and text.
    pub fingerprint: String,
}

/// The result of one run, before rendering.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub units: Vec<Unit>,
    pub findings: Vec<Finding>,
    pub files: Vec<FileScore>,
    pub areas: Vec<AreaScore>,
    /// Whether every area and file met its target (or, with a baseline, whether nothing
    /// is new).
    pub passed: bool,
    /// Whether any input file could not be read.
    pub read_errors: bool,
    /// Baseline entries that are no longer uncovered, when a baseline was given.
    pub fixed: Vec<baseline::BaselineEntry>,
    /// Patch coverage, with `--changed-since`.
    pub patch: Option<score::PatchScore>,
    /// Whether the gate was judged against a baseline.
    pub baseline_used: bool,
}
