//! Coverage verdicts of the cases written after public bug reports, through the real
//! binary. The `expect:` comments in the same fixture files pin the facts behind them
//! (tests/frontends.rs). This test checks that the engine turns those facts into the
//! verdicts the cases give.

use std::collections::BTreeMap;

use assert_cmd::Command;

mod common;

/// (path, function, event) -> covered, for every unit of the cases area.
fn verdicts() -> BTreeMap<(String, String, String), Vec<bool>> {
    let dir = common::repository().join("tests/fixtures/frontends");
    let output = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut verdicts: BTreeMap<(String, String, String), Vec<bool>> = BTreeMap::new();
    for unit in report["units"].as_array().unwrap() {
        let key = (
            unit["path"].as_str().unwrap().to_string(),
            unit["function"].as_str().unwrap_or("").to_string(),
            unit["event"].as_str().unwrap().to_string(),
        );
        verdicts
            .entry(key)
            .or_default()
            .push(unit["covered"].as_bool().unwrap());
    }
    verdicts
}

fn assert_verdict(
    verdicts: &BTreeMap<(String, String, String), Vec<bool>>,
    path: &str,
    function: &str,
    event: &str,
    expected: &[bool],
) {
    let key = (path.to_string(), function.to_string(), event.to_string());
    let found = verdicts.get(&key).unwrap_or_else(|| {
        panic!(
            "no unit for {key:?}; units: {:#?}",
            verdicts.keys().collect::<Vec<_>>()
        )
    });
    assert_eq!(found, expected, "{path} {function} {event}");
}

#[test]
fn python_cases() {
    let v = verdicts();
    // A reserved key in `extra` makes the call raise: the handler is not logged.
    assert_verdict(
        &v,
        "python/reserved_extra_keys.py",
        "delete_tiles",
        "handler-logs",
        &[false],
    );
    assert_verdict(
        &v,
        "python/reserved_extra_keys.py",
        "delete_tiles",
        "tile-delete-fields",
        &[false],
    );
    assert_verdict(
        &v,
        "python/reserved_extra_keys.py",
        "delete_tiles_fixed",
        "handler-logs",
        &[true],
    );
    assert_verdict(
        &v,
        "python/reserved_extra_keys.py",
        "delete_tiles_fixed",
        "tile-delete-fields",
        &[true],
    );
    // Aliases, imported loggers, bare `exception` and an inline Logger all log.
    assert_verdict(
        &v,
        "python/logger_aliases_and_imports.py",
        "sync",
        "handler-logs",
        &[true, true, true, true, true],
    );
    // A closure stored for later does not log for the handler; if/else branches do.
    assert_verdict(
        &v,
        "python/closure_in_except.py",
        "send",
        "handler-logs",
        &[false],
    );
    assert_verdict(
        &v,
        "python/closure_in_except.py",
        "send2",
        "handler-logs",
        &[true],
    );
    // Log and re-raise is logged; re-raise alone or wrapped is a unit that is not.
    assert_verdict(
        &v,
        "python/log_and_reraise.py",
        "post_a",
        "handler-logs",
        &[true],
    );
    assert_verdict(
        &v,
        "python/log_and_reraise.py",
        "post_b",
        "handler-logs",
        &[false],
    );
    assert_verdict(
        &v,
        "python/log_and_reraise.py",
        "post_c",
        "handler-logs",
        &[false],
    );
    // A kept `bind` gives its fields to later calls.
    assert_verdict(
        &v,
        "python/structlog_bind.py",
        "on_webhook",
        "webhook-fields",
        &[true],
    );
    // `except*` and PEP 758 handlers in a 3.12+ file are found and logged.
    assert_verdict(
        &v,
        "python/python312_syntax.py",
        "Ledger.post",
        "handler-logs",
        &[true, true],
    );
}

#[test]
fn typescript_cases() {
    let v = verdicts();
    assert_verdict(
        &v,
        "typescript/pino_argument_order.ts",
        "capture",
        "capture-fields",
        &[true],
    );
    assert_verdict(
        &v,
        "typescript/pino_argument_order.ts",
        "capture",
        "handler-logs",
        &[true],
    );
    // Fields from the child logger and from winston's defaultMeta count.
    assert_verdict(
        &v,
        "typescript/winston_child_and_log_level.ts",
        "refund",
        "refund-fields",
        &[true],
    );
    assert_verdict(
        &v,
        "typescript/optional_chaining.ts",
        "Syncer.run",
        "handler-logs",
        &[true, true],
    );
    assert_verdict(
        &v,
        "typescript/tsx_generics_satisfies.tsx",
        "withRetry",
        "handler-logs",
        &[true],
    );
    assert_verdict(
        &v,
        "typescript/decorators.ts",
        "LedgerService.post",
        "handler-logs",
        &[true],
    );
}

#[test]
fn rust_cases() {
    let v = verdicts();
    // `fields(order_id)` with skip_all declares an empty field; `order_id = order_id` records it.
    assert_verdict(
        &v,
        "rust/instrument_span_fields.rs",
        "post_ledger",
        "ledger-write-order",
        &[false],
    );
    assert_verdict(
        &v,
        "rust/instrument_span_fields.rs",
        "post_ledger2",
        "ledger-write-order",
        &[true],
    );
    // instrument(err) logs every Err at error; err(level = "debug") logs below warn.
    assert_verdict(
        &v,
        "rust/instrument_err_and_handlers.rs",
        "charge",
        "error-logged-at-warn",
        &[true],
    );
    assert_verdict(
        &v,
        "rust/instrument_err_and_handlers.rs",
        "probe",
        "error-logged-at-warn",
        &[false],
    );
    // inspect_err and if-let arms log; a bare `?` is no handler at all.
    assert_verdict(
        &v,
        "rust/instrument_err_and_handlers.rs",
        "refund",
        "handler-logs",
        &[true, true],
    );
    // A handler inside tokio::select! is found and logged.
    assert_verdict(
        &v,
        "rust/macros_inside_select.rs",
        "pump",
        "handler-logs",
        &[true],
    );
}

#[test]
fn level_below_the_minimum_is_named() {
    let dir = common::repository().join("tests/fixtures/frontends");
    let output = Command::cargo_bin("logcov")
        .unwrap()
        .current_dir(&dir)
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = stdout
        .lines()
        .find(|l| l.contains("`probe`"))
        .expect("probe is reported");
    assert!(line.contains("at debug, below the required warn"), "{line}");
}
