//! Bad input: each case gives a warning naming the file and never a panic; the run goes
//! on; logcov never writes to the files it reads.

use std::path::Path;

use assert_cmd::Command;

fn run_check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .args(["--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "logcov panicked:\n{stderr}");
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

/// A project with one good file that must still be scored.
fn project() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(temp.path().join("src")).unwrap();
    std::fs::write(
        temp.path().join("src/good.ts"),
        "export function f() {\n  try { g(); } catch (err) { logger.error('g failed', { err }); }\n}\n",
    )
    .unwrap();
    temp
}

fn snapshot_files(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(metadata) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if metadata.is_dir() {
                stack.push(path);
            } else if metadata.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                files.push((
                    path.display().to_string(),
                    bytes,
                    metadata.modified().unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let temp = project();
    std::fs::write(
        temp.path().join("src/latin1.ts"),
        b"const a = 1;\nconst b = '\xe9t\xe9';\n",
    )
    .unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("src/latin1.ts:2:1: error[unreadable-file] invalid UTF-8"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Error handlers"),
        "the run goes on: {stdout}"
    );
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let temp = project();
    std::fs::write(temp.path().join("src/blob.js"), b"\x00\x01\x02binary").unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("src/blob.js:1:1: warning[skipped-file] skipped: binary file"),
        "{stdout}"
    );
}

#[test]
fn huge_file_is_skipped_with_a_warning() {
    let temp = project();
    std::fs::write(temp.path().join("logcov.toml"), "max_file_size = 1000\n").unwrap();
    std::fs::write(temp.path().join("src/bundle.js"), "x();\n".repeat(1000)).unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "src/bundle.js:1:1: warning[skipped-file] skipped: 5000 bytes is over max_file_size"
        ),
        "{stdout}"
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let temp = project();
    let depth = 100_000;
    let ts = format!("const x = {}1{};\n", "(".repeat(depth), ")".repeat(depth));
    let py = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let rs = format!(
        "fn f() {{ let x = {}1{}; }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    std::fs::write(temp.path().join("src/deep.ts"), ts).unwrap();
    std::fs::write(temp.path().join("src/deep.py"), py).unwrap();
    std::fs::write(temp.path().join("src/deep.rs"), rs).unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert!(code == 0 || code == 1, "{stdout}");
    assert!(stdout.contains("Error handlers"), "{stdout}");
}

#[test]
fn syntax_error_keeps_other_facts() {
    let temp = project();
    std::fs::write(
        temp.path().join("src/broken.ts"),
        "export function a() {\n  try { x(); } catch (e) { }\n}\nconst = = ;\nexport function b() {\n  try { y(); } catch (e) { }\n}\n",
    )
    .unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("src/broken.ts:4:"),
        "a parse warning names the file and line: {stdout}"
    );
    assert!(stdout.contains("warning[parse-error]"), "{stdout}");
    assert!(
        stdout.contains("src/broken.ts:2:"),
        "the handler before the error is found: {stdout}"
    );
    assert!(
        stdout.contains("src/broken.ts:6:"),
        "the handler after the error is found: {stdout}"
    );
}

#[test]
fn symlink_loop_and_dangling_link_are_reported() {
    let temp = project();
    std::os::unix::fs::symlink(temp.path().join("src"), temp.path().join("src/loop")).unwrap();
    std::os::unix::fs::symlink(
        temp.path().join("src/missing.ts"),
        temp.path().join("src/dangling.ts"),
    )
    .unwrap();
    let (code, stdout, _) = run_check(temp.path(), &[]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("unreadable-file"), "{stdout}");
    assert!(
        stdout.contains("loop") || stdout.contains("Loop"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Error handlers"),
        "the run goes on: {stdout}"
    );
}

#[test]
fn missing_path_is_an_error_that_names_it() {
    let temp = project();
    let (code, stdout, _) = run_check(temp.path(), &["src/good.ts", "src/nope.ts"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("src/nope.ts"), "{stdout}");
}

#[test]
fn sources_are_never_written() {
    let temp = project();
    std::fs::write(temp.path().join("src/latin1.ts"), b"const b = '\xe9';\n").unwrap();
    std::fs::write(
        temp.path().join("src/app.py"),
        "try:\n    run()\nexcept Exception:\n    pass\n",
    )
    .unwrap();
    let before = snapshot_files(temp.path());
    run_check(temp.path(), &[]);
    run_check(temp.path(), &["--format", "json"]);
    let after = snapshot_files(temp.path());
    assert_eq!(before, after);
}
