//! Plain-text tables for the terminal: the area table and the per-file table.

use crate::engine::{AreaScore, FileScore, Outcome};

/// Formats a coverage percentage, or `n/a` for a place without units.
pub fn percent(coverage: Option<f64>) -> String {
    match coverage {
        Some(value) => format!("{value:.1}%"),
        None => "n/a".to_string(),
    }
}

pub fn target(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

pub fn verdict(passed: bool, coverage: Option<f64>) -> &'static str {
    match (coverage, passed) {
        (None, _) => "n/a",
        (_, true) => "pass",
        (_, false) => "FAIL",
    }
}

/// Renders rows with left-aligned first column and right-aligned others.
/// Renders a table with two spaces between columns. Columns whose cells are all numbers
/// (`12`, `45.0%`, `3/4`, `n/a`) are right-aligned, the others left-aligned.
pub fn plain(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| {
            !rows.is_empty()
                && rows.iter().all(|row| {
                    let cell = row.get(i).map_or("", String::as_str);
                    cell == "n/a" || cell.starts_with(|c: char| c.is_ascii_digit())
                })
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if i > 0 {
                out.push_str("  ");
            }
            if numeric[i] {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&pad);
            }
        }
        out.trim_end().to_string()
    };
    let mut text = line(&header.iter().map(|h| (*h).to_string()).collect::<Vec<_>>());
    text.push('\n');
    for row in rows {
        text.push_str(&line(row));
        text.push('\n');
    }
    text
}

pub fn areas(scores: &[AreaScore]) -> String {
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|a| {
            vec![
                a.title.clone(),
                percent(a.coverage),
                target(a.target),
                a.files.to_string(),
                format!("{}/{}", a.covered, a.total),
                verdict(a.passed, a.coverage).to_string(),
            ]
        })
        .collect();
    plain(
        &["Area", "Coverage", "Target", "Files", "Units", "Result"],
        &rows,
    )
}

pub fn files(scores: &[FileScore]) -> String {
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|f| {
            vec![
                f.path.clone(),
                percent(f.coverage),
                target(f.target),
                format!("{}/{}", f.covered, f.total),
                verdict(f.passed, f.coverage).to_string(),
            ]
        })
        .collect();
    plain(&["File", "Coverage", "Target", "Units", "Result"], &rows)
}

/// Returns one line that states the verdict.
pub fn summary(outcome: &Outcome) -> String {
    let failed_areas = outcome.areas.iter().filter(|a| !a.passed).count();
    let failed_files = outcome.files.iter().filter(|f| !f.passed).count();
    let uncovered = outcome
        .units
        .iter()
        .filter(|u| u.counts() && !u.covered)
        .count();
    let total = outcome.units.iter().filter(|u| u.counts()).count();
    let covered = total - uncovered;
    let coverage = percent((total > 0).then(|| covered as f64 * 100.0 / total as f64));
    let unreadable = outcome
        .findings
        .iter()
        .filter(|f| f.code == "unreadable-file")
        .count();
    let prefix = if unreadable > 0 {
        format!("logcov: error: {unreadable} file(s) could not be read; ")
    } else {
        "logcov: ".to_string()
    };
    let verdict = if outcome.passed { "passed" } else { "failed" };
    if let Some(patch) = &outcome.patch {
        return format!(
            "{prefix}{verdict}: patch coverage {} ({}/{} units in changed code), target {}; {covered}/{total} units covered in the changed files",
            percent(patch.coverage),
            patch.covered,
            patch.total,
            target(patch.target)
        );
    }
    if outcome.baseline_used {
        let known = outcome.units.iter().filter(|u| u.baselined).count();
        let new = uncovered - known;
        return format!(
            "{prefix}{verdict}: {new} uncovered unit(s) not in the baseline ({known} known); {covered}/{total} units covered ({coverage})"
        );
    }
    let text = if outcome.passed {
        format!(
            "logcov: passed: {} area(s) met their targets; {covered}/{total} units covered ({coverage})",
            outcome.areas.len()
        )
    } else {
        format!(
            "logcov: failed: {failed_areas} of {} area(s) and {failed_files} file(s) below target; {covered}/{total} units covered ({coverage})",
            outcome.areas.len()
        )
    };
    text.replacen("logcov: ", &prefix, 1)
}
