//! Unit tests for the TypeScript frontend that fixtures cannot express: options, handler
//! indices, byte spans and inputs too large or broken to keep as fixture files.

use crate::lang::{self, FileFacts, FrontendOptions, HandlerStatus, Language, Library};

fn analyze(language: Language, text: &str) -> FileFacts {
    lang::analyze(language, "test.ts", text, &FrontendOptions::default())
}

fn codes(facts: &FileFacts) -> Vec<&str> {
    facts.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn grammars_load_and_parse() {
    for language in [Language::TypeScript, Language::Tsx, Language::JavaScript] {
        let facts = analyze(language, "logger.info('ready');\n");
        assert_eq!(facts.log_calls.len(), 1, "{language:?}");
        assert!(facts.diagnostics.is_empty(), "{language:?}");
    }
}

#[test]
fn deep_parentheses_end_with_diagnostic() {
    let depth = 50_000;
    let text = format!(
        "logger.info('before');\nconst x = {}1{};\nlogger.info('after');\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let facts = analyze(Language::TypeScript, &text);
    assert!(
        codes(&facts).contains(&"nesting-too-deep"),
        "{:?}",
        facts.diagnostics
    );
    let lines: Vec<u32> = facts.log_calls.iter().map(|c| c.line).collect();
    assert_eq!(lines, vec![1, 3]);
}

#[test]
fn deep_unclosed_brackets_end_with_diagnostic() {
    let text = format!("const x = {};\nlogger.warn('after');\n", "[".repeat(50_000));
    let facts = analyze(Language::Tsx, &text);
    assert!(!facts.diagnostics.is_empty());
    assert!(
        facts.diagnostics.len() <= 21,
        "parse errors are capped: {}",
        facts.diagnostics.len()
    );
}

#[test]
fn deep_nested_calls_end_with_diagnostic() {
    let depth = 50_000;
    let text = format!("{}x{};\n", "wrap(".repeat(depth), ")".repeat(depth));
    let facts = analyze(Language::JavaScript, &text);
    assert!(codes(&facts).contains(&"nesting-too-deep"));
    let deepest = facts.call_sites.iter().map(|c| c.inside.len()).max();
    assert_eq!(deepest, Some(32));
}

#[test]
fn broken_syntax_keeps_outside_facts() {
    let text = "\
function before() {
  logger.info('before');
}
function broken( {
  const = ;
}
function after() {
  try { run(); } catch (err) { logger.error('after', { err }); }
}
";
    let facts = analyze(Language::TypeScript, text);
    assert!(codes(&facts).contains(&"parse-error"));
    let messages: Vec<Option<&str>> = facts
        .log_calls
        .iter()
        .map(|c| c.message.as_deref())
        .collect();
    assert!(messages.contains(&Some("before")), "{messages:?}");
    assert!(messages.contains(&Some("after")), "{messages:?}");
    assert_eq!(facts.error_handlers.len(), 1);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
}

#[test]
fn extra_loggers_match_receiver_text() {
    let options = FrontendOptions {
        loggers: vec!["frontendLogger".to_string(), "this.audit".to_string()],
    };
    let text = "\
frontendLogger.warn('slow render', { route });
class Checkout {
  pay() {
    this.audit?.info('paid', { orderId });
    this.other.info('not a logger');
  }
}
";
    let facts = lang::analyze(Language::TypeScript, "a.ts", text, &options);
    let loggers: Vec<&str> = facts.log_calls.iter().map(|c| c.logger.as_str()).collect();
    assert_eq!(loggers, vec!["frontendLogger", "this.audit"]);
    assert_eq!(facts.log_calls[1].function.as_deref(), Some("Checkout.pay"));
    assert_eq!(facts.log_calls[1].fields, vec!["orderId"]);
}

#[test]
fn nested_catches_both_get_the_log() {
    let text = "\
try {
  a();
} catch (outer) {
  try {
    b();
  } catch (inner) {
    logger.error('both', { outer, inner });
  }
}
";
    let facts = analyze(Language::TypeScript, text);
    assert_eq!(facts.error_handlers.len(), 2);
    assert_eq!(facts.log_calls[0].handlers, vec![0, 1]);
    let b = facts.call_sites.iter().find(|c| c.callee == "b").unwrap();
    assert_eq!(b.handlers, vec![0]);
}

#[test]
fn closure_in_catch_does_not_count() {
    let text = "\
try {
  a();
} catch (err) {
  const later = () => logger.error('later', { err });
  items.forEach((item) => logger.warn('item', { item }));
  later();
}
";
    let facts = analyze(Language::TypeScript, text);
    let later = &facts.log_calls[0];
    let item = &facts.log_calls[1];
    assert!(later.handlers.is_empty());
    assert_eq!(item.handlers, vec![0]);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
}

#[test]
fn spans_contain_their_calls() {
    let text = "\
export class Orders {
  place(id: string) {
    logger.info('placing', { id });
    this.repo.save(id);
  }
}
";
    let facts = analyze(Language::TypeScript, text);
    let function = &facts.functions[0];
    assert_eq!(function.name, "Orders.place");
    let log = &facts.log_calls[0];
    let call = &facts.call_sites[0];
    assert_eq!(&text[log.byte..log.byte + 11], "logger.info");
    assert_eq!(&text[call.byte..call.byte + 14], "this.repo.save");
    assert!(function.start_byte <= log.byte);
    assert!(log.byte < function.end_byte);
    assert!(function.start_byte <= call.byte);
    assert!(call.byte < function.end_byte);
    assert_eq!(function.end_line, 5);
}

#[test]
fn columns_count_characters() {
    let text = "const é = 1; logger.info('x');\n";
    let facts = analyze(Language::TypeScript, text);
    assert_eq!(facts.log_calls[0].column, 14);
}

#[test]
fn self_referencing_binding_terminates() {
    let text = "\
const log = log.child({ a: 1 });
const a = b;
const b = a;
log.info('cycle');
a.info('cycle');
";
    let facts = analyze(Language::TypeScript, text);
    assert_eq!(facts.log_calls.len(), 1);
    assert_eq!(facts.log_calls[0].library, Library::Unknown);
}

#[test]
fn parsers_work_on_other_threads() {
    let handles: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(|| {
                let facts = analyze(Language::Tsx, "console.log(<b>x</b>);\n");
                facts.log_calls.len()
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), 1);
    }
}

#[test]
fn truncated_fixtures_never_panic() {
    let directory = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/frontends/typescript"
    );
    let mut entries: Vec<_> = std::fs::read_dir(directory)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                for language in [Language::TypeScript, Language::Tsx] {
                    let prefix = &text[..cut];
                    let suffix = &text[cut..];
                    analyze(language, prefix);
                    analyze(language, suffix);
                }
            }
            cut += 41;
        }
    }
}

#[test]
fn types_hold_no_call_sites() {
    let text = "\
let worker: Promise<typeof import('./worker')> | null = null;
type Loader = () => ReturnType<typeof load>;
interface Options { retry(count: number): void }
const ready = load<Options>(worker);
";
    for language in [Language::TypeScript, Language::Tsx] {
        let facts = analyze(language, text);
        let callees: Vec<&str> = facts.call_sites.iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, vec!["load"], "{language:?}");
        assert!(facts.diagnostics.is_empty(), "{language:?}");
    }
}

#[test]
fn syntax_error_in_type_is_reported() {
    let facts = analyze(Language::TypeScript, "let x: Map<string, = new Map();\n");
    assert!(
        codes(&facts).contains(&"parse-error"),
        "{:?}",
        facts.diagnostics
    );
}

#[test]
fn field_lookups_match_both_grammars() {
    // The TypeScript and TSX grammars number their fields differently.
    let text = "function run(a, b = 1) { this.client.send(a).then(done); new Pool(b); }\n";
    for language in [Language::TypeScript, Language::Tsx, Language::JavaScript] {
        let facts = analyze(language, text);
        let callees: Vec<&str> = facts.call_sites.iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(
            callees,
            vec!["this.client.send(...).then", "this.client.send", "new Pool"],
            "{language:?}"
        );
    }
}

#[test]
fn field_list_in_declaration_order() {
    use super::syntax::Field;
    for (index, field) in Field::ALL.iter().enumerate() {
        assert_eq!(*field as usize, index, "{field:?}");
    }
}
