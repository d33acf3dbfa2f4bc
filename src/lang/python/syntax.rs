//! Small readers over tree-sitter-python nodes: source text, string literals, call
//! arguments and dictionary keys.

use std::sync::LazyLock;

use tree_sitter::Node;

/// Names and ids of the fields of tree-sitter-python, read once from the grammar.
static FIELD_IDS: LazyLock<Vec<(String, u16)>> = LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
    let mut ids = Vec::new();
    for id in 1..=language.field_count() {
        let Ok(id) = u16::try_from(id) else {
            break;
        };
        if let Some(name) = language.field_name_for_id(id) {
            ids.push((name.to_string(), id));
        }
    }
    ids
});

/// [`Node::child_by_field_name`] with the field's id looked up in [`FIELD_IDS`]. The
/// tree-sitter function calls `strncmp` with every field name of the grammar on each
/// call, which is a few percent of a whole `check` run.
pub trait FieldChild<'tree> {
    fn field(&self, name: &str) -> Option<Node<'tree>>;
}

impl<'tree> FieldChild<'tree> for Node<'tree> {
    fn field(&self, name: &str) -> Option<Node<'tree>> {
        let (_, id) = FIELD_IDS.iter().find(|(field, _)| field == name)?;
        self.child_by_field_id(*id)
    }
}

/// Returns the source text of `node`, or `""` when its range does not fall on character
/// boundaries (which only happens inside damaged regions).
pub fn text<'a>(node: Node<'_>, source: &'a str) -> &'a str {
    source.get(node.byte_range()).unwrap_or("")
}

/// Returns the source text of `node` with all whitespace removed, so that a receiver split over
/// lines (`self.client\n    .post`) reads as `self.client.post`.
pub fn compact_text(node: Node<'_>, source: &str) -> String {
    text(node, source)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Maximum source length of a callee written out in full; longer callees (call chains
/// thousands of links long) are written with their arguments left out.
const MAX_CALLEE_BYTES: usize = 256;

/// Maximum number of links written for a callee whose arguments are left out.
const MAX_CALLEE_LINKS: usize = 64;

/// Writes the callee of a call as written, with whitespace removed: `self.client.post`,
/// `httpx.AsyncClient().get`. A callee longer than [`MAX_CALLEE_BYTES`] is written with
/// empty argument lists (`log.bind().bind().info`) and its first links cut to `…`, so
/// that a long chain does not cost time quadratic in its length.
pub fn callee_text(node: Node<'_>, source: &str) -> String {
    if node.end_byte() - node.start_byte() <= MAX_CALLEE_BYTES {
        return compact_text(node, source);
    }
    let mut links: Vec<String> = Vec::new();
    let mut current = node;
    loop {
        if links.len() >= MAX_CALLEE_LINKS {
            links.push("…".to_string());
            break;
        }
        let next = match current.kind() {
            "attribute" => {
                let name = current.field("attribute");
                links.push(format!(".{}", name.map_or("", |name| text(name, source))));
                current.field("object")
            }
            "call" => {
                links.push("()".to_string());
                current.field("function")
            }
            "subscript" => {
                links.push("[]".to_string());
                current.field("value")
            }
            "parenthesized_expression" => current.named_child(0),
            _ => {
                let short = current.end_byte() - current.start_byte() <= MAX_CALLEE_BYTES;
                links.push(if short {
                    compact_text(current, source)
                } else {
                    "…".to_string()
                });
                None
            }
        };
        match next {
            Some(next) => current = next,
            None => break,
        }
    }
    links.reverse();
    links.concat()
}

/// Collects the children of `node` in source order.
pub fn children<'tree>(node: Node<'tree>) -> Vec<Node<'tree>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// Collects the named children of `node` in source order.
pub fn named_children<'tree>(node: Node<'tree>) -> Vec<Node<'tree>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Skips any number of wrapping parentheses: `((logger))` reads as `logger`.
pub fn unparenthesize(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" && node.named_child_count() == 1 {
        match node.named_child(0) {
            Some(inner) if inner.kind() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// The value of a string literal or of an implicit concatenation of literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringValue {
    /// A literal without placeholders, decoded.
    Plain(String),
    /// An f-string with at least one `{placeholder}`.
    Interpolated,
}

/// Decodes a `string` or `concatenated_string` node; `None` for any other expression.
pub fn string_value(node: Node<'_>, source: &str) -> Option<StringValue> {
    let node = unparenthesize(node);
    match node.kind() {
        "string" => Some(single_string_value(node, source)),
        "concatenated_string" => {
            let mut joined = String::new();
            for part in named_children(node) {
                if part.kind() != "string" {
                    continue;
                }
                match single_string_value(part, source) {
                    StringValue::Plain(piece) => joined.push_str(&piece),
                    StringValue::Interpolated => return Some(StringValue::Interpolated),
                }
            }
            Some(StringValue::Plain(joined))
        }
        _ => None,
    }
}

fn single_string_value(node: Node<'_>, source: &str) -> StringValue {
    let mut prefix = "";
    let mut body_start = node.start_byte();
    let mut body_end = node.end_byte();
    let mut interpolated = false;
    for child in children(node) {
        match child.kind() {
            "string_start" => {
                let start = text(child, source);
                prefix = start.trim_end_matches(['\'', '"']);
                body_start = child.end_byte();
            }
            "string_end" => body_end = child.start_byte(),
            "interpolation" => interpolated = true,
            _ => {}
        }
    }
    if interpolated {
        return StringValue::Interpolated;
    }
    let body = source
        .get(body_start..body_end.max(body_start))
        .unwrap_or("");
    let raw = prefix.contains(['r', 'R']);
    let formatted = prefix.contains(['f', 'F']);
    let mut value = if raw {
        body.to_string()
    } else {
        unescape(body)
    };
    if formatted {
        value = value.replace("{{", "{").replace("}}", "}");
    }
    StringValue::Plain(value)
}

/// Resolves the common backslash escapes; others stay as written.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('\n') => {}
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// One argument of a call, split the way Python binds it.
#[derive(Debug, Clone, Copy)]
pub enum Argument<'tree> {
    Positional(Node<'tree>),
    /// `name=value`.
    Keyword(Node<'tree>, Node<'tree>),
    /// `*args` or `**kwargs`: binds names the frontend cannot see.
    Splat,
}

/// The arguments of a `call` node in source order; empty for a generator argument
/// (`sum(x for x in xs)` has one positional argument that binds nothing by name).
pub fn call_arguments<'tree>(call: Node<'tree>) -> Vec<Argument<'tree>> {
    let Some(arguments) = call.field("arguments") else {
        return Vec::new();
    };
    if arguments.kind() != "argument_list" {
        return vec![Argument::Positional(arguments)];
    }
    let mut result = Vec::new();
    for child in named_children(arguments) {
        match child.kind() {
            "comment" => {}
            "keyword_argument" => {
                let name = child.field("name");
                let value = child.field("value");
                if let (Some(name), Some(value)) = (name, value) {
                    result.push(Argument::Keyword(name, value));
                }
            }
            "list_splat" | "dictionary_splat" => result.push(Argument::Splat),
            _ => result.push(Argument::Positional(child)),
        }
    }
    result
}

/// Collects the positional arguments of a call, in order.
pub fn positional_arguments<'tree>(arguments: &[Argument<'tree>]) -> Vec<Node<'tree>> {
    arguments
        .iter()
        .filter_map(|argument| match argument {
            Argument::Positional(node) => Some(*node),
            _ => None,
        })
        .collect()
}

/// Finds the value of keyword argument `name`, if the call passes it.
pub fn keyword_argument<'tree>(
    arguments: &[Argument<'tree>],
    name: &str,
    source: &str,
) -> Option<Node<'tree>> {
    arguments.iter().find_map(|argument| match argument {
        Argument::Keyword(key, value) if text(*key, source) == name => Some(*value),
        _ => None,
    })
}

/// Reads the string keys a dictionary literal writes, in source order: `{"a": 1, **base}`
/// gives `a`, and `dict(a=1)` gives `a`. `None` when the node is not such a literal.
pub fn literal_dict_keys(node: Node<'_>, source: &str) -> Option<Vec<String>> {
    let node = unparenthesize(node);
    match node.kind() {
        "dictionary" => {
            let mut keys = Vec::new();
            for pair in named_children(node) {
                if pair.kind() != "pair" {
                    continue;
                }
                let key = pair.field("key");
                if let Some(StringValue::Plain(key)) = key.and_then(|k| string_value(k, source)) {
                    keys.push(key);
                }
            }
            Some(keys)
        }
        "call" => {
            let function = node.field("function")?;
            if text(function, source) != "dict" {
                return None;
            }
            let keys = call_arguments(node)
                .into_iter()
                .filter_map(|argument| match argument {
                    Argument::Keyword(key, _) => Some(text(key, source).to_string()),
                    _ => None,
                })
                .collect();
            Some(keys)
        }
        _ => None,
    }
}

/// Appends `name` to `list` unless it is already there.
pub fn push_unique(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|existing| existing == name) {
        list.push(name.to_string());
    }
}
