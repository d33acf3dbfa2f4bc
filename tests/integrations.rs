//! Integrations with other tools: the HTML report in headless Chromium, and the
//! pre-commit hook run by the real `pre-commit` tool in a scratch repository.
//!
//! Both tools are installed by `scripts/test.sh`; these tests fail, rather than skip,
//! when a tool is missing, so a CI run cannot pass without them.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

mod common;

fn find_tool(names: &[&str]) -> String {
    for name in names {
        if Process::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return (*name).to_string();
        }
    }
    panic!("none of {names:?} is installed; run scripts/test.sh, which installs it");
}

/// Renders `page` in headless Chromium and returns the DOM after layout.
fn render_in_chromium(page: &Path) -> String {
    let chromium = find_tool(&["chromium", "chromium-browser"]);
    let profile = tempfile::tempdir().unwrap();
    let output = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn html_report_renders_in_chromium() {
    let temp = common::scratch_copy("shop");
    let dir = temp.path();
    // Text from the code that would break out of the page if it were not escaped.
    let file = dir.join("src/payments/checkout.ts");
    let mut source = std::fs::read_to_string(&file).unwrap();
    source.push_str("\nexport function captureHtml(): void {\n  try { gateway.x('</td><script>document.title=\"owned\"</script>'); } catch (err) { }\n}\n");
    std::fs::write(&file, source).unwrap();

    let report = dir.join("report");
    let status = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "html", "--output"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );

    let index = render_in_chromium(&report.join("index.html"));
    assert!(index.contains("logcov: log coverage failed"), "{index}");
    assert!(index.contains("Payments"), "{index}");
    assert!(index.contains("src/payments/checkout.ts"), "{index}");

    let page_link = index
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.starts_with("src_payments_checkout.ts"))
        .expect("the index links to the file page");
    let page = render_in_chromium(&report.join(page_link));
    assert!(
        page.contains("missing payments/gateway-call: fields provider, latencyMs, statusCode"),
        "{page}"
    );
    assert!(page.contains("covered payments/capture"), "{page}");
    assert!(
        !page.contains("<script>document.title"),
        "source text must be escaped: {page}"
    );
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(!page.contains("<title>owned</title>"), "{page}");
}

#[test]
fn pre_commit_hook_runs_from_scratch_repository() {
    let pre_commit = find_tool(&["pre-commit"]);
    // The hook repository: this checkout's hook definitions in a repository of their own,
    // so the test sees the working tree's .pre-commit-hooks.yaml even before a commit.
    let hooks = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        hooks.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    common::git(hooks.path(), &["init", "-q", "-b", "main"]);
    common::git(hooks.path(), &["add", "."]);
    common::git(hooks.path(), &["commit", "-q", "-m", "hooks"]);
    let revision = common::git(hooks.path(), &["rev-parse", "HEAD"])
        .trim()
        .to_string();

    let project = common::scratch_copy("shop");
    let dir = project.path();
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {revision}\n    hooks:\n      - id: logcov-system\n",
            hooks.path().display()
        ),
    )
    .unwrap();
    common::git(dir, &["init", "-q", "-b", "main"]);
    common::git(dir, &["add", "."]);

    let binary = assert_cmd::cargo::cargo_bin("logcov");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Process::new(&pre_commit)
            .current_dir(dir)
            .args(args)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", home.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let failing = run(&["run", "--files", "src/payments/checkout.ts"]);
    let text = String::from_utf8_lossy(&failing.stdout);
    assert_eq!(
        failing.status.code(),
        Some(1),
        "the staged file misses its target:\n{text}"
    );
    assert!(text.contains("logcov (installed)"), "{text}");
    assert!(text.contains("logcov: failed"), "{text}");

    // The fixed checkout passes the hook.
    std::fs::copy(
        common::fixture("shop-fixed").join("src/payments/checkout.ts"),
        dir.join("src/payments/checkout.ts"),
    )
    .unwrap();
    common::git(dir, &["add", "."]);
    let passing = run(&["run", "--files", "src/payments/checkout.ts"]);
    let text = String::from_utf8_lossy(&passing.stdout);
    assert_eq!(passing.status.code(), Some(0), "{text}");
}
