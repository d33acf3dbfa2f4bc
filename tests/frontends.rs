//! Runs every frontend over the fixture files in `tests/fixtures/frontends/` and checks
//! the facts against the expectations written next to the code.
//!
//! An expectation is a comment that contains `expect:` followed by one or more clauses
//! separated by ` ; `. It applies to facts that start on the comment's own line; a comment
//! that is alone on its line applies to the next line that is not a comment. Clauses:
//!
//! - `log key=value ...`: a log call. Keys: `level`, `fields` (comma list, `-` for none,
//!   source order), `bound` (comma list, any order), `message` (`-` for none, quotes
//!   optional), `function` (`-` for module level), `logger`, `library`, `emits`
//!   (`true`/`false`).
//! - `no-log`: no log call starts on the line.
//! - `handler key=value ...`: an error handler. Keys: `kind`, `status`, `function`.
//! - `no-handler`: no error handler starts on the line.
//! - `call key=value ...`: a call site. Keys: `callee`, `function`, `inside`.
//! - `function key=value ...`: a function. Keys: `name`, `exported`, `span_fields` (comma
//!   list, source order).
//! - `diagnostic key=value ...`: a file diagnostic. Keys: `code`, `severity`.
//! - `no-diagnostic`: no file diagnostic on the line.
//!
//! Log calls and error handlers are checked strictly: one that no expectation names fails
//! the test, so a false positive cannot slip in. A file whose first lines contain
//! `expect-file: clean` must also produce no diagnostic of severity warning or error
//! except those named.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use logcov::lang::{self, FileFacts, FrontendOptions, Language};

#[derive(Debug)]
struct Clause {
    kind: String,
    attributes: BTreeMap<String, String>,
}

#[derive(Debug)]
struct Expectation {
    line: u32,
    clauses: Vec<Clause>,
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/frontends");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if Language::from_path(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Splits `key=value key2="quoted value" flag` into pairs; a bare flag means `true`.
fn parse_attributes(text: &str) -> BTreeMap<String, String> {
    let mut attributes = BTreeMap::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let token_end = rest.find([' ', '=']).unwrap_or(rest.len());
        let key = &rest[..token_end];
        rest = &rest[token_end..];
        let Some(after) = rest.strip_prefix('=') else {
            attributes.insert(key.to_string(), "true".to_string());
            rest = rest.trim_start();
            continue;
        };
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').expect("unterminated quoted value");
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        attributes.insert(key.to_string(), value.to_string());
        rest = tail.trim_start();
    }
    attributes
}

fn parse_expectations(text: &str) -> Vec<Expectation> {
    let lines: Vec<&str> = text.lines().collect();
    let mut expectations = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(at) = line.find("expect:") else {
            continue;
        };
        let before = line[..at].trim();
        let is_comment_only = before == "//" || before == "#" || before == "/*" || before == "{/*";
        let mut target = index;
        if is_comment_only {
            target = index + 1;
            while target < lines.len() {
                let trimmed = lines[target].trim_start();
                if !(trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.is_empty()) {
                    break;
                }
                target += 1;
            }
        }
        let body = line[at + "expect:".len()..]
            .trim()
            .trim_end_matches("*/}")
            .trim_end_matches("*/")
            .trim();
        let clauses = body
            .split(" ; ")
            .map(|clause| {
                let clause = clause.trim();
                let (kind, rest) = clause.split_once(' ').unwrap_or((clause, ""));
                Clause {
                    kind: kind.to_string(),
                    attributes: parse_attributes(rest),
                }
            })
            .collect();
        expectations.push(Expectation {
            line: u32::try_from(target + 1).unwrap(),
            clauses,
        });
    }
    expectations
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".to_string())
}

fn list(values: &[String]) -> String {
    if values.is_empty() {
        "-".to_string()
    } else {
        values.join(",")
    }
}

fn sorted_list(text: &str) -> String {
    let mut items: Vec<&str> = text
        .split(',')
        .filter(|s| !s.is_empty() && *s != "-")
        .collect();
    items.sort_unstable();
    items.join(",")
}

/// Compares the expected attributes with the actual ones and returns what differs.
fn mismatches(expected: &BTreeMap<String, String>, actual: &BTreeMap<&str, String>) -> Vec<String> {
    let mut differences = Vec::new();
    for (key, want) in expected {
        let Some(have) = actual.get(key.as_str()) else {
            differences.push(format!("unknown key `{key}`"));
            continue;
        };
        let equal = if key == "bound" {
            sorted_list(want) == sorted_list(have)
        } else {
            want == have
        };
        if !equal {
            differences.push(format!("{key}: expected `{want}`, found `{have}`"));
        }
    }
    differences
}

fn log_attributes(call: &lang::LogCall) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("level", call.level.as_str().to_string()),
        ("fields", list(&call.fields)),
        ("bound", list(&call.bound_fields)),
        ("message", opt(&call.message)),
        ("function", opt(&call.function)),
        ("logger", call.logger.clone()),
        ("library", format!("{:?}", call.library).to_lowercase()),
        ("emits", call.emits.to_string()),
    ])
}

fn handler_attributes(handler: &lang::ErrorHandler) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("kind", handler.kind.as_str().to_string()),
        ("status", handler.status.as_str().to_string()),
        ("function", opt(&handler.function)),
    ])
}

fn call_attributes(site: &lang::CallSite) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("callee", site.callee.clone()),
        ("function", opt(&site.function)),
        ("inside", list(&site.inside)),
    ])
}

fn function_attributes(function: &lang::Function) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("name", function.name.clone()),
        ("exported", function.exported.to_string()),
        ("span_fields", list(&function.span_fields)),
    ])
}

fn diagnostic_attributes(diagnostic: &lang::FileDiagnostic) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("code", diagnostic.code.clone()),
        (
            "severity",
            format!("{:?}", diagnostic.severity).to_lowercase(),
        ),
    ])
}

/// Finds one actual fact on the line that matches every expected attribute; returns its
/// index or a description of the closest mismatch.
fn find_match<T>(
    candidates: &[(usize, &T)],
    used: &mut Vec<usize>,
    expected: &BTreeMap<String, String>,
    attributes: impl Fn(&T) -> BTreeMap<&'static str, String>,
) -> Result<(), String> {
    let mut closest = Vec::new();
    for (index, fact) in candidates {
        if used.contains(index) {
            continue;
        }
        let differences = mismatches(expected, &attributes(fact));
        if differences.is_empty() {
            used.push(*index);
            return Ok(());
        }
        closest = differences;
    }
    if candidates.is_empty() {
        Err("nothing found on this line".to_string())
    } else {
        Err(closest.join("; "))
    }
}

fn check_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let language = Language::from_path(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let facts: FileFacts = lang::analyze(language, &name, &text, &FrontendOptions::default());
    let expectations = parse_expectations(&text);
    let strict_diagnostics = text
        .lines()
        .take(5)
        .any(|l| l.contains("expect-file: clean"));

    let mut errors = String::new();
    for diagnostic in &facts.diagnostics {
        if logcov::engine::checks::find(&diagnostic.code).is_none() {
            let _ = writeln!(
                errors,
                "  {name}:{}: diagnostic code `{}` is not registered in engine::checks",
                diagnostic.line, diagnostic.code
            );
        }
    }
    let mut used_logs = Vec::new();
    let mut used_handlers = Vec::new();
    let mut used_diagnostics = Vec::new();

    for expectation in &expectations {
        let line = expectation.line;
        let logs: Vec<_> = facts
            .log_calls
            .iter()
            .enumerate()
            .filter(|(_, c)| c.line == line)
            .collect();
        let handlers: Vec<_> = facts
            .error_handlers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.line == line)
            .collect();
        let calls: Vec<_> = facts
            .call_sites
            .iter()
            .enumerate()
            .filter(|(_, c)| c.line == line)
            .collect();
        let functions: Vec<_> = facts
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.line == line)
            .collect();
        let diagnostics: Vec<_> = facts
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.line == line)
            .collect();
        let mut used_calls = Vec::new();
        let mut used_functions = Vec::new();

        for clause in &expectation.clauses {
            let result = match clause.kind.as_str() {
                "log" => find_match(&logs, &mut used_logs, &clause.attributes, log_attributes),
                "handler" => find_match(
                    &handlers,
                    &mut used_handlers,
                    &clause.attributes,
                    handler_attributes,
                ),
                "call" => find_match(&calls, &mut used_calls, &clause.attributes, call_attributes),
                "function" => find_match(
                    &functions,
                    &mut used_functions,
                    &clause.attributes,
                    function_attributes,
                ),
                "diagnostic" => find_match(
                    &diagnostics,
                    &mut used_diagnostics,
                    &clause.attributes,
                    diagnostic_attributes,
                ),
                "no-log" if logs.is_empty() => Ok(()),
                "no-log" => Err(format!("found log call(s): {:?}", logs)),
                "no-handler" if handlers.is_empty() => Ok(()),
                "no-handler" => Err(format!("found handler(s): {:?}", handlers)),
                "no-diagnostic" if diagnostics.is_empty() => Ok(()),
                "no-diagnostic" => Err(format!("found diagnostic(s): {:?}", diagnostics)),
                other => Err(format!("unknown clause `{other}`")),
            };
            if let Err(why) = result {
                let _ = writeln!(
                    errors,
                    "  {name}:{line}: `{} {:?}`: {why}",
                    clause.kind, clause.attributes
                );
            }
        }
    }

    for (index, call) in facts.log_calls.iter().enumerate() {
        if !used_logs.contains(&index) {
            let _ = writeln!(
                errors,
                "  {name}:{}: unexpected log call {:?}",
                call.line,
                log_attributes(call)
            );
        }
    }
    for (index, handler) in facts.error_handlers.iter().enumerate() {
        if !used_handlers.contains(&index) {
            let _ = writeln!(
                errors,
                "  {name}:{}: unexpected error handler {:?}",
                handler.line,
                handler_attributes(handler)
            );
        }
    }
    if strict_diagnostics {
        for (index, diagnostic) in facts.diagnostics.iter().enumerate() {
            if !used_diagnostics.contains(&index) && diagnostic.severity != lang::Severity::Info {
                let _ = writeln!(
                    errors,
                    "  {name}:{}: unexpected diagnostic {} ({})",
                    diagnostic.line, diagnostic.code, diagnostic.message
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[test]
fn frontend_fixtures_match_expectations() {
    let files = fixture_files();
    assert!(
        !files.is_empty(),
        "no fixture files under tests/fixtures/frontends"
    );
    let mut failures = String::new();
    for path in &files {
        if let Err(errors) = check_file(path) {
            let _ = writeln!(failures, "{}:\n{errors}", path.display());
        }
    }
    assert!(
        failures.is_empty(),
        "frontend expectations failed:\n{failures}"
    );
}

#[test]
fn attributes_parse_quoted_values() {
    let attributes = parse_attributes(r#"level=info message="Order placed" exported"#);
    assert_eq!(attributes["level"], "info");
    assert_eq!(attributes["message"], "Order placed");
    assert_eq!(attributes["exported"], "true");
}
