//! Area files: raw TOML structs, and their validation into [`Area`] and [`Event`].
//!
//! Only validated types leave this module, so the engine never sees an unchecked rule.

use std::collections::BTreeSet;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::error::ConfigError;
use super::pattern::PatternSet;
use crate::engine::fields::FieldSpec;
use crate::lang::Level;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAreaFile {
    area: Spanned<RawArea>,
    #[serde(default)]
    event: Vec<Spanned<RawEvent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: Spanned<String>,
    title: Option<String>,
    target: Spanned<toml::Value>,
    #[serde(default = "empty_list")]
    paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    contexts: Vec<Spanned<String>>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Spanned<String>,
    description: Option<String>,
    #[serde(default = "empty_list")]
    fields: Spanned<Vec<Spanned<String>>>,
    reason: Option<String>,
    level: Option<Spanned<String>>,
    anchor: Spanned<String>,
    functions: Option<Spanned<Vec<Spanned<String>>>>,
    calls: Option<Spanned<Vec<Spanned<String>>>>,
    rethrown: Option<Spanned<String>>,
    #[serde(default)]
    dotted: bool,
    contexts: Option<Vec<Spanned<String>>>,
    paths: Option<Vec<Spanned<String>>>,
}

fn empty_list() -> Spanned<Vec<Spanned<String>>> {
    Spanned::new(0..0, Vec::new())
}

/// The anchor of an event: the kind of place where it must be logged, with its globs.
#[derive(Debug, Clone)]
pub enum Anchor {
    File,
    Function(PatternSet),
    Call(PatternSet),
    ErrorHandler { exempt_rethrown: bool },
}

impl Anchor {
    pub fn kind(&self) -> &'static str {
        match self {
            Anchor::File => "file",
            Anchor::Function(_) => "function",
            Anchor::Call(_) => "call",
            Anchor::ErrorHandler { .. } => "error-handler",
        }
    }

    /// Returns the globs of a `function` or `call` anchor, as written.
    pub fn patterns(&self) -> Vec<&str> {
        match self {
            Anchor::Function(patterns) | Anchor::Call(patterns) => patterns.written(),
            _ => Vec::new(),
        }
    }
}

/// A required event of an area, validated.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub description: String,
    pub fields: Vec<FieldSpec>,
    pub reason: Option<String>,
    pub level: Option<Level>,
    pub anchor: Anchor,
    pub dotted: bool,
    /// Names of the context sets that apply to this event.
    pub contexts: Vec<String>,
    /// Globs that narrow the event to some of the area's files; `None` for all.
    pub paths: Option<GlobSet>,
}

impl Event {
    /// Returns whether the event applies to a file of its area.
    pub fn applies_to(&self, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|paths| paths.is_match(path))
    }
}

/// An area of the codebase with its target and required events, validated.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub target: f64,
    pub path_globs: Vec<String>,
    paths: GlobSet,
    excludes: GlobSet,
    pub events: Vec<Event>,
    /// The area file, for error messages about the area as a whole.
    pub source: std::path::PathBuf,
    /// Byte range of `paths` in the area file, to point at when no file matches.
    pub paths_span: std::ops::Range<usize>,
}

impl Area {
    pub fn matches(&self, path: &str) -> bool {
        self.paths.is_match(path) && !self.excludes.is_match(path)
    }
}

const ANCHORS: &str = "file, function, call, error-handler";

/// Parses and validates one area file. Errors are collected, not stopped at the first.
pub fn load_area_file(path: &Path, text: &str, errors: &mut Vec<ConfigError>) -> Option<Area> {
    let invalid = |span: std::ops::Range<usize>, message: String, help: Option<String>| {
        ConfigError::invalid("rule file", path, text, Some(span), message, help)
    };
    let raw: RawAreaFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            errors.push(ConfigError::invalid(
                "rule file",
                path,
                text,
                error.span(),
                error.message().to_string(),
                Some(toml_help(error.message(), "[area] id title target paths exclude contexts description; [[event]] id description fields reason level anchor functions calls rethrown dotted contexts paths")),
            ));
            return None;
        }
    };
    let before = errors.len();
    let area_span = raw.area.span();
    let area = raw.area.into_inner();

    let id = area.id.get_ref().clone();
    if !is_kebab_id(&id) {
        errors.push(invalid(
            area.id.span(),
            format!("area id `{id}` is not a kebab-case id"),
            Some("use lowercase letters, digits and `-`, such as `order-placement`".into()),
        ));
    }
    let target = validate_target(&area.target, &mut |span, message, help| {
        errors.push(invalid(span, message, help));
    });
    if area.paths.get_ref().is_empty() {
        let span = if area.paths.span().is_empty() {
            area_span.clone()
        } else {
            area.paths.span()
        };
        errors.push(invalid(
            span,
            format!("area `{id}` has no paths"),
            Some(
                "add `paths = [\"src/orders/**\"]` with globs of the files the area covers".into(),
            ),
        ));
    }
    let paths = build_globset(&area.paths.get_ref()[..], &mut |span, message| {
        errors.push(invalid(span, message, Some(glob_help())));
    });
    let excludes = build_globset(&area.exclude, &mut |span, message| {
        errors.push(invalid(span, message, Some(glob_help())));
    });
    let area_contexts: Vec<String> = area.contexts.iter().map(|c| c.get_ref().clone()).collect();

    let mut events = Vec::new();
    let mut seen = BTreeSet::new();
    for raw_event in raw.event {
        let event_span = raw_event.span();
        let raw_event = raw_event.into_inner();
        if !seen.insert(raw_event.id.get_ref().clone()) {
            errors.push(invalid(
                raw_event.id.span(),
                format!(
                    "duplicate event id `{}` in area `{id}`",
                    raw_event.id.get_ref()
                ),
                Some("give each event of an area its own id".into()),
            ));
            continue;
        }
        let mut push = |span: std::ops::Range<usize>, message: String, help: Option<String>| {
            errors.push(invalid(span, message, help));
        };
        if let Some(event) = validate_event(raw_event, event_span, &area_contexts, &mut push) {
            events.push(event);
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Area {
        title: area.title.unwrap_or_else(|| id.clone()),
        id,
        description: area.description,
        target,
        path_globs: area
            .paths
            .get_ref()
            .iter()
            .map(|p| p.get_ref().clone())
            .collect(),
        paths,
        excludes,
        events,
        source: path.to_path_buf(),
        paths_span: area.paths.span(),
    })
}

type Report<'a> = dyn FnMut(std::ops::Range<usize>, String, Option<String>) + 'a;

fn validate_event(
    raw: RawEvent,
    event_span: std::ops::Range<usize>,
    area_contexts: &[String],
    report: &mut Report<'_>,
) -> Option<Event> {
    let id = raw.id.get_ref().clone();
    let mut ok = true;
    if !is_kebab_id(&id) {
        report(
            raw.id.span(),
            format!("event id `{id}` is not a kebab-case id"),
            Some("use lowercase letters, digits and `-`, such as `balance-deduction`".into()),
        );
        ok = false;
    }
    let mut fields = Vec::new();
    for field in raw.fields.get_ref() {
        match FieldSpec::parse(field.get_ref(), raw.dotted) {
            Some(spec) => fields.push(spec),
            None => {
                report(
                    field.span(),
                    format!("invalid field `{}`", field.get_ref()),
                    Some("write a field name, or alternatives separated by `|`: \"latencyMs|durationMs\"".into()),
                );
                ok = false;
            }
        }
    }
    if raw.fields.get_ref().is_empty() && raw.reason.is_none() {
        let span = if raw.fields.span().is_empty() {
            event_span.clone()
        } else {
            raw.fields.span()
        };
        report(
            span,
            format!("event `{id}` names no fields and gives no reason"),
            Some("list the fields the log call must carry, or add `reason = \"...\"` saying why none can be named".into()),
        );
        ok = false;
    }
    let level = match &raw.level {
        None => None,
        Some(level) => match Level::parse(level.get_ref()) {
            Some(level) => Some(level),
            None => {
                report(
                    level.span(),
                    format!("unknown level `{}`", level.get_ref()),
                    Some("use one of trace, debug, info, warn, error, fatal".into()),
                );
                ok = false;
                None
            }
        },
    };
    let anchor = validate_anchor(&raw, report)?;
    let paths = raw.paths.as_ref().map(|globs| {
        let mut bad = |span: std::ops::Range<usize>, message: String| {
            report(span, message, Some(glob_help()));
            ok = false;
        };
        build_globset(globs, &mut bad)
    });
    let contexts = match raw.contexts {
        Some(list) => list.into_iter().map(Spanned::into_inner).collect(),
        None => area_contexts.to_vec(),
    };
    if !ok {
        return None;
    }
    Some(Event {
        id,
        description: raw.description.unwrap_or_default(),
        fields,
        reason: raw.reason,
        level,
        anchor,
        dotted: raw.dotted,
        contexts,
        paths,
    })
}

fn validate_anchor(raw: &RawEvent, report: &mut Report<'_>) -> Option<Anchor> {
    let kind = raw.anchor.get_ref().as_str();
    let patterns = |list: &Option<Spanned<Vec<Spanned<String>>>>| -> PatternSet {
        let globs: Vec<String> = list
            .as_ref()
            .map(|l| l.get_ref().iter().map(|p| p.get_ref().clone()).collect())
            .unwrap_or_default();
        PatternSet::new(&globs)
    };
    let misplaced =
        |key: &str, list: &Option<Spanned<Vec<Spanned<String>>>>, report: &mut Report<'_>| {
            if let Some(list) = list {
                report(
                    list.span(),
                    format!(
                        "`{key}` only applies to anchor = \"{}\"",
                        if key == "functions" {
                            "function"
                        } else {
                            "call"
                        }
                    ),
                    Some(format!("remove `{key}`, or change the anchor")),
                );
                return true;
            }
            false
        };
    if raw.rethrown.is_some() && kind != "error-handler" {
        let span = raw.rethrown.as_ref().map(Spanned::span).unwrap_or_default();
        report(
            span,
            "`rethrown` only applies to anchor = \"error-handler\"".into(),
            None,
        );
        return None;
    }
    match kind {
        "file" | "error-handler" => {
            let bad = misplaced("functions", &raw.functions, report)
                | misplaced("calls", &raw.calls, report);
            if bad {
                return None;
            }
            if kind == "file" {
                return Some(Anchor::File);
            }
            let exempt_rethrown = match raw.rethrown.as_ref().map(|r| r.get_ref().as_str()) {
                None | Some("unit") => false,
                Some("exempt") => true,
                Some(other) => {
                    report(
                        raw.rethrown.as_ref().unwrap().span(),
                        format!("unknown value `{other}` for `rethrown`"),
                        Some("use \"unit\" (a handler that only re-throws is an uncovered unit) or \"exempt\"".into()),
                    );
                    return None;
                }
            };
            Some(Anchor::ErrorHandler { exempt_rethrown })
        }
        "function" | "call" => {
            let (key, list, other_key, other) = if kind == "function" {
                ("functions", &raw.functions, "calls", &raw.calls)
            } else {
                ("calls", &raw.calls, "functions", &raw.functions)
            };
            if misplaced(other_key, other, report) {
                return None;
            }
            let found = patterns(list);
            if !found.has_includes() {
                report(
                    raw.anchor.span(),
                    format!("anchor = \"{kind}\" needs a non-empty `{key}` list"),
                    Some(if kind == "function" {
                        "add `functions = [\"OrderService.placeOrder\"]` (globs over qualified names)".into()
                    } else {
                        "add `calls = [\"axios.*\"]` (globs over callee paths)".into()
                    }),
                );
                return None;
            }
            Some(if kind == "function" {
                Anchor::Function(found)
            } else {
                Anchor::Call(found)
            })
        }
        other => {
            report(
                raw.anchor.span(),
                format!("unknown anchor `{other}`"),
                Some(format!("use one of {ANCHORS}")),
            );
            None
        }
    }
}

fn validate_target(
    value: &Spanned<toml::Value>,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, Option<String>),
) -> f64 {
    let number = match value.get_ref() {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        other => {
            report(
                value.span(),
                format!("target must be a number, found {}", other.type_str()),
                Some("write a percentage such as `target = 90`".into()),
            );
            return 0.0;
        }
    };
    if !(0.0..=100.0).contains(&number) {
        report(
            value.span(),
            format!("target {number} is outside 0-100"),
            Some("a target is a percentage of covered units, such as `target = 90`".into()),
        );
    }
    number
}

/// Builds a glob set from spanned glob strings, reporting each invalid one.
pub(super) fn build_globset(
    globs: &[Spanned<String>],
    report: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        match Glob::new(glob.get_ref()) {
            Ok(compiled) => {
                builder.add(compiled);
            }
            Err(error) => report(
                glob.span(),
                format!("invalid glob `{}`: {}", glob.get_ref(), error.kind()),
            ),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

pub(super) fn glob_help() -> String {
    "globs use `*` within a path segment and `**` across segments, such as `backend/src/**/*.ts`"
        .into()
}

/// Adds the list of valid keys to serde's unknown-field message.
pub(super) fn toml_help(message: &str, keys: &str) -> String {
    if message.contains("unknown field") {
        format!("valid keys: {keys}")
    } else if message.contains("missing field") {
        format!("add the missing key; valid keys: {keys}")
    } else if message.contains("invalid type") || message.contains("invalid value") {
        "give the key a value of the expected type (see docs/rules.md)".into()
    } else {
        "fix the TOML syntax at the marked position".into()
    }
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}
