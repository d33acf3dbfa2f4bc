//! The real binary on fixture projects: outputs pinned with insta, exit codes asserted.
//!
//! `tests/fixtures/projects/shop` is a small TypeScript, Python and Rust project with
//! one area, `payments`. Its expected verdicts:
//! - `checkout.ts`: `captureCard` is covered. Its call carries orderId and amountCents,
//!   requestId comes from the request context, and `withTiming` wraps the gateway call.
//!   `captureWallet` lacks amountCents, and its gateway call logs no latency. `refund`'s
//!   re-throwing catch is suppressed with a reason. The `.catch(cb)` logs at warn.
//! - `worker/settle.py`: the worker runs outside the request context, so `capture_batch`
//!   lacks requestId. The `except ValueError: pass` handler is unlogged.
//! - `ledger/post.rs`: `#[instrument]` records order_id and amount_cents and declares
//!   provider, so `capture_entry` and its `client.post` call are covered. `replay`'s
//!   call is not covered, but its `Err` arm is.
//!
//! `shop-fixed` is the same project with every unit covered.

use std::path::Path;

use assert_cmd::Command;

mod common;

use common::{copy_tree, fixture};

fn logcov(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("logcov").unwrap();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

fn stdout_of(command: &mut Command, expected_code: i32) -> String {
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

fn stderr_of(command: &mut Command, expected_code: i32) -> String {
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stderr
}

#[test]
fn check_shop_human() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--files"]), 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_shop_concise() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "concise"]), 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_shop_from_parent_directory() {
    // The configuration is found from the checked path, so the result is the same.
    let dir = fixture("shop");
    let parent = dir.parent().unwrap();
    let from_parent = stdout_of(
        logcov(parent).args(["check", "shop", "--format", "concise"]),
        1,
    );
    let from_inside = stdout_of(logcov(&dir).args(["check", "--format", "concise"]), 1);
    assert_eq!(from_parent, from_inside);
}

#[test]
fn check_quiet_prints_verdict_only() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--quiet"]), 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("logcov: failed"), "{stdout}");
}

#[test]
fn check_fail_under_zero_passes() {
    let dir = fixture("shop");
    let stdout = stdout_of(
        logcov(&dir).args(["check", "--quiet", "--fail-under", "0"]),
        0,
    );
    assert!(stdout.starts_with("logcov: passed"), "{stdout}");
}

#[test]
fn check_fixed_shop_passes() {
    let dir = fixture("shop-fixed");
    let stdout = stdout_of(logcov(&dir).args(["check"]), 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_json_report() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "json"]), 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["exit_code"], 1);
    assert_eq!(value["summary"]["suppressed"], 1);
    insta::assert_json_snapshot!(value, { ".tool.version" => "[version]" });
}

#[test]
fn check_sarif_report() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "sarif"]), 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!(value, { ".runs[0].tool.driver.version" => "[version]" });
}

#[test]
fn sarif_validates_against_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas/sarif-2.1.0.json");
    let text = std::fs::read_to_string(schema_path).unwrap();
    // The published schema's pattern for `run.language` has an unescaped `]`, which
    // ECMAScript regexes take as a literal and Rust's regex crate rejects; escape it.
    let text = text.replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(
        !validator.is_valid(&broken),
        "the validator must reject a run without a tool"
    );
    for project in ["shop", "shop-fixed"] {
        let dir = fixture(project);
        let output = logcov(&dir)
            .args(["check", "--format", "sarif"])
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{project}: SARIF does not validate:\n{}",
            errors.join("\n")
        );
        let results = value["runs"][0]["results"].as_array().unwrap();
        for result in results {
            assert!(result["partialFingerprints"]["logcov/v1"].is_string());
        }
    }
}

#[test]
fn sarif_fingerprints_survive_line_moves() {
    let temp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("shop"), temp.path());
    let fingerprints = |dir: &Path| -> Vec<String> {
        let output = logcov(dir)
            .args(["check", "--format", "sarif"])
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut prints: Vec<String> = value["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["logcov/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        prints.sort();
        prints
    };
    let before = fingerprints(temp.path());
    let file = temp.path().join("src/payments/checkout.ts");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("// a new header line\n\n{text}")).unwrap();
    let after = fingerprints(temp.path());
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

#[test]
fn check_github_annotations() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "github"]), 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn github_format_appends_step_summary() {
    let dir = fixture("shop");
    let temp = tempfile::tempdir().unwrap();
    let summary = temp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    logcov(&dir)
        .args(["check", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .code(1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n"), "{text}");
    assert!(text.contains("| Payments |"), "{text}");
}

#[test]
fn check_markdown_report() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "markdown"]), 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_junit_report() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "junit"]), 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_gitlab_report() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["check", "--format", "gitlab"]), 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn several_formats_in_one_run() {
    let dir = fixture("shop");
    let temp = tempfile::tempdir().unwrap();
    let sarif = temp.path().join("out.sarif");
    let json = temp.path().join("out.json");
    let stdout = stdout_of(
        logcov(&dir)
            .args(["check", "--format", "sarif", "--output"])
            .arg(&sarif)
            .args(["--format", "json", "--output"])
            .arg(&json)
            .args(["--format", "concise"]),
        1,
    );
    assert!(stdout.contains("payments/capture"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let sarif_count = sarif["runs"][0]["results"].as_array().unwrap().len();
    let json_count = json["findings"].as_array().unwrap().len();
    assert_eq!(sarif_count, json_count);
}

#[test]
fn inspect_json_per_language() {
    let dir = fixture("shop");
    for (name, path) in [
        ("typescript", "src/payments/checkout.ts"),
        ("python", "src/worker/settle.py"),
        ("rust", "src/ledger/post.rs"),
    ] {
        let stdout = stdout_of(logcov(&dir).args(["inspect", path]), 0);
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(value["files"][0]["language"], name);
        insta::assert_json_snapshot!(format!("inspect_{name}"), value);
    }
}

#[test]
fn inspect_text_format() {
    let dir = fixture("shop");
    let stdout = stdout_of(
        logcov(&dir).args(["inspect", "--format", "text", "src/payments/checkout.ts"]),
        0,
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn rules_table() {
    let dir = fixture("shop");
    let stdout = stdout_of(logcov(&dir).args(["rules"]), 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_check_and_event() {
    let dir = fixture("shop");
    let check = stdout_of(logcov(&dir).args(["explain", "pino-argument-order"]), 0);
    assert!(check.contains("first"), "{check}");
    let event = stdout_of(logcov(&dir).args(["explain", "payments/capture"]), 0);
    insta::assert_snapshot!(event);
    let unknown = stderr_of(logcov(&dir).args(["explain", "no-such-thing"]), 2);
    assert!(
        unknown.contains("neither a check nor an event"),
        "{unknown}"
    );
}

#[test]
fn init_writes_a_starter_project() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/app.ts"), "export function f() {\n  try { g(); } catch (err) { logger.warn('g failed', { err }); }\n}\n").unwrap();
    let stdout = stdout_of(logcov(dir).args(["init"]), 0);
    assert!(stdout.contains("logcov.toml"), "{stdout}");
    assert!(dir.join("logcov.toml").is_file());
    assert!(dir.join("rules/errors.toml").is_file());
    let report = stdout_of(logcov(dir).args(["check", "--quiet"]), 0);
    assert!(report.starts_with("logcov: passed"), "{report}");
    let again = stderr_of(logcov(dir).args(["init"]), 2);
    assert!(again.contains("already exists"), "{again}");
    assert!(again.contains("--force"), "{again}");
}

#[test]
fn completions_and_man_page() {
    let dir = fixture("shop");
    let bash = stdout_of(logcov(&dir).args(["completions", "bash"]), 0);
    assert!(bash.contains("logcov"), "{bash}");
    assert!(bash.contains("--changed-since"), "{bash}");
    let man = stdout_of(logcov(&dir).args(["man"]), 0);
    assert!(man.contains(".TH logcov"), "{man}");
}

#[test]
fn html_needs_an_output_folder() {
    let dir = fixture("shop");
    let stderr = stderr_of(logcov(&dir).args(["check", "--format", "html"]), 2);
    assert!(stderr.contains("needs its --output DIR"), "{stderr}");
}

#[test]
fn default_rules_without_configuration() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("app.py"),
        "try:\n    run()\nexcept Exception:\n    pass\n",
    )
    .unwrap();
    let stdout = stdout_of(
        logcov(temp.path()).args(["check", "--format", "concise"]),
        1,
    );
    assert!(
        stdout.contains("app.py:3:1: error[error-handlers/handler-logs-error]"),
        "{stdout}"
    );
    let rules = stdout_of(logcov(temp.path()).args(["rules"]), 0);
    assert!(rules.contains("the built-in default rules"), "{rules}");
}

#[test]
fn excluded_and_ignored_paths_are_not_read() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let unlogged = "export function f() {\n  try { g(); } catch (err) { }\n}\n";
    for path in [
        "src/app.ts",
        "vendor/lib/x.ts",
        "build/out.js",
        "src/gen/y.ts",
    ] {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, unlogged).unwrap();
    }
    std::fs::write(
        dir.join("logcov.toml"),
        "exclude = [\"vendor/**\", \"**/gen/*.ts\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    let stdout = stdout_of(logcov(dir).args(["check", "--format", "concise"]), 1);
    assert!(stdout.contains("src/app.ts:2:"), "{stdout}");
    assert!(!stdout.contains("vendor/"), "{stdout}");
    assert!(!stdout.contains("build/"), "{stdout}");
    assert!(!stdout.contains("gen/"), "{stdout}");
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let dir = common::repository().join("fixtures/hannibal");
    let run = |threads: &str| {
        let output = logcov(&dir)
            .args(["check", "--format", "json"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let one = run("1");
    assert!(one.contains("\"units\""), "{one}");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("16"));
}

#[test]
fn outputs_that_would_clash_are_rejected() {
    let temp = common::scratch_copy("shop");
    let dir = temp.path();
    let before = std::fs::read_to_string(dir.join("src/payments/checkout.ts")).unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "src/payments/checkout.ts",
                "--format",
                "junit",
                "--output",
                "src/payments/checkout.ts",
            ],
            "is one of the checked files",
        ),
        (
            &["--format", "junit", "--output", "report.ts"],
            "looks like a source file",
        ),
        (
            &["--format", "json", "--format", "sarif"],
            "written to standard output together",
        ),
        (
            &["--format", "html", "--output", "-"],
            "needs its --output DIR",
        ),
    ];
    for (args, message) in cases {
        let stderr = stderr_of(logcov(dir).arg("check").args(args), 2);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("src/payments/checkout.ts")).unwrap(),
        before
    );
    assert!(!dir.join("-").exists());
}

#[test]
fn subdirectory_scores_the_areas_it_reaches() {
    let dir = common::repository().join("fixtures/hannibal");
    let stdout = stdout_of(
        logcov(&dir).args(["check", "backend", "--format", "json"]),
        1,
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let frontend = report["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "frontend")
        .unwrap();
    assert_eq!(
        frontend["coverage"],
        serde_json::Value::Null,
        "no frontend file is under backend/"
    );
    assert_eq!(frontend["files"], 0);
}

#[test]
fn unreadable_file_outside_every_area_is_a_warning() {
    let temp = common::scratch_copy("shop-fixed");
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("other")).unwrap();
    std::fs::write(dir.join("other/latin1.py"), b"# caf\xe9\n").unwrap();
    let stdout = stdout_of(logcov(dir).args(["check", "--format", "concise"]), 0);
    assert!(
        stdout.contains("other/latin1.py:1:1: warning[skipped-file] invalid UTF-8"),
        "{stdout}"
    );

    std::fs::write(dir.join("src/payments/latin1.ts"), b"// caf\xe9\n").unwrap();
    let stdout = stdout_of(logcov(dir).args(["check", "--format", "concise"]), 2);
    assert!(
        stdout.contains("src/payments/latin1.ts:1:1: error[unreadable-file]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("logcov: error: 1 file(s) could not be read; passed"),
        "{stdout}"
    );
}

#[test]
fn stale_function_glob_fails_the_gate() {
    let temp = common::scratch_copy("shop-fixed");
    let dir = temp.path();
    let rules = dir.join("rules/payments.toml");
    let text = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(
        &rules,
        text.replace(
            "functions = [\"capture*\"]",
            "functions = [\"captureRenamed\"]",
        ),
    )
    .unwrap();
    let stdout = stdout_of(logcov(dir).args(["check", "--format", "concise"]), 1);
    assert!(stdout.contains("rules/payments.toml:1:1: error[unmatched-function-pattern] payments/capture: functions captureRenamed match no function"), "{stdout}");
}
