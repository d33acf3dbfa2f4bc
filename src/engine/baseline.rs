//! Baselines: the uncovered units of a legacy codebase, recorded so that the gate fails
//! only on units that are new or that regressed.
//!
//! Entries are keyed by area, event, file and enclosing function (plus the callee or an
//! ordinal for call and handler anchors), never by line number, so edits elsewhere in a
//! file do not disturb them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Unit;

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub key: String,
    pub area: String,
    pub event: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    /// Coverage of each area (percent, `None` for n/a) when the baseline was recorded,
    /// for the delta column of the Markdown report.
    #[serde(default)]
    pub coverage: BTreeMap<String, Option<f64>>,
    pub entries: Vec<BaselineEntry>,
}

impl Baseline {
    /// Records every uncovered, unsuppressed unit and each area's coverage.
    pub fn from_units(units: &[Unit], areas: &[super::AreaScore]) -> Baseline {
        let entries: BTreeSet<BaselineEntry> = units
            .iter()
            .filter(|u| !u.covered && u.counts())
            .map(|u| BaselineEntry {
                key: u.key.clone(),
                area: u.area.clone(),
                event: u.event.clone(),
                path: u.path.clone(),
                function: u.function.clone(),
            })
            .collect();
        Baseline {
            version: BASELINE_VERSION,
            coverage: areas.iter().map(|a| (a.id.clone(), a.coverage)).collect(),
            entries: entries.into_iter().collect(),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries
            .binary_search_by(|e| e.key.as_str().cmp(key))
            .is_ok()
    }

    /// Keeps only the entries that are still uncovered units in `units`.
    pub fn pruned(&self, units: &[Unit]) -> Baseline {
        let current: BTreeSet<&str> = units
            .iter()
            .filter(|u| !u.covered && u.counts())
            .map(|u| u.key.as_str())
            .collect();
        Baseline {
            version: BASELINE_VERSION,
            coverage: self.coverage.clone(),
            entries: self
                .entries
                .iter()
                .filter(|e| current.contains(e.key.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// Returns the entries that are no longer uncovered: fixed, or gone.
    pub fn fixed(&self, units: &[Unit]) -> Vec<BaselineEntry> {
        let uncovered: BTreeSet<&str> = units
            .iter()
            .filter(|u| !u.covered && u.counts())
            .map(|u| u.key.as_str())
            .collect();
        self.entries
            .iter()
            .filter(|e| !uncovered.contains(e.key.as_str()))
            .cloned()
            .collect()
    }

    /// Parses a baseline file and sorts its entries for lookup.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let mut baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {BASELINE_VERSION})",
                baseline.version
            ));
        }
        baseline.entries.sort();
        baseline.entries.dedup();
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
