use super::*;

#[test]
#[ignore]
fn dump_scratch() {
    let text = std::fs::read_to_string("/tmp/scratch.py").unwrap();
    let facts = crate::lang::analyze(
        Language::Python,
        "scratch.py",
        &text,
        &FrontendOptions::default(),
    );
    for c in &facts.log_calls {
        println!(
            "LOG {}:{} {:?} {} {:?} msg={:?} fields={:?} bound={:?} fn={:?} emits={} h={:?}",
            c.line,
            c.column,
            c.level,
            c.logger,
            c.library,
            c.message,
            c.fields,
            c.bound_fields,
            c.function,
            c.emits,
            c.handlers
        );
    }
    for h in &facts.error_handlers {
        println!(
            "HANDLER {}:{}-{} {:?} {:?} {:?}",
            h.line, h.column, h.end_line, h.kind, h.status, h.function
        );
    }
    for c in &facts.call_sites {
        println!(
            "CALL {}:{} {} fn={:?} inside={:?} h={:?}",
            c.line, c.column, c.callee, c.function, c.inside, c.handlers
        );
    }
    for f in &facts.functions {
        println!(
            "FN {} {}-{} exported={}",
            f.name, f.line, f.end_line, f.exported
        );
    }
    for d in &facts.diagnostics {
        println!(
            "DIAG {}:{} {} {:?} {}",
            d.line, d.column, d.code, d.severity, d.message
        );
    }
}
