//! A static HTML report folder: `index.html` with a coverage bar per area and per file,
//! and one page per file showing its source with each unit marked covered or missing.
//! Every piece of source text is escaped; the pages need no server and no script.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{RenderContext, table};
use crate::engine::{Outcome, Unit};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}\
table{border-collapse:collapse;margin-bottom:2rem}th,td{padding:.25rem .75rem;text-align:left}\
tr:nth-child(even){background:#f4f6f8}.bar{width:12rem;height:.8rem;background:#e5e7eb;display:inline-block}\
.fill{height:100%;background:#2da44e}.fail .fill{background:#cf222e}\
.src{font-family:ui-monospace,monospace;font-size:13px;border-collapse:collapse}\
.src td{padding:0 .5rem;white-space:pre;vertical-align:top}.ln{color:#6e7781;text-align:right;user-select:none}\
.covered{background:#dafbe1}.missing{background:#ffebe9}.note td{white-space:normal;font-family:system-ui,sans-serif;font-size:12px}\
.note.missing td{color:#82071e}.note.covered td{color:#116329}a{color:#0969da}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page name of a file's report: its path with separators replaced, so every page
/// sits in one folder and no name can climb out of it.
pub fn page_name(path: &str) -> String {
    let safe: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}-{:08x}.html",
        safe.trim_start_matches('.'),
        xxhash_rust::xxh3::xxh3_64(path.as_bytes()) as u32
    )
}

fn bar(coverage: Option<f64>, passed: bool) -> String {
    let width = coverage.unwrap_or(0.0).clamp(0.0, 100.0);
    let class = if passed { "bar" } else { "bar fail" };
    format!(
        "<span class=\"{class}\" title=\"{}\"><span class=\"fill\" style=\"display:block;width:{width:.1}%\"></span></span>",
        table::percent(coverage)
    )
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        escape(title)
    )
}

/// Writes the report folder. `context.sources` must hold the text of every file with units.
pub fn write(dir: &Path, outcome: &Outcome, context: &RenderContext) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("index.html"), index_page(outcome))?;
    let mut by_file: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
    for unit in &outcome.units {
        by_file.entry(unit.path.as_str()).or_default().push(unit);
    }
    for (path, units) in by_file {
        let text = context.sources.get(path).map(String::as_str).unwrap_or("");
        std::fs::write(
            dir.join(page_name(path)),
            file_page(path, text, &units, outcome),
        )?;
    }
    Ok(())
}

/// The index page alone.
pub fn index_page(outcome: &Outcome) -> String {
    let mut body = String::new();
    let verdict = if outcome.passed { "passed" } else { "failed" };
    let _ = writeln!(
        body,
        "<h1>logcov: log coverage {verdict}</h1>\n<p>{}</p>",
        escape(&table::summary(outcome))
    );
    body.push_str("<h2>Areas</h2>\n<table id=\"areas\"><tr><th>Area</th><th>Coverage</th><th></th><th>Target</th><th>Units</th><th>Result</th></tr>\n");
    for area in &outcome.areas {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td></tr>",
            escape(&area.title),
            table::percent(area.coverage),
            bar(area.coverage, area.passed),
            table::target(area.target),
            area.covered,
            area.total,
            table::verdict(area.passed, area.coverage)
        );
    }
    body.push_str("</table>\n<h2>Files</h2>\n<table id=\"files\"><tr><th>File</th><th>Coverage</th><th></th><th>Target</th><th>Units</th><th>Result</th></tr>\n");
    for file in &outcome.files {
        let _ = writeln!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td></tr>",
            escape(&page_name(&file.path)),
            escape(&file.path),
            table::percent(file.coverage),
            bar(file.coverage, file.passed),
            table::target(file.target),
            file.covered,
            file.total,
            table::verdict(file.passed, file.coverage)
        );
    }
    body.push_str("</table>\n");
    page("logcov report", &body)
}

fn file_page(path: &str, text: &str, units: &[&Unit], outcome: &Outcome) -> String {
    let mut by_line: BTreeMap<u32, Vec<&Unit>> = BTreeMap::new();
    for unit in units {
        by_line.entry(unit.line).or_default().push(unit);
    }
    let mut body = String::new();
    let score = outcome.files.iter().find(|f| f.path == path);
    let _ = writeln!(
        body,
        "<p><a href=\"index.html\">&larr; index</a></p>\n<h1>{}</h1>",
        escape(path)
    );
    if let Some(score) = score {
        let _ = writeln!(
            body,
            "<p>{} covered ({}/{} units), target {} {}</p>",
            table::percent(score.coverage),
            score.covered,
            score.total,
            table::target(score.target),
            bar(score.coverage, score.passed)
        );
    }
    body.push_str("<table class=\"src\">\n");
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let marks = by_line.remove(&number).unwrap_or_default();
        let class = line_class(&marks);
        let _ = writeln!(
            body,
            "<tr id=\"L{number}\"{class}><td class=\"ln\">{number}</td><td>{}</td></tr>",
            escape(line)
        );
        for unit in marks {
            let _ = writeln!(body, "{}", note(unit));
        }
    }
    // Units past the end of the text (a file read back empty) are still listed.
    for unit in by_line.into_values().flatten() {
        let _ = writeln!(body, "{}", note(unit));
    }
    body.push_str("</table>\n");
    page(path, &body)
}

fn line_class(units: &[&Unit]) -> &'static str {
    if units.is_empty() {
        ""
    } else if units.iter().all(|u| u.covered || !u.counts()) {
        " class=\"covered\""
    } else {
        " class=\"missing\""
    }
}

fn note(unit: &Unit) -> String {
    let (class, text) = if let Some(reason) = &unit.suppressed {
        (
            "covered",
            format!("suppressed {}: {reason}", unit.rule_id()),
        )
    } else if unit.covered {
        ("covered", format!("covered {}", unit.rule_id()))
    } else if unit.missing_fields.is_empty() {
        (
            "missing",
            format!(
                "missing {}: no log call at the required level",
                unit.rule_id()
            ),
        )
    } else {
        (
            "missing",
            format!(
                "missing {}: fields {}",
                unit.rule_id(),
                unit.missing_fields.join(", ")
            ),
        )
    };
    format!(
        "<tr class=\"note {class}\"><td class=\"ln\"></td><td>{}</td></tr>",
        escape(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn page_names_stay_in_one_folder() {
        let name = page_name("../../etc/passwd");
        assert!(!name.contains('/'));
        assert!(name.ends_with(".html"));
        assert_ne!(page_name("a/b.ts"), page_name("a_b.ts"));
    }
}
