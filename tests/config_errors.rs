//! Malformed rule and config files: a miette error naming the file, line and key with a
//! fix, exit status 2, and nothing scored.

use std::path::Path;

use assert_cmd::Command;

fn project(rule: &str, config: Option<&str>) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(temp.path().join("rules")).unwrap();
    std::fs::create_dir_all(temp.path().join("src")).unwrap();
    std::fs::write(temp.path().join("rules/orders.toml"), rule).unwrap();
    std::fs::write(
        temp.path().join("src/orders.ts"),
        "export function place() {}\n",
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(temp.path().join("logcov.toml"), config).unwrap();
    }
    temp
}

/// Runs `logcov check` and returns stderr, asserting exit 2 and empty stdout.
fn check_error(dir: &Path) -> String {
    let output = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(
        output.stdout.is_empty(),
        "nothing may be scored: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

const VALID_EVENT: &str =
    "\n[[event]]\nid = \"placed\"\nfields = [\"orderId\"]\nanchor = \"file\"\n";

#[test]
fn toml_syntax_error() {
    let temp = project("[area\nid = \"orders\"\n", None);
    let stderr = check_error(temp.path());
    assert!(stderr.contains("rules/orders.toml"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key() {
    let temp = project(
        &format!(
            "[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\ncolour = 1\n{VALID_EVENT}"
        ),
        None,
    );
    let stderr = check_error(temp.path());
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_glob() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/[**\"]\n{VALID_EVENT}"),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("invalid glob"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn target_outside_range() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 120\npaths = [\"src/**\"]\n{VALID_EVENT}"),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("target 120 is outside 0-100"), "{stderr}");
    assert!(stderr.contains(":3:"), "the error names line 3: {stderr}");
}

#[test]
fn duplicate_event_id() {
    let temp = project(
        &format!(
            "[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n{VALID_EVENT}{VALID_EVENT}"
        ),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("duplicate event id `placed`"), "{stderr}");
}

#[test]
fn duplicate_area_id() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n{VALID_EVENT}"),
        None,
    );
    std::fs::write(
        temp.path().join("rules/more.toml"),
        format!("[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n{VALID_EVENT}"),
    )
    .unwrap();
    let stderr = check_error(temp.path());
    assert!(stderr.contains("duplicate area id `orders`"), "{stderr}");
}

#[test]
fn area_matching_no_file() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 90\npaths = [\"backend/**\"]\n{VALID_EVENT}"),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("area `orders` matches no file"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn event_without_fields_or_reason() {
    let temp = project(
        "[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n\n[[event]]\nid = \"placed\"\nanchor = \"file\"\n",
        None,
    );
    let stderr = check_error(temp.path());
    assert!(
        stderr.contains("names no fields and gives no reason"),
        "{stderr}"
    );
}

#[test]
fn area_without_paths() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 90\n{VALID_EVENT}"),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("area `orders` has no paths"), "{stderr}");
}

#[test]
fn unknown_anchor_and_level() {
    let temp = project(
        "[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n\n[[event]]\nid = \"placed\"\nfields = [\"orderId\"]\nlevel = \"loud\"\nanchor = \"functon\"\n",
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("unknown anchor `functon`"), "{stderr}");
    assert!(
        stderr.contains("use one of file, function, call, error-handler"),
        "{stderr}"
    );
}

#[test]
fn undefined_context() {
    let temp = project(
        &format!(
            "[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\ncontexts = [\"request\"]\n{VALID_EVENT}"
        ),
        None,
    );
    let stderr = check_error(temp.path());
    assert!(
        stderr.contains("context `request` is not defined"),
        "{stderr}"
    );
}

#[test]
fn config_unknown_key() {
    let temp = project(
        &format!("[area]\nid = \"orders\"\ntarget = 90\npaths = [\"src/**\"]\n{VALID_EVENT}"),
        Some("rules = [\"rules\"]\nloggerz = [\"x\"]\n"),
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("logcov.toml"), "{stderr}");
    assert!(stderr.contains("unknown field `loggerz`"), "{stderr}");
}

#[test]
fn several_errors_reported_together() {
    let temp = project(
        "[area]\nid = \"Orders\"\ntarget = -1\npaths = [\"src/**\"]\n\n[[event]]\nid = \"placed\"\nfields = [\"a||b\"]\nanchor = \"file\"\n",
        None,
    );
    let stderr = check_error(temp.path());
    assert!(stderr.contains("3 error(s)"), "{stderr}");
}
