//! `--changed-since REV`: the files and lines changed since a git revision.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Changed lines per file, relative to the project root. A file whose lines are all new
/// (untracked, or added since REV) has every line listed.
pub struct Changes {
    pub files: BTreeMap<String, BTreeSet<u32>>,
    /// Absolute paths of the changed files that still exist.
    pub paths: Vec<PathBuf>,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("failed to run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads the changes since `revision` in the repository that contains `root`.
pub fn since(root: &Path, revision: &str) -> Result<Changes, String> {
    if revision.starts_with('-') {
        return Err(format!("`{revision}` is not a revision"));
    }
    let top = PathBuf::from(git(root, &["rev-parse", "--show-toplevel"])?.trim());
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("`{revision}` is not a commit in {}", top.display()))?;
    // Fixed prefixes and unquoted paths, whatever the user's diff settings are.
    let diff = git(
        &top,
        &[
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "-U0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            revision,
            "--",
        ],
    )?;
    let mut by_repo_path: BTreeMap<String, BTreeSet<u32>> = parse_unified_diff(&diff);
    let untracked = git(
        &top,
        &[
            "-c",
            "core.quotePath=false",
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
        ],
    )?;
    for path in untracked.split('\0').filter(|l| !l.is_empty()) {
        let text = std::fs::read_to_string(top.join(path)).unwrap_or_default();
        let count = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        by_repo_path.insert(path.to_string(), (1..=count.max(1)).collect());
    }
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let mut files = BTreeMap::new();
    let mut paths = Vec::new();
    for (repo_path, lines) in by_repo_path {
        let absolute = top.join(&repo_path);
        let Ok(relative) = absolute.strip_prefix(&root) else {
            continue;
        };
        if absolute.is_file() {
            paths.push(absolute.clone());
            files.insert(relative.to_string_lossy().replace('\\', "/"), lines);
        }
    }
    Ok(Changes { files, paths })
}

/// A copy of the repository's tree at a revision, in a temporary directory that is
/// removed on drop.
pub struct RevisionTree {
    dir: PathBuf,
    /// The project root inside the copy.
    pub root: PathBuf,
}

impl Drop for RevisionTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Extracts the tree of `revision` (with `git archive`) so the base can be scored.
pub fn checkout(root: &Path, revision: &str) -> Result<RevisionTree, String> {
    let top = PathBuf::from(git(root, &["rev-parse", "--show-toplevel"])?.trim());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let prefix = root
        .strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("logcov-base-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("failed to create {}: {e}", dir.display()))?;
    let tree = RevisionTree {
        root: dir.join(&prefix),
        dir,
    };
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", revision])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("failed to run git archive: {e}"))?;
    let stdout = archive.stdout.take().ok_or("git archive gave no output")?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&tree.dir)
        .stdin(stdout)
        .status()
        .map_err(|e| format!("failed to run tar: {e}"))?;
    let archived = archive
        .wait()
        .map_err(|e| format!("git archive failed: {e}"))?;
    if !archived.success() || !untar.success() {
        return Err(format!("failed to extract revision `{revision}`"));
    }
    Ok(tree)
}

/// Parses `git diff -U0` output into the added or changed lines of each new file.
pub fn parse_unified_diff(diff: &str) -> BTreeMap<String, BTreeSet<u32>> {
    let mut files: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = diff_path(path);
            if let Some(path) = &current {
                files.entry(path.clone()).or_default();
            }
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            let Some(path) = &current else {
                continue;
            };
            let Some(new) = hunk.split(' ').find(|part| part.starts_with('+')) else {
                continue;
            };
            let (start, count) = match new[1..].split_once(',') {
                Some((start, count)) => (start.parse().unwrap_or(0), count.parse().unwrap_or(0)),
                None => (new[1..].parse().unwrap_or(0), 1),
            };
            let lines = files.entry(path.clone()).or_default();
            lines.extend(start..start + count);
        }
    }
    files
}

/// Reads the path of a `+++ b/path` line: git ends a path that contains a space with a
/// tab, and quotes one with special characters C-style (`"b/caf\303\251.ts"`).
fn diff_path(field: &str) -> Option<String> {
    let field = field.strip_suffix('\t').unwrap_or(field);
    let unquoted = match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(quoted) => unquote(quoted),
        None => field.to_string(),
    };
    unquoted.strip_prefix("b/").map(str::to_string)
}

/// Undoes git's C-style quoting: `\\`, `\"`, `\t`, `\n` and octal bytes.
fn unquote(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let mut chars = text.bytes().peekable();
    while let Some(byte) = chars.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    if let Some(next @ b'0'..=b'7') = chars.peek().copied() {
                        value = value * 8 + u32::from(next - b'0');
                        chars.next();
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_new_lines() {
        let diff = "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -3,0 +4,2 @@\n+x\n+y\n@@ -10 +12 @@\n-a\n+b\n@@ -20,3 +22,0 @@\n";
        let files = parse_unified_diff(diff);
        let lines: Vec<u32> = files["src/a.ts"].iter().copied().collect();
        assert_eq!(lines, vec![4, 5, 12]);
    }

    #[test]
    fn paths_with_spaces_and_quotes() {
        assert_eq!(
            diff_path("b/src/sp ace.ts\t").as_deref(),
            Some("src/sp ace.ts")
        );
        assert_eq!(
            diff_path("\"b/src/caf\\303\\251.ts\"").as_deref(),
            Some("src/café.ts")
        );
        assert_eq!(diff_path("\"b/a\\\"b.ts\"").as_deref(), Some("a\"b.ts"));
        assert_eq!(diff_path("/dev/null"), None);
    }
}
