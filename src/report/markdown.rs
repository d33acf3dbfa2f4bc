//! The review report in Markdown: the area table, then the files below target with
//! their missing events, collapsed per area. Text from the code is escaped so a `|` or
//! HTML in it can break neither the table nor the page.

use std::collections::BTreeMap;

use super::{RenderContext, table};
use crate::engine::{Outcome, Unit};

/// Escapes text for a Markdown table cell or paragraph: HTML is neutralised and `|`,
/// backticks and line breaks cannot end the cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '*' | '_' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for inline code: backticks are replaced, since a code span cannot
/// contain its own delimiter reliably.
fn code(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c == '`' || c == '\n' || c == '|' {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!(
        "<code>{}</code>",
        cleaned
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    )
}

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let mut out = String::new();
    let status = if outcome.passed { "passed" } else { "failed" };
    out.push_str(&format!("## logcov: log coverage {status}\n\n"));
    out.push_str(
        "| Area | Coverage | Target | Delta | Units | Result |\n|---|---:|---:|---:|---:|---|\n",
    );
    for area in &outcome.areas {
        let delta = context
            .previous_coverage
            .get(&area.id)
            .and_then(|before| {
                area.coverage
                    .zip(*before)
                    .map(|(now, then)| format!("{:+.1}", now - then))
            })
            .unwrap_or_default();
        let result = match table::verdict(area.passed, area.coverage) {
            "FAIL" => "❌ fail",
            "pass" => "✅ pass",
            other => other,
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {}/{} | {} |\n",
            escape(&area.title),
            table::percent(area.coverage),
            table::target(area.target),
            delta,
            area.covered,
            area.total,
            result
        ));
    }
    out.push('\n');
    out.push_str(&format!("{}\n\n", escape(&table::summary(outcome))));
    files_below_target(outcome, context, &mut out);
    out
}

fn files_below_target(outcome: &Outcome, context: &RenderContext, out: &mut String) {
    let mut by_area: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
    for unit in outcome
        .units
        .iter()
        .filter(|u| !u.covered && u.counts() && !u.baselined)
    {
        let file_failed = outcome
            .files
            .iter()
            .any(|f| f.path == unit.path && !f.passed);
        if file_failed {
            by_area.entry(unit.area.as_str()).or_default().push(unit);
        }
    }
    if by_area.is_empty() {
        return;
    }
    out.push_str("### Files below target\n\n");
    for (area_id, units) in by_area {
        let title = context
            .rules
            .areas
            .iter()
            .find(|a| a.id == area_id)
            .map_or(area_id, |a| a.title.as_str());
        out.push_str(&format!(
            "<details>\n<summary>{} — {} missing</summary>\n\n",
            escape(title),
            units.len()
        ));
        let mut by_file: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
        for unit in units {
            by_file.entry(unit.path.as_str()).or_default().push(unit);
        }
        for (path, units) in by_file {
            out.push_str(&format!(
                "**{}**\n\n",
                escape(&context.repository_path(path))
            ));
            for unit in units {
                let place = unit
                    .function
                    .as_deref()
                    .map(|f| format!(" in {}", code(f)))
                    .unwrap_or_default();
                let missing = if unit.missing_fields.is_empty() {
                    "no log call".to_string()
                } else {
                    format!(
                        "missing {}",
                        unit.missing_fields
                            .iter()
                            .map(|f| code(f))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push_str(&format!(
                    "- line {}: {}{place}: {missing}\n",
                    unit.line,
                    code(&unit.event)
                ));
            }
            out.push('\n');
        }
        out.push_str("</details>\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_tables_and_html() {
        assert_eq!(escape("a | b"), "a &#124; b");
        assert_eq!(
            escape("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(code("a`b|<c>"), "<code>a b &lt;c&gt;</code>");
    }
}
