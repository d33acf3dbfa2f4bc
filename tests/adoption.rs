//! Adoption on a legacy codebase: baselines, suppressions and `--changed-since`.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

mod common;

fn logcov(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("logcov").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

fn output(command: &mut Command) -> (i32, String) {
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (
        output.status.code().unwrap_or(-1),
        format!("{stdout}{stderr}"),
    )
}

#[test]
fn baseline_passes_unchanged_tree_and_fails_new_unit() {
    let temp = common::scratch_copy("shop");
    let dir = temp.path();
    let (code, text) = output(logcov(dir).args(["baseline", "--output", "base.json"]));
    assert_eq!(code, 0, "{text}");
    let baseline = std::fs::read_to_string(dir.join("base.json")).unwrap();
    assert!(
        !baseline.contains("\"line\""),
        "baseline entries carry no line numbers: {baseline}"
    );

    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 0, "an unchanged tree passes:\n{text}");
    assert!(
        text.contains("0 fixed since the baseline") || !text.contains("fixed:"),
        "{text}"
    );

    // Lines added above every unit do not disturb the baseline.
    let file = dir.join("src/payments/checkout.ts");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("// moved\n\n\n{original}")).unwrap();
    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 0, "moved lines keep the baseline:\n{text}");

    // A new uncovered handler fails.
    let mut added = std::fs::read_to_string(&file).unwrap();
    added.push_str("\nexport function captureGift(orderId: string): void {\n  try { gateway.gift(orderId); } catch (err) { }\n}\n");
    std::fs::write(&file, &added).unwrap();
    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 1, "a new uncovered unit fails:\n{text}");
    assert!(text.contains("captureGift"), "{text}");
}

#[test]
fn baseline_reports_fixed_units_and_prunes() {
    let temp = common::scratch_copy("shop");
    let dir = temp.path();
    assert_eq!(
        output(logcov(dir).args(["baseline", "--output", "base.json"])).0,
        0
    );
    let file = dir.join("src/worker/settle.py");
    let text = std::fs::read_to_string(&file).unwrap();
    let fixed = text.replace("        except ValueError:\n            pass\n", "        except ValueError as error:\n            logger.warning(\"bad order\", extra={\"error\": str(error)})\n");
    assert_ne!(text, fixed);
    std::fs::write(&file, fixed).unwrap();
    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("1 fixed since the baseline"), "{text}");
    assert!(
        text.contains("fixed: src/worker/settle.py: payments/handler-logs-error in capture_batch"),
        "{text}"
    );

    // The review report shows the change of coverage against the baseline: 8/16 to 9/16.
    let (_, markdown) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "markdown"]));
    assert!(
        markdown.contains("| Payments | 56.2% | 100% | +6.2 | 9/16 |"),
        "{markdown}"
    );

    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("base.json")).unwrap()).unwrap();
    let (code, text) = output(logcov(dir).args(["baseline", "--prune", "--output", "base.json"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("pruned 1 of"), "{text}");
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("base.json")).unwrap()).unwrap();
    assert_eq!(
        before["entries"].as_array().unwrap().len(),
        after["entries"].as_array().unwrap().len() + 1
    );
}

#[test]
fn suppressions_are_counted_apart_and_checked() {
    let temp = common::scratch_copy("shop");
    let dir = temp.path();
    let (_, text) = output(logcov(dir).args(["check", "--show-suppressed", "--format", "concise"]));
    assert!(text.contains("1 suppressed unit(s)"), "{text}");
    assert!(
        text.contains("the caller retries and logs the final failure"),
        "{text}"
    );

    let file = dir.join("src/payments/checkout.ts");
    let mut source = std::fs::read_to_string(&file).unwrap();
    source.push_str("// logcov-ignore[no-such-event]: typo\n// logcov-ignore[capture]\n// logcov-ignore[gateway-call]: nothing here\nexport const x = 1;\n");
    std::fs::write(&file, source).unwrap();
    let (_, text) = output(logcov(dir).args(["check", "--format", "concise"]));
    assert!(text.contains("warning[unknown-suppression]"), "{text}");
    assert!(
        text.contains("warning[suppression-without-reason]"),
        "{text}"
    );
    assert!(text.contains("warning[unused-suppression]"), "{text}");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn changed_since_scores_the_patch() {
    let temp = common::scratch_copy("shop-fixed");
    let dir = temp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);

    let (code, text) =
        output(logcov(dir).args(["check", "--changed-since", "HEAD", "--format", "concise"]));
    assert_eq!(code, 0, "no change, nothing to fail:\n{text}");
    assert!(text.contains("patch coverage: n/a (0/0 units"), "{text}");

    // A new function with an unlogged handler: the patch fails.
    let file = dir.join("src/payments/checkout.ts");
    let mut source = std::fs::read_to_string(&file).unwrap();
    source.push_str("\nexport function captureGift(orderId: string): void {\n  try { gateway.gift(orderId); } catch (err) { }\n}\n");
    std::fs::write(&file, source).unwrap();
    git(dir, &["commit", "-q", "-am", "gift"]);
    let (code, text) =
        output(logcov(dir).args(["check", "--changed-since", "HEAD~1", "--format", "concise"]));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("captureGift"), "{text}");
    assert!(text.contains("patch coverage: 0.0%"), "{text}");
    assert!(
        !text.contains("settle.py"),
        "unchanged files are not scored: {text}"
    );

    // The review report compares the changed files with their state at the revision.
    let (_, markdown) =
        output(logcov(dir).args(["check", "--changed-since", "HEAD~1", "--format", "markdown"]));
    assert!(
        markdown.contains("| Payments | 72.7% | 100% | -27.3 | 8/11 |"),
        "{markdown}"
    );

    // The project gate judges every file.
    let (code, text) = output(logcov(dir).args([
        "check",
        "--changed-since",
        "HEAD~1",
        "--gate",
        "project",
        "--format",
        "concise",
    ]));
    assert_eq!(code, 1, "{text}");

    let (code, text) = output(logcov(dir).args(["check", "--changed-since", "no-such-rev"]));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("`no-such-rev` is not a commit"), "{text}");
}

#[test]
fn changed_since_reads_unusual_paths() {
    let temp = common::scratch_copy("shop-fixed");
    let dir = temp.path();
    let covered = "export function captureA(orderId: string, amountCents: number) {\n  logger.info('a', { orderId, amountCents });\n}\n";
    for name in ["sp ace.ts", "ünï.ts"] {
        std::fs::write(dir.join("src/payments").join(name), covered).unwrap();
    }
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["-c", "diff.noprefix=true", "add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    let uncovered = "export function captureZ(orderId: string) {\n  logger.info('z');\n}\n";
    for name in ["sp ace.ts", "ünï.ts"] {
        let file = dir.join("src/payments").join(name);
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(uncovered);
        std::fs::write(&file, text).unwrap();
    }
    std::fs::write(dir.join("src/payments/nëw file.ts"), uncovered).unwrap();
    // A user's diff settings must not change what logcov reads.
    git(dir, &["config", "diff.noprefix", "true"]);
    let (code, text) =
        output(logcov(dir).args(["check", "--changed-since", "HEAD", "--format", "concise"]));
    assert_eq!(code, 1, "{text}");
    for name in ["sp ace.ts", "ünï.ts", "nëw file.ts"] {
        assert!(
            text.contains(&format!("src/payments/{name}:")),
            "{name} is scored:\n{text}"
        );
    }
    assert!(text.contains("patch coverage: 0.0% (0/3 units"), "{text}");
}

#[test]
fn baseline_survives_a_new_handler_in_the_same_function() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let file = dir.join("src/app.ts");
    let original = "export function f() {\n  try { a(); } catch (err) { retry(); }\n}\n";
    std::fs::write(&file, original).unwrap();
    assert_eq!(
        output(logcov(dir).args(["baseline", "--output", "base.json"])).0,
        0
    );

    // A logged handler above the known one: nothing new, nothing fixed.
    let logged_first = "export function f() {\n  try { b(); } catch (err) { logger.warn('b failed', { err }); }\n  try { a(); } catch (err) { retry(); }\n}\n";
    std::fs::write(&file, logged_first).unwrap();
    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 fixed since the baseline"), "{text}");

    // An unlogged handler above it: the new one is reported, the known one is not.
    let unlogged_first = "export function f() {\n  try { b(); } catch (err) { skip(); }\n  try { a(); } catch (err) { retry(); }\n}\n";
    std::fs::write(&file, unlogged_first).unwrap();
    let (code, text) =
        output(logcov(dir).args(["check", "--baseline", "base.json", "--format", "concise"]));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("src/app.ts:2:"), "{text}");
    assert!(!text.contains("src/app.ts:3:"), "{text}");
}
