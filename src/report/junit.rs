//! JUnit XML: one test case per area and per file, so CI systems that show test results
//! show coverage. A failing case's message is the coverage against the target and its
//! description lists the missing events.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{RenderContext, table};
use crate::engine::{Outcome, Unit};

pub fn render(outcome: &Outcome, context: &RenderContext) -> String {
    let mut report = Report::new("logcov");
    let mut areas = TestSuite::new("logcov areas");
    for area in &outcome.areas {
        let units: Vec<&Unit> = outcome.units.iter().filter(|u| u.area == area.id).collect();
        let message = format!(
            "{} covered, target {}",
            table::percent(area.coverage),
            table::target(area.target)
        );
        areas.add_test_case(case(
            &area.id,
            "logcov.areas",
            area.passed,
            &message,
            &units,
            context,
        ));
    }
    let mut files = TestSuite::new("logcov files");
    for file in &outcome.files {
        let units: Vec<&Unit> = outcome
            .units
            .iter()
            .filter(|u| u.path == file.path)
            .collect();
        let message = format!(
            "{} covered, target {}",
            table::percent(file.coverage),
            table::target(file.target)
        );
        let name = context.repository_path(&file.path);
        files.add_test_case(case(
            &name,
            "logcov.files",
            file.passed,
            &message,
            &units,
            context,
        ));
    }
    report.add_test_suite(areas);
    report.add_test_suite(files);
    let mut text = report.to_string().unwrap_or_default();
    text.push('\n');
    text
}

fn case(
    name: &str,
    class: &str,
    passed: bool,
    message: &str,
    units: &[&Unit],
    context: &RenderContext,
) -> TestCase {
    let status = if passed {
        TestCaseStatus::success()
    } else {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_message(message.to_string());
        status.set_type("coverage below target");
        let missing: Vec<String> = units
            .iter()
            .filter(|u| !u.covered && u.counts())
            .map(|u| {
                let fields = if u.missing_fields.is_empty() {
                    String::new()
                } else {
                    format!(": missing {}", u.missing_fields.join(", "))
                };
                format!(
                    "{}:{}: {}{fields}",
                    context.repository_path(&u.path),
                    u.line,
                    u.rule_id()
                )
            })
            .collect();
        status.set_description(missing.join("\n"));
        status
    };
    let mut test_case = TestCase::new(name.to_string(), status);
    test_case.set_classname(class.to_string());
    test_case
}
