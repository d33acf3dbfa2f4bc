use super::*;
use crate::lang::{self, HandlerStatus, Level, Library};

fn facts_of(text: &str) -> FileFacts {
    lang::analyze(
        Language::Python,
        "test.py",
        text,
        &FrontendOptions::default(),
    )
}

fn codes(facts: &FileFacts) -> Vec<&str> {
    facts.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn deeply_nested_parentheses_are_cut_off() {
    let depth = 50_000;
    let text = format!(
        "x = {}1{}\nlogger.info(\"after\")\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let facts = facts_of(&text);
    assert!(
        codes(&facts).contains(&"nesting-too-deep"),
        "{:?}",
        facts.diagnostics
    );
    assert_eq!(facts.log_calls.len(), 1);
    assert_eq!(facts.log_calls[0].line, 2);
}

#[test]
fn deeply_nested_calls_and_lists_return() {
    let depth = 50_000;
    let calls = format!(
        "def f():\n    {}1{}\n",
        "g(".repeat(depth),
        ")".repeat(depth)
    );
    let facts = facts_of(&calls);
    assert!(codes(&facts).contains(&"nesting-too-deep"));
    assert_eq!(facts.functions.len(), 1);

    let lists = format!("{}\n", "[".repeat(depth));
    let facts = facts_of(&lists);
    assert!(!facts.diagnostics.is_empty());
}

#[test]
fn long_bind_chain_is_bounded() {
    let chain = ".bind(a=1)".repeat(5_000);
    let text = format!("import structlog\nlog = structlog.get_logger(){chain}\nlog.info(\"x\")\n");
    let facts = facts_of(&text);
    assert_eq!(facts.log_calls.len(), 1);
}

#[test]
fn broken_line_keeps_facts_around_it() {
    let text = "\
import logging

logger = logging.getLogger(__name__)


def before():
    try:
        run()
    except ValueError:
        logger.error(\"before failed\")


def broken():
    items = [1, 2,


def after():
    try:
        run()
    except ValueError:
        logger.error(\"after failed\")
";
    let facts = facts_of(text);
    assert!(
        codes(&facts).contains(&"parse-error"),
        "{:?}",
        facts.diagnostics
    );
    let names: Vec<&str> = facts.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["before", "broken", "after"]);
    assert_eq!(facts.error_handlers.len(), 2);
    assert!(
        facts
            .error_handlers
            .iter()
            .all(|h| h.status == HandlerStatus::Logged)
    );
    let after = facts
        .log_calls
        .iter()
        .find(|c| c.message.as_deref() == Some("after failed"));
    let after = after.expect("log call after the broken line");
    assert_eq!(after.function.as_deref(), Some("after"));
    assert_eq!(after.library, Library::Logging);
}

#[test]
fn stray_token_stays_local() {
    let text = "\
def handler():
    try:
        run()
    except OSError:
        logger.warning(\"failed\") $
        raise
";
    let facts = facts_of(text);
    let parse_errors = facts
        .diagnostics
        .iter()
        .filter(|d| d.code == "parse-error")
        .count();
    assert_eq!(parse_errors, 1, "{:?}", facts.diagnostics);
    assert_eq!(facts.error_handlers.len(), 1);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
}

#[test]
fn inputs_without_code_give_no_facts() {
    for text in [
        "",
        "\n",
        "# only a comment\n",
        "\u{feff}",
        "\0\0\0",
        "'''unterminated",
    ] {
        let facts = facts_of(text);
        assert!(facts.log_calls.is_empty(), "{text:?}");
        assert!(facts.error_handlers.is_empty(), "{text:?}");
    }
}

#[test]
fn configured_logger_names_are_loggers() {
    let text = "\
def pay(self):
    audit.info(\"paid\", extra={\"order_id\": 1})
    self.audit.warning(\"late\")
    metrics.info(\"not a logger\")
";
    let options = FrontendOptions {
        loggers: vec!["audit".to_string(), "self.audit".to_string()],
    };
    let facts = lang::analyze(Language::Python, "pay.py", text, &options);
    let loggers: Vec<&str> = facts.log_calls.iter().map(|c| c.logger.as_str()).collect();
    assert_eq!(loggers, ["audit", "self.audit"]);
    assert!(
        facts
            .log_calls
            .iter()
            .all(|c| c.library == Library::Unknown)
    );
    assert_eq!(facts.log_calls[0].fields, ["order_id"]);
}

#[test]
fn columns_count_characters() {
    let text = "x = 'é'; logger.info('ü')\n";
    let facts = facts_of(text);
    assert_eq!(facts.log_calls[0].column, 10);
    assert_eq!(facts.log_calls[0].message.as_deref(), Some("ü"));
}

#[test]
fn crlf_line_endings_parse() {
    let text = "try:\r\n    run()\r\nexcept OSError:\r\n    logger.error('failed')\r\n";
    let facts = facts_of(text);
    assert!(facts.diagnostics.is_empty(), "{:?}", facts.diagnostics);
    assert_eq!(facts.error_handlers.len(), 1);
    assert_eq!(facts.error_handlers[0].line, 3);
    assert_eq!(facts.log_calls[0].line, 4);
}

#[test]
fn handler_indices_follow_sorting() {
    let text = "\
def outer():
    try:
        run()
    except OSError:
        try:
            cleanup()
        except ValueError:
            logger.error('cleanup failed')
        logger.warning('run failed')
";
    let facts = facts_of(text);
    assert_eq!(facts.error_handlers.len(), 2);
    let inner = &facts.log_calls[0];
    assert_eq!(inner.level, Level::Error);
    let lines: Vec<u32> = inner
        .handlers
        .iter()
        .map(|&h| facts.error_handlers[h].line)
        .collect();
    assert_eq!(lines, [4, 7]);
    let outer = &facts.log_calls[1];
    assert_eq!(outer.handlers, [0]);
    let cleanup = facts
        .call_sites
        .iter()
        .find(|c| c.callee == "cleanup")
        .unwrap();
    assert_eq!(cleanup.handlers, [0]);
}

#[test]
fn spans_contain_their_calls() {
    let text = "\
class Service:
    def run(self):
        self.client.post('/x')
        self.logger.info('posted')
";
    let facts = facts_of(text);
    let function = &facts.functions[0];
    assert_eq!(function.name, "Service.run");
    let call = &facts.call_sites[0];
    assert_eq!(call.callee, "self.client.post");
    assert!(function.start_byte <= call.byte);
    assert!(call.byte < function.end_byte);
    let log = &facts.log_calls[0];
    assert!(function.start_byte <= log.byte);
    assert!(log.byte < function.end_byte);
    assert_eq!(&text[log.byte..log.byte + 11], "self.logger");
}

#[test]
fn analysis_runs_on_many_threads() {
    let text = "import logging\nlogger = logging.getLogger()\nlogger.info('x')\n";
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || facts_of(text).log_calls.len()))
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), 1);
    }
}

#[test]
fn reserved_task_name_mentions_python_version() {
    let text = "logger.info('x', extra={'taskName': 'sync'})\n";
    let facts = facts_of(text);
    let diagnostic = &facts.diagnostics[0];
    assert_eq!(diagnostic.code, "reserved-log-record-key");
    assert!(diagnostic.message.contains("taskName"));
    assert!(diagnostic.message.contains("3.12"));
}

#[test]
fn multiline_receiver_is_compacted() {
    let text = "(\n    self.logger\n    .info('x')\n)\n";
    let facts = facts_of(text);
    assert_eq!(facts.log_calls[0].logger, "self.logger");
    assert_eq!(facts.log_calls[0].line, 2);
}

#[test]
fn damaged_fixtures_never_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/frontends/python");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Cut the file at many points, and drop single lines, so that brackets, blocks
        // and strings are left open in every way the fixtures allow.
        for cut in (0..text.len()).step_by(97) {
            if text.is_char_boundary(cut) {
                let facts = facts_of(&text[..cut]);
                assert!(
                    facts.log_calls.iter().all(|c| c.line >= 1),
                    "{path:?} cut at {cut}"
                );
            }
        }
        for skip in (0..lines.len()).step_by(3) {
            let damaged: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, line)| *line)
                .collect();
            facts_of(&damaged.join("\n"));
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
