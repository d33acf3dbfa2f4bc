//! The terminal report: one miette diagnostic per finding, then the area table.

use std::collections::HashMap;
use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};

use super::{RenderContext, table};
use crate::engine::{Finding, Outcome};
use crate::lang::Severity;

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
    label: String,
}

/// Returns the label under the marked token: what is missing for an uncovered unit, else the
/// check's code.
fn label_of(finding: &Finding, outcome: &Outcome) -> String {
    let Some(unit) = finding.unit.map(|index| &outcome.units[index]) else {
        return finding.code.clone();
    };
    if !unit.missing_fields.is_empty() {
        return format!("{} lacks {}", unit.event, unit.missing_fields.join(", "));
    }
    match unit.level_too_low {
        Some(level) => format!("{} logged at {level}", unit.event),
        None => format!("{} not logged", unit.event),
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span,
        ))))
    }
}

/// Finds the span of the token at `line:column` (1-based): a path such as
/// `gateway.refund` or a keyword such as `catch`, or one character.
fn span_of(text: &str, line: u32, column: u32) -> Option<SourceSpan> {
    let mut start = 0;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line as usize {
            let offset: usize = content
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            // A unit that starts a line (a function) points at its first token.
            let indent: usize = content
                .get(offset..)
                .unwrap_or("")
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .map(char::len_utf8)
                .sum();
            let offset = offset + indent;
            let rest = content.get(offset..).unwrap_or("");
            let token: usize = rest
                .chars()
                .take_while(|c| {
                    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | ':' | '?' | '!')
                })
                .map(char::len_utf8)
                .sum();
            let first = rest.chars().next().map_or(0, char::len_utf8);
            let length = if token > 0 { token } else { first.max(1) };
            return Some(SourceSpan::from((start + offset, length)));
        }
        start += content.len();
    }
    None
}

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let theme = if context.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut sources: HashMap<&str, NamedSource<String>> = HashMap::new();
    let mut out = String::new();
    let mut shown = 0usize;
    for finding in &outcome.findings {
        if context.max_findings.is_some_and(|max| shown >= max) {
            break;
        }
        shown += 1;
        let text = context.sources.get(&finding.path);
        let source = text.map(|t| {
            sources
                .entry(finding.path.as_str())
                .or_insert_with(|| NamedSource::new(&finding.path, t.clone()))
                .clone()
        });
        let span = text.and_then(|t| span_of(t, finding.line, finding.column));
        let diagnostic = FindingDiagnostic {
            finding,
            source,
            span,
            label: label_of(finding, outcome),
        };

        if source_less(&diagnostic) {
            out.push_str(&format!(
                "{}:{}:{}: ",
                finding.path, finding.line, finding.column
            ));
        }
        let _ = handler.render_report(&mut out, &diagnostic);
        out.push('\n');
    }
    let hidden = outcome.findings.len() - shown;
    if hidden > 0 {
        out.push_str(&format!(
            "... and {hidden} more finding(s); use --format concise or json to see all\n\n"
        ));
    }
    out.push_str(&tables(outcome, context));
    out
}

/// Renders the area table, the file table when requested, and the verdict line.
fn tables(outcome: &Outcome, context: &RenderContext) -> String {
    let mut out = table::areas(&outcome.areas);
    if context.show_files {
        out.push('\n');
        out.push_str(&table::files(&outcome.files));
    }
    out.push('\n');
    out.push_str(&table::summary(outcome));
    out.push('\n');
    out
}

fn source_less(diagnostic: &FindingDiagnostic) -> bool {
    diagnostic.source.is_none() || diagnostic.span.is_none()
}

/// Renders one line per finding, like a compiler's short format: `path:line:col: severity[rule] message`.
pub fn render_concise(outcome: &Outcome, context: &RenderContext) -> String {
    let mut out = String::new();
    for finding in &outcome.findings {
        let severity = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "{}:{}:{}: {severity}[{}] {}\n",
            finding.path, finding.line, finding.column, finding.rule, finding.message
        ));
    }
    if !outcome.findings.is_empty() {
        out.push('\n');
    }
    out.push_str(&tables(outcome, context));
    out
}
