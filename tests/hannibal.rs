//! The shipped rules on the Hannibal fixture: each area's coverage stays within 10
//! points of the logging audit's hand estimate, the run fails as the audited codebase
//! would, and fixing four areas' files makes exactly those areas pass.

use std::path::Path;

use assert_cmd::Command;

mod common;

/// The audit's current-coverage estimate per area (percent), or `None` where it gives
/// none, and its target.
const ESTIMATES: &[(&str, Option<f64>, f64)] = &[
    ("order-placement", Some(70.0), 100.0),
    ("settlement", Some(65.0), 100.0),
    ("provider-api-calls", Some(20.0), 100.0),
    ("exchange-coordination", Some(10.0), 100.0),
    ("bifrost-pipeline", Some(5.0), 100.0),
    ("bbook", Some(15.0), 100.0),
    ("background-jobs", Some(20.0), 100.0),
    ("financial-accounting", Some(15.0), 100.0),
    ("monitoring", Some(10.0), 100.0),
    ("ai-interactions", Some(5.0), 100.0),
    ("ai-chat-service", Some(10.0), 100.0),
    ("auth-permissions", Some(30.0), 100.0),
    ("websocket-events", Some(60.0), 100.0),
    ("redis", Some(25.0), 90.0),
    ("cricket-services", Some(20.0), 100.0),
    ("notification-push", Some(10.0), 100.0),
    ("telegram-bot", Some(0.0), 100.0),
    ("routes", Some(30.0), 90.0),
    ("odds-margins", Some(5.0), 100.0),
    ("agent-hierarchy", Some(10.0), 100.0),
    ("database", Some(50.0), 90.0),
    ("error-handling", Some(40.0), 90.0),
    ("exchange-mappers", None, 100.0),
    ("frontend", Some(5.0), 100.0),
];

/// The areas whose files `fixtures/hannibal-fixed/` replaces.
const FIXED_AREAS: &[&str] = &["order-placement", "redis", "database", "error-handling"];

fn check_json(dir: &Path, config: Option<&Path>) -> (i32, serde_json::Value) {
    let mut command = Command::cargo_bin("logcov").unwrap();
    command
        .current_dir(dir)
        .args(["check", ".", "--format", "json"]);
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    let output = command.output().unwrap();
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (code, value)
}

fn area<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no area `{id}` in the report"))
}

#[test]
fn every_audit_area_is_scored() {
    let (_, report) = check_json(&common::repository().join("fixtures/hannibal"), None);
    let ids: Vec<&str> = report["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    for (id, _, _) in ESTIMATES {
        assert!(ids.contains(id), "area `{id}` is missing; areas: {ids:?}");
    }
    assert_eq!(ids.len(), ESTIMATES.len(), "{ids:?}");
}

#[test]
fn coverage_is_close_to_the_audit() {
    let (code, report) = check_json(&common::repository().join("fixtures/hannibal"), None);
    assert_eq!(code, 1, "the fixture misses its targets");
    assert_eq!(report["passed"], false);
    let mut errors = Vec::new();
    for (id, estimate, target) in ESTIMATES {
        let scored = area(&report, id);
        assert_eq!(scored["target"].as_f64(), Some(*target), "target of `{id}`");
        let coverage = scored["coverage"]
            .as_f64()
            .unwrap_or_else(|| panic!("`{id}` has no units"));
        if let Some(estimate) = estimate
            && (coverage - estimate).abs() > 10.0
        {
            errors.push(format!(
                "{id}: measured {coverage:.1}%, audit estimate {estimate}%"
            ));
        }
        assert_eq!(scored["passed"], false, "`{id}` must miss its target today");
    }
    assert!(
        errors.is_empty(),
        "areas too far from the audit:\n{}",
        errors.join("\n")
    );
}

#[test]
fn area_table_is_pinned() {
    let dir = common::repository().join("fixtures/hannibal");
    let output = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(&dir)
        .args(["check", "--quiet", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let full = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(&dir)
        .args(["check", "--format", "concise"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(full.stdout).unwrap();
    let table = stdout
        .split("\n\nArea ")
        .nth(1)
        .map(|rest| format!("Area {rest}"))
        .expect("the area table follows the findings");
    insta::assert_snapshot!(table);
}

#[test]
fn fixed_files_bring_their_areas_to_target() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    common::copy_tree(&common::repository().join("fixtures/hannibal"), dir);
    common::copy_tree(&common::repository().join("fixtures/hannibal-fixed"), dir);
    // The copy's logcov.toml names the rules folder relative to the repository.
    let config = dir.join("logcov.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let rules = common::repository().join("rules");
    std::fs::write(
        &config,
        text.replace(
            "\"../../rules\"",
            &format!("{:?}", rules.display().to_string()),
        ),
    )
    .unwrap();

    let (code, report) = check_json(dir, None);
    assert_eq!(code, 1, "the other areas still miss their targets");
    for id in FIXED_AREAS {
        let scored = area(&report, id);
        assert_eq!(
            scored["passed"], true,
            "`{id}` must pass after the fix: {scored}"
        );
    }
    for (id, _, _) in ESTIMATES
        .iter()
        .filter(|(id, _, _)| !FIXED_AREAS.contains(id))
    {
        assert_eq!(area(&report, id)["passed"], false, "`{id}` was not fixed");
    }

    // With only the fixed areas' rules, the whole run passes and exits 0.
    let only = tempfile::tempdir().unwrap();
    for id in FIXED_AREAS {
        let name = format!("{id}.toml");
        std::fs::copy(rules.join(&name), only.path().join(&name)).unwrap();
    }
    let text = std::fs::read_to_string(&config).unwrap();
    let narrowed = text.replace(
        &format!("{:?}", rules.display().to_string()),
        &format!("{:?}", only.path().display().to_string()),
    );
    std::fs::write(&config, narrowed).unwrap();
    let (code, report) = check_json(dir, None);
    assert_eq!(code, 0, "{}", report["areas"]);
}
