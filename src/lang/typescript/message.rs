//! Reads the level, message and structured fields from a log call's arguments, by the
//! argument conventions of each library.

use tree_sitter::Node;

use super::calls::method_level;
use super::syntax::{object_keys, object_property, plain_string, text, unwrap_expression};
use crate::lang::{Level, Library};

/// Maximum number of operands read in one string concatenation.
const MAX_CONCATENATION_PARTS: usize = 64;

/// The level, message and fields read from a log call's arguments.
#[derive(Debug, Default)]
pub(super) struct CallShape {
    pub level: Option<Level>,
    pub message: Option<String>,
    pub fields: Vec<String>,
    /// The message argument is a template with substitutions or a concatenation.
    pub interpolated: bool,
    /// Keys of an object literal after the message, which pino and bunyan do not log as
    /// fields. It is `Some` even when the object has no plain keys.
    pub lost_fields: Option<Vec<String>>,
}

/// A message argument as written.
enum MessageText {
    Plain(String),
    Interpolated,
    /// Not a string expression (an identifier, a member, a call).
    Other,
}

pub(super) fn read_shape(
    library: Library,
    method: &str,
    arguments: &[Node<'_>],
    source: &str,
) -> CallShape {
    let mut arguments = arguments;
    let mut level = method_level(method);
    if method == "log" && library != Library::Console {
        if let [single] = arguments
            && unwrap_expression(*single).kind() == "object"
        {
            return single_object(unwrap_expression(*single), source);
        }
        if arguments.len() >= 2 && names_level(arguments[0], library, source) {
            level = level_argument(arguments[0], source).or(Some(Level::Info));
            arguments = &arguments[1..];
        }
    }
    let mut shape = match library {
        Library::Pino | Library::Bunyan => object_first(arguments, source),
        Library::Winston => winston(arguments, source),
        _ => any_position(arguments, source),
    };
    shape.level = level;
    shape
}

/// Winston's `logger.log({ level, message, ...meta })`: level and message come from the
/// object and its other keys are fields.
fn single_object(object: Node<'_>, source: &str) -> CallShape {
    let level = object_property(object, "level", source).and_then(|l| level_argument(l, source));
    let (message, interpolated) = match object_property(object, "message", source) {
        Some(value) => split_message(&message_text(value, source)),
        None => (None, false),
    };
    let fields = object_keys(object, source)
        .into_iter()
        .filter(|k| k != "level" && k != "message")
        .collect();
    CallShape {
        level: level.or(Some(Level::Info)),
        message,
        fields,
        interpolated,
        lost_fields: None,
    }
}

/// Returns true when the first argument of `.log(...)` is the level: a string naming a
/// level, or for winston (whose `log` always takes the level first) any non-literal.
fn names_level(first: Node<'_>, library: Library, source: &str) -> bool {
    let first = unwrap_expression(first);
    if level_argument(first, source).is_some() {
        return true;
    }
    let literal = matches!(
        first.kind(),
        "string" | "template_string" | "object" | "number"
    );
    if literal {
        return false;
    }
    library == Library::Winston || text(first, source).to_ascii_lowercase().contains("level")
}

fn level_argument(node: Node<'_>, source: &str) -> Option<Level> {
    let value = plain_string(unwrap_expression(node), source)?;
    let value = value.to_ascii_lowercase();
    if value == "log" {
        return None;
    }
    method_level(&value)
}

/// Pino and bunyan: fields come only from an object given before the message. An
/// object after the message is a format argument, so its keys are lost unless the
/// message has a `%` placeholder that consumes it.
fn object_first(arguments: &[Node<'_>], source: &str) -> CallShape {
    let Some(&first) = arguments.first() else {
        return CallShape::default();
    };
    let first = unwrap_expression(first);
    let mut shape = CallShape::default();
    if first.kind() == "object" {
        shape.fields = object_keys(first, source)
            .into_iter()
            .filter(|k| k != "msg")
            .collect();
        let message = arguments.get(1).map(|m| message_text(*m, source));
        let message = match message {
            Some(message) => message,
            None => object_property(first, "msg", source)
                .map_or(MessageText::Other, |m| message_text(m, source)),
        };
        (shape.message, shape.interpolated) = split_message(&message);
        return shape;
    }

    let message = message_text(first, source);
    if matches!(message, MessageText::Other) {
        // `log.error(err, 'failed')`: a non-literal first argument is the merging
        // object, and its fields cannot be read.
        let message = arguments
            .get(1)
            .map_or(MessageText::Other, |m| message_text(*m, source));
        (shape.message, shape.interpolated) = split_message(&message);
        return shape;
    }
    (shape.message, shape.interpolated) = split_message(&message);
    let placeholders = shape.message.as_deref().is_some_and(has_placeholder);
    let later_objects: Vec<Node<'_>> = arguments[1..]
        .iter()
        .map(|a| unwrap_expression(*a))
        .filter(|a| a.kind() == "object")
        .collect();
    if !placeholders && !later_objects.is_empty() {
        let mut lost = Vec::new();
        for object in later_objects {
            push_unique(&mut lost, object_keys(object, source));
        }
        shape.lost_fields = Some(lost);
    }
    shape
}

/// Winston: every object literal is metadata. A `message` key in it is appended to the
/// message text (winston joins the two with a space), so it is not a field.
fn winston(arguments: &[Node<'_>], source: &str) -> CallShape {
    let mut shape = any_position(arguments, source);
    shape.fields.retain(|k| k != "message");
    let meta_message = arguments
        .iter()
        .map(|a| unwrap_expression(*a))
        .filter(|a| a.kind() == "object")
        .find_map(|o| object_property(o, "message", source));
    let Some(meta_message) = meta_message else {
        return shape;
    };
    let has_message_argument = arguments
        .iter()
        .any(|a| !matches!(message_text(*a, source), MessageText::Other));
    match (message_text(meta_message, source), has_message_argument) {
        (MessageText::Plain(extra), true) => {
            shape.message = shape.message.map(|m| format!("{m} {extra}"));
        }
        (MessageText::Plain(extra), false) => shape.message = Some(extra),
        (MessageText::Interpolated, false) => shape.interpolated = true,
        _ => shape.message = None,
    }
    shape
}

/// Libraries of unknown argument order: every object literal gives fields, and the
/// first string argument is the message.
fn any_position(arguments: &[Node<'_>], source: &str) -> CallShape {
    let mut shape = CallShape::default();
    let mut message = None;
    for argument in arguments {
        let argument = unwrap_expression(*argument);
        if argument.kind() == "object" {
            push_unique(&mut shape.fields, object_keys(argument, source));
            continue;
        }
        if message.is_none() {
            let text = message_text(argument, source);
            if !matches!(text, MessageText::Other) {
                message = Some(text);
            }
        }
    }
    if let Some(message) = message {
        (shape.message, shape.interpolated) = split_message(&message);
    }
    shape
}

fn split_message(message: &MessageText) -> (Option<String>, bool) {
    match message {
        MessageText::Plain(text) => (Some(text.clone()), false),
        MessageText::Interpolated => (None, true),
        MessageText::Other => (None, false),
    }
}

fn message_text(node: Node<'_>, source: &str) -> MessageText {
    let node = unwrap_expression(node);
    match node.kind() {
        "string" | "template_string" => {
            plain_string(node, source).map_or(MessageText::Interpolated, MessageText::Plain)
        }
        "binary_expression" => concatenation(node, source),
        _ => MessageText::Other,
    }
}

/// Reads `'a' + b + 'c'`: plain when every operand is a plain string, interpolated when
/// any operand is a string and another is not, and not a message otherwise.
fn concatenation(node: Node<'_>, source: &str) -> MessageText {
    let mut pending = vec![node];
    let mut parts = Vec::new();
    let mut has_string = false;
    let mut has_other = false;
    while let Some(current) = pending.pop() {
        if parts.len() + pending.len() > MAX_CONCATENATION_PARTS {
            has_other = true;
            break;
        }
        let current = unwrap_expression(current);
        let operator = current
            .child_by_field_name("operator")
            .map(|o| text(o, source));
        if current.kind() == "binary_expression" && operator == Some("+") {
            // Right first, so the left operand is popped and read first.
            pending.extend(current.child_by_field_name("right"));
            pending.extend(current.child_by_field_name("left"));
            continue;
        }
        match current.kind() {
            "string" | "template_string" => {
                has_string = true;
                match plain_string(current, source) {
                    Some(text) => parts.push(text),
                    None => has_other = true,
                }
            }
            _ => has_other = true,
        }
    }
    match (has_string, has_other) {
        (false, _) => MessageText::Other,
        (true, true) => MessageText::Interpolated,
        (true, false) => MessageText::Plain(parts.concat()),
    }
}

/// Returns true when a message has a printf-style placeholder (`%s`, `%d`, `%o`, ...).
fn has_placeholder(message: &str) -> bool {
    let bytes = message.as_bytes();
    bytes.windows(2).any(|pair| {
        pair[0] == b'%' && matches!(pair[1], b's' | b'd' | b'i' | b'f' | b'j' | b'o' | b'O')
    })
}

fn push_unique(into: &mut Vec<String>, keys: Vec<String>) {
    for key in keys {
        if !into.contains(&key) {
            into.push(key);
        }
    }
}
