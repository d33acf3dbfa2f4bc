//! Small helpers over tree-sitter nodes: text, paths as written, string literal values
//! and object-literal keys.

use std::cell::RefCell;
use std::num::NonZeroU16;

use tree_sitter::{Language, Node};

/// Maximum number of links of a member or call chain that are rendered. A longer chain
/// is cut, and only its rendered text gets shorter.
const MAX_CHAIN: usize = 64;

/// Maximum number of characters kept of a callee part that is not a name, such as a
/// literal or an index.
const MAX_PART_CHARS: usize = 60;

/// Fields read on the hot paths of the walk (every call and every parameter list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Object,
    Property,
    Index,
    Function,
    Arguments,
    Constructor,
    Parameter,
    Parameters,
    Pattern,
    Type,
    Value,
}

impl Field {
    /// Every field, in declaration order, so `Field::ALL[field as usize] == field`.
    pub(super) const ALL: [Field; 11] = [
        Field::Object,
        Field::Property,
        Field::Index,
        Field::Function,
        Field::Arguments,
        Field::Constructor,
        Field::Parameter,
        Field::Parameters,
        Field::Pattern,
        Field::Type,
        Field::Value,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Object => "object",
            Field::Property => "property",
            Field::Index => "index",
            Field::Function => "function",
            Field::Arguments => "arguments",
            Field::Constructor => "constructor",
            Field::Parameter => "parameter",
            Field::Parameters => "parameters",
            Field::Pattern => "pattern",
            Field::Type => "type",
            Field::Value => "value",
        }
    }
}

thread_local! {
    /// Field ids per grammar, indexed by [`Field`]. The TypeScript and TSX grammars
    /// number their fields differently, so each gets its own entry.
    static FIELD_IDS: RefCell<Vec<(Language, [Option<NonZeroU16>; Field::ALL.len()])>> =
        const { RefCell::new(Vec::new()) };
}

/// Returns the child of `node` in `field`, like `Node::child_by_field_name`, but with the
/// field's id looked up once per grammar and thread. `child_by_field_name` compares the
/// name with every field name of the grammar on each call.
pub(super) fn child<'t>(node: Node<'t>, field: Field) -> Option<Node<'t>> {
    let language = node.language();
    let id = FIELD_IDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, ids)) = cache.iter().find(|(cached, _)| *cached == *language) {
            return ids[field as usize];
        }
        let ids = Field::ALL.map(|field| language.field_id_for_name(field.name()));
        cache.push(((*language).clone(), ids));
        ids[field as usize]
    })?;
    node.child_by_field_id(id.get())
}

pub(super) fn text<'t>(node: Node<'_>, source: &'t str) -> &'t str {
    source.get(node.byte_range()).unwrap_or("")
}

/// Returns true for every node kind that starts a new function body.
pub(super) fn is_function(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration"
            | "generator_function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition"
    )
}

/// Returns true for function expressions that can be passed around as values.
pub(super) fn is_function_value(kind: &str) -> bool {
    matches!(
        kind,
        "function_expression" | "function" | "generator_function" | "arrow_function"
    )
}

/// Returns true for node kinds that contain only types: annotations, type arguments and
/// parameters, interfaces and type aliases.
pub(super) fn is_type_only(kind: &str) -> bool {
    matches!(
        kind,
        "type_annotation"
            | "type_arguments"
            | "type_parameters"
            | "interface_declaration"
            | "type_alias_declaration"
            | "implements_clause"
            | "asserts_annotation"
            | "opting_type_annotation"
            | "omitting_type_annotation"
            | "adding_type_annotation"
    )
}

pub(super) fn is_class(kind: &str) -> bool {
    matches!(
        kind,
        "class_declaration" | "abstract_class_declaration" | "class"
    )
}

/// Skips wrappers that do not change which value an expression has: parentheses,
/// `await`, the non-null assertion `x!`, and `as`/`satisfies` type assertions.
pub(super) fn unwrap_expression(mut node: Node<'_>) -> Node<'_> {
    for _ in 0..MAX_CHAIN {
        let inner = match node.kind() {
            "parenthesized_expression" | "await_expression" | "non_null_expression" => {
                node.named_child(0)
            }
            "as_expression" | "satisfies_expression" => node.named_child(0),
            _ => None,
        };
        match inner {
            Some(inner) if inner.kind() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// Renders a callee or receiver the way the facts spell it: the text as written with
/// whitespace removed, `?.` written as `.` and the non-null assertion `!` dropped. The
/// arguments of a call inside the path are written as `(...)`, so a chain such as
/// `fetch(url).then(...).catch` does not carry whole callback bodies.
pub(super) fn render_path(node: Node<'_>, source: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = node;
    let mut complete = false;
    for _ in 0..MAX_CHAIN {
        match current.kind() {
            "member_expression" => {
                let property = child(current, Field::Property);
                let name = property.map_or("", |p| text(p, source));
                parts.push(format!(".{name}"));
                match child(current, Field::Object) {
                    Some(object) => current = object,
                    None => break,
                }
            }
            "subscript_expression" => {
                let index = child(current, Field::Index);
                let index = index.map_or(String::new(), |i| part_text(i, source));
                parts.push(format!("[{index}]"));
                match child(current, Field::Object) {
                    Some(object) => current = object,
                    None => break,
                }
            }
            "call_expression" => {
                let template =
                    child(current, Field::Arguments).is_some_and(|a| a.kind() == "template_string");
                parts.push(if template { "`...`" } else { "(...)" }.to_string());
                match child(current, Field::Function) {
                    Some(function) => current = function,
                    None => break,
                }
            }
            // tree-sitter-typescript 0.23 parses `await f<T>(x)` as a call whose function
            // is `await f`; the `await` is not part of the callee.
            "non_null_expression" | "await_expression" => match current.named_child(0) {
                Some(inner) => current = inner,
                None => break,
            },
            "new_expression" => {
                let constructor = child(current, Field::Constructor);
                let name = constructor.map_or(String::new(), |c| part_text(c, source));
                parts.push(format!("new {name}(...)"));
                complete = true;
                break;
            }
            kind if is_function_value(kind) => {
                parts.push("(function)".to_string());
                complete = true;
                break;
            }
            "parenthesized_expression" => {
                let inner = unwrap_expression(current);
                if is_function_value(inner.kind()) {
                    parts.push("(function)".to_string());
                } else {
                    parts.push(format!("({})", part_text(inner, source)));
                }
                complete = true;
                break;
            }
            _ => {
                parts.push(part_text(current, source));
                complete = true;
                break;
            }
        }
    }
    if !complete {
        parts.push("...".to_string());
    }
    parts.reverse();
    parts.concat()
}

/// Returns a node's text with whitespace removed and `?.` written as `.`, cut to
/// [`MAX_PART_CHARS`] characters. Only the start of a long node is read.
fn part_text(node: Node<'_>, source: &str) -> String {
    let raw = text(node, source);
    let mut end = raw.len().min(MAX_PART_CHARS * 8);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let compact = raw[..end]
        .split_whitespace()
        .collect::<String>()
        .replace("?.", ".");
    if end == raw.len() && compact.chars().count() <= MAX_PART_CHARS {
        return compact;
    }
    let prefix: String = compact.chars().take(MAX_PART_CHARS).collect();
    format!("{prefix}...")
}

/// Returns the value of a string literal, or of a template literal without
/// substitutions. Escape sequences are kept as written.
pub(super) fn plain_string(node: Node<'_>, source: &str) -> Option<String> {
    match node.kind() {
        "string" => {
            let raw = text(node, source);
            Some(strip_quotes(raw).to_string())
        }
        "template_string" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "template_substitution")
            {
                return None;
            }
            Some(strip_quotes(text(node, source)).to_string())
        }
        _ => None,
    }
}

fn strip_quotes(raw: &str) -> &str {
    let mut chars = raw.chars();
    match (chars.next(), chars.next_back()) {
        (Some(open), Some(close)) if open == close && matches!(open, '\'' | '"' | '`') => {
            &raw[1..raw.len() - 1]
        }
        _ => raw,
    }
}

/// Returns the name a property key spells: identifiers as written, string keys without
/// quotes, numbers as written. Computed keys (`[k]`) have no fixed name.
pub(super) fn property_key(node: Node<'_>, source: &str) -> Option<String> {
    match node.kind() {
        "property_identifier" | "private_property_identifier" | "number" | "identifier" => {
            Some(text(node, source).to_string())
        }
        "string" => plain_string(node, source),
        _ => None,
    }
}

/// Returns the top-level keys of an object literal in source order, shorthand
/// properties included. Spreads and computed keys give nothing.
pub(super) fn object_keys(node: Node<'_>, source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let key = match child.kind() {
            "pair" => child
                .child_by_field_name("key")
                .and_then(|k| property_key(k, source)),
            "shorthand_property_identifier" => Some(text(child, source).to_string()),
            _ => None,
        };
        if let Some(key) = key
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Returns the value node of the `key` property of an object literal.
pub(super) fn object_property<'t>(node: Node<'t>, key: &str, source: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|child| {
        child.kind() == "pair"
            && child
                .child_by_field_name("key")
                .and_then(|k| property_key(k, source))
                .is_some_and(|name| name == key)
    });
    found.and_then(|pair| pair.child_by_field_name("value"))
}

/// Returns the argument nodes of a call or `new` expression, comments left out. A tagged
/// template (`` tag`...` ``) has its template as the single argument.
pub(super) fn call_arguments(node: Node<'_>) -> Vec<Node<'_>> {
    let Some(arguments) = child(node, Field::Arguments) else {
        return Vec::new();
    };
    if arguments.kind() == "template_string" {
        return vec![arguments];
    }
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// Returns the object and the property name of a member-expression callee.
pub(super) fn member_parts<'t>(callee: Node<'t>, source: &'t str) -> Option<(Node<'t>, &'t str)> {
    if callee.kind() != "member_expression" {
        return None;
    }
    let object = child(callee, Field::Object)?;
    let property = child(callee, Field::Property)?;
    Some((object, text(property, source)))
}

/// Returns the name of the first parameter when it is a plain identifier.
pub(super) fn first_parameter_name(function: Node<'_>, source: &str) -> Option<String> {
    if let Some(single) = function.child_by_field_name("parameter") {
        return Some(text(single, source).to_string());
    }
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let first = parameters
        .named_children(&mut cursor)
        .find(|c| c.kind() != "comment")?;
    let pattern = match first.kind() {
        "required_parameter" | "optional_parameter" => first.child_by_field_name("pattern")?,
        _ => first,
    };
    (pattern.kind() == "identifier").then(|| text(pattern, source).to_string())
}

/// A declaration written directly in the body of a `namespace` (or `module`) block.
pub(super) struct Namespaced {
    /// The enclosing namespace names, outermost first, joined with `.`: `Billing`,
    /// `Billing.Tax`.
    pub prefix: String,
    /// The outermost namespace name, through which the declaration is visible from
    /// module level.
    pub outermost: String,
    /// Whether the declaration and every namespace inside the outermost one are
    /// exported from their enclosing namespace.
    pub exported_inside: bool,
}

/// Returns the namespaces around `declaration` when it sits directly in a namespace
/// body, or `None` when it does not.
pub(super) fn namespaced(declaration: Node<'_>, source: &str) -> Option<Namespaced> {
    let mut names = Vec::new();
    let mut exported_inside = true;
    let mut current = declaration;
    for _ in 0..MAX_CHAIN {
        let mut exported = false;
        if let Some(parent) = current.parent()
            && matches!(parent.kind(), "export_statement" | "expression_statement")
        {
            exported = parent.kind() == "export_statement";
            current = parent;
        }
        let Some(module) = current
            .parent()
            .filter(|body| body.kind() == "statement_block")
            .and_then(|body| body.parent())
            .filter(|module| matches!(module.kind(), "internal_module" | "module"))
        else {
            break;
        };
        exported_inside &= exported;
        let name = module.child_by_field_name("name")?;
        names.push(text(name, source).to_string());
        current = module;
    }
    let outermost = names.last()?.clone();
    names.reverse();
    Some(Namespaced {
        prefix: names.join("."),
        outermost,
        exported_inside,
    })
}
