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

#[test]
#[ignore]
fn scratch_sexp() {
    let text = std::fs::read_to_string("/tmp/scratch.py").unwrap();
    let parsed = parse::parse(&text).unwrap();
    println!("skipped {:?}", parsed.skipped_lines);
    let tree = parsed.tree;
    let mut cursor = tree.walk();
    let mut depth = 0;
    loop {
        let node = cursor.node();
        let field = cursor.field_name().unwrap_or("");
        let snippet: String = text[node.byte_range()]
            .chars()
            .take(40)
            .collect::<String>()
            .replace('\n', "\\n");
        if node.is_named() || node.is_missing() {
            println!(
                "{}{}{}{} [{}] {:?}",
                "  ".repeat(depth),
                if field.is_empty() {
                    String::new()
                } else {
                    format!("{field}: ")
                },
                node.kind(),
                if node.is_missing() { " MISSING" } else { "" },
                node.start_position().row + 1,
                snippet
            );
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

#[test]
fn field_matches_child_by_field_name() {
    use super::syntax::FieldChild;

    let text = "\
import logging as log
class Service(Base):
    def run(self, a: int, b=2, *rest, **options) -> None:
        x: int = a + b
        self.client.send(x, key=value)
        return [item for item in rest if item]
";
    let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let tree = parser.parse(text, None).unwrap();
    let names: Vec<&str> = (1..=language.field_count())
        .filter_map(|id| language.field_name_for_id(u16::try_from(id).ok()?))
        .collect();
    let mut stack = vec![tree.root_node()];
    let mut compared = 0;
    while let Some(node) = stack.pop() {
        for name in &names {
            assert_eq!(node.field(name), node.child_by_field_name(name), "{name}");
            compared += usize::from(node.child_by_field_name(name).is_some());
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    assert!(compared > 20, "only {compared} fields present");
    assert_eq!(tree.root_node().field("no_such_field"), None);
}
