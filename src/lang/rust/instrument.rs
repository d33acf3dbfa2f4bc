//! `#[instrument]` attributes: the span fields they declare and `err` error logging.
//!
//! The rules follow tracing-attributes 0.1: every argument except `self` is recorded
//! unless `skip(..)` names it or `skip_all` is given, or a custom field has the same
//! name. In `fields(..)`, `x = expr`, `x = %expr`, `x = ?expr`, `%x` and `?x` are
//! present. `x` alone and `x = tracing::field::Empty` declare an empty field, which is
//! present only when the body records it with `.record("x", ..)`. Recording a field that
//! the span does not declare has no effect.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::{Attribute, FnArg, Meta, Pat, Signature};

use super::macros::{dotted_name, is_empty_value};
use super::tokens::{is_ident, is_punct, split_at_punct};
use crate::lang::Level;

/// One `#[instrument(..)]` attribute, read.
#[derive(Debug, Default)]
pub(crate) struct Instrument {
    /// Position of the attribute's `#`.
    pub(crate) span: Option<Span>,
    skip_all: bool,
    skip: Vec<String>,
    /// Custom fields in declaration order, with whether each has a value.
    fields: Vec<(String, bool)>,
    /// The level of the event that `err` emits for every `Err` returned.
    pub(crate) err_level: Option<Level>,
}

/// Finds the `#[instrument]` or `#[tracing::instrument]` attribute among `attrs`, also
/// inside `#[cfg_attr(condition, instrument(..))]`.
pub(crate) fn find_instrument(attrs: &[Attribute]) -> Option<Instrument> {
    for attribute in attrs {
        let path = attribute.path();
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let span = Some(attribute.pound_token.span);
        if is_instrument_path(&segments) {
            let mut instrument = match &attribute.meta {
                Meta::List(list) => parse_arguments(&list.tokens),
                _ => Instrument::default(),
            };
            instrument.span = span;
            return Some(instrument);
        }
        if segments == ["cfg_attr"]
            && let Meta::List(list) = &attribute.meta
            && let Some(mut instrument) = find_in_cfg_attr(&list.tokens)
        {
            instrument.span = span;
            return Some(instrument);
        }
    }
    None
}

fn is_instrument_path(segments: &[String]) -> bool {
    match segments {
        [name] => name == "instrument",
        [root, name] => name == "instrument" && (root == "tracing" || root == "tracing_attributes"),
        _ => false,
    }
}

fn find_in_cfg_attr(tokens: &TokenStream) -> Option<Instrument> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for attribute in split_at_punct(&trees, ',').into_iter().skip(1) {
        let path_end = attribute
            .iter()
            .position(|t| matches!(t, TokenTree::Group(_)))
            .unwrap_or(attribute.len());
        let segments: Vec<String> = attribute[..path_end]
            .iter()
            .filter_map(|t| match t {
                TokenTree::Ident(ident) => Some(ident.to_string()),
                _ => None,
            })
            .collect();
        if !is_instrument_path(&segments) {
            continue;
        }
        return Some(match attribute.get(path_end) {
            Some(TokenTree::Group(group)) => parse_arguments(&group.stream()),
            _ => Instrument::default(),
        });
    }
    None
}

fn parse_arguments(tokens: &TokenStream) -> Instrument {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut instrument = Instrument::default();
    for argument in split_at_punct(&trees, ',') {
        let inner = match argument.get(1) {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                Some(group.stream().into_iter().collect::<Vec<_>>())
            }
            _ => None,
        };
        let Some(TokenTree::Ident(name)) = argument.first() else {
            continue;
        };
        match (name.to_string().as_str(), inner) {
            ("skip_all", None) => instrument.skip_all = true,
            ("skip", Some(names)) => {
                for skipped in split_at_punct(&names, ',') {
                    if let Some((name, _)) = dotted_name(skipped) {
                        instrument.skip.push(name);
                    }
                }
            }
            ("fields", Some(fields)) => {
                for field in split_at_punct(&fields, ',') {
                    if let Some(declared) = parse_field(field) {
                        instrument.fields.push(declared);
                    }
                }
            }
            ("err", None) => instrument.err_level = Some(Level::Error),
            ("err", Some(options)) => instrument.err_level = Some(err_level(&options)),
            _ => {}
        }
    }
    instrument
}

/// Reads one `fields(..)` entry into its name and whether it has a value.
fn parse_field(field: &[TokenTree]) -> Option<(String, bool)> {
    match field {
        [TokenTree::Punct(sigil), rest @ ..] if matches!(sigil.as_char(), '%' | '?') => {
            dotted_name(rest).map(|(name, _)| (name, true))
        }
        [TokenTree::Literal(literal), equals, value @ ..] if is_punct(equals, '=') => {
            match syn::Lit::new(literal.clone()) {
                syn::Lit::Str(text) => Some((text.value(), !is_empty_value(value))),
                _ => None,
            }
        }
        _ => {
            let (name, used) = dotted_name(field)?;
            match field.get(used) {
                None => Some((name, false)),
                Some(equals) if is_punct(equals, '=') => {
                    Some((name, !is_empty_value(&field[used + 1..])))
                }
                Some(_) => None,
            }
        }
    }
}

/// Reads `err(level = "debug")`, `err(level = Level::WARN)`, `err(Display)`.
fn err_level(options: &[TokenTree]) -> Level {
    for option in split_at_punct(options, ',') {
        let [key, equals, value @ ..] = option else {
            continue;
        };
        if !is_ident(key, "level") || !is_punct(equals, '=') {
            continue;
        }
        let name = match value.last() {
            Some(TokenTree::Literal(literal)) => match syn::Lit::new(literal.clone()) {
                syn::Lit::Str(text) => text.value(),
                _ => continue,
            },
            Some(TokenTree::Ident(ident)) => ident.to_string(),
            _ => continue,
        };
        if let Some(level) = Level::parse(&name) {
            return level;
        }
    }
    Level::Error
}

impl Instrument {
    /// Returns the fields present on events inside the function, arguments first, then
    /// custom fields in declaration order. `recorded` lists the names the body passes to
    /// `.record(..)`.
    pub(crate) fn span_fields(&self, signature: &Signature, recorded: &[String]) -> Vec<String> {
        let mut present = Vec::new();
        if !self.skip_all {
            let mut arguments = Vec::new();
            for input in &signature.inputs {
                if let FnArg::Typed(typed) = input {
                    pattern_names(&typed.pat, &mut arguments);
                }
            }
            for argument in arguments {
                let skipped = self.skip.contains(&argument);
                let shadowed = self.fields.iter().any(|(name, _)| *name == argument);
                if !skipped && !shadowed && !present.contains(&argument) {
                    present.push(argument);
                }
            }
        }
        for (name, has_value) in &self.fields {
            if (*has_value || recorded.contains(name)) && !present.contains(name) {
                present.push(name.clone());
            }
        }
        present
    }
}

/// Collects the names a parameter pattern binds, as tracing-attributes records them.
fn pattern_names(pat: &Pat, names: &mut Vec<String>) {
    match pat {
        Pat::Ident(ident) => {
            let text = ident.ident.to_string();
            names.push(text.strip_prefix("r#").unwrap_or(&text).to_string());
            if let Some((_, sub)) = &ident.subpat {
                pattern_names(sub, names);
            }
        }
        Pat::Tuple(tuple) => tuple.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::TupleStruct(tuple) => tuple.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::Struct(structure) => structure
            .fields
            .iter()
            .for_each(|f| pattern_names(&f.pat, names)),
        Pat::Slice(slice) => slice.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::Reference(reference) => pattern_names(&reference.pat, names),
        Pat::Type(typed) => pattern_names(&typed.pat, names),
        Pat::Paren(paren) => pattern_names(&paren.pat, names),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_fields(item: &str, recorded: &[&str]) -> Vec<String> {
        let function: syn::ItemFn = syn::parse_str(item).unwrap();
        let instrument = find_instrument(&function.attrs).expect("no instrument attribute");
        let recorded: Vec<String> = recorded.iter().map(|s| s.to_string()).collect();
        instrument.span_fields(&function.sig, &recorded)
    }

    #[test]
    fn skip_all_with_empty_field() {
        let item = "#[instrument(skip_all, fields(order_id))] fn f(order_id: u64) {}";
        assert!(span_fields(item, &[]).is_empty());
        assert_eq!(span_fields(item, &["order_id"]), ["order_id"]);
    }

    #[test]
    fn arguments_and_valued_fields() {
        let item = "#[tracing::instrument(skip(self, body), fields(http.method = %m, ?peer, later))] \
                    fn f(&self, url: &str, body: Vec<u8>, (a, b): (u8, u8)) {}";
        assert_eq!(
            span_fields(item, &["nothing"]),
            ["url", "a", "b", "http.method", "peer"]
        );
    }

    #[test]
    fn custom_field_shadows_argument() {
        let item = "#[instrument(fields(id))] fn f(id: u64, name: &str) {}";
        assert_eq!(span_fields(item, &[]), ["name"]);
    }

    #[test]
    fn err_levels() {
        let level = |item: &str| {
            let function: syn::ItemFn = syn::parse_str(item).unwrap();
            find_instrument(&function.attrs).unwrap().err_level
        };
        assert_eq!(level("#[instrument(err)] fn f() {}"), Some(Level::Error));
        assert_eq!(
            level("#[instrument(err(Debug))] fn f() {}"),
            Some(Level::Error)
        );
        assert_eq!(
            level(r#"#[instrument(err(level = "debug"))] fn f() {}"#),
            Some(Level::Debug)
        );
        assert_eq!(
            level("#[instrument(err(level = Level::WARN))] fn f() {}"),
            Some(Level::Warn)
        );
        assert_eq!(level("#[instrument(ret)] fn f() {}"), None);
        let cfg = "#[cfg_attr(feature = \"trace\", tracing::instrument(err))] fn f() {}";
        assert_eq!(level(cfg), Some(Level::Error));
    }
}
