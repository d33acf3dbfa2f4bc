//! Recovery of files that syn rejects as a whole or that nest too deep.
//!
//! A file that syn rejects is split into items, each item that fails into its function bodies, and each
//! body into statements, so that only the statement or item that is broken falls back to
//! the token scan. Every syn parse is preceded by a nesting estimate, and parts deeper
//! than [`MAX_NESTING_DEPTH`] are skipped with a diagnostic.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::Parser;
use syn::visit::Visit;
use syn::{Block, ImplItem, Item, ItemFn, TraitItem};

use super::collector::{Collector, ImplContext};
use super::tokens::{is_group, is_ident, is_punct, nesting_estimate, split_statements, to_stream};
use super::visit::signature_start;
use crate::lang::MAX_NESTING_DEPTH;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemLevel {
    Module,
    Impl,
    Trait,
}

/// Words that may stand between an item's attributes and its keyword.
pub(crate) const ITEM_QUALIFIERS: [&str; 8] = [
    "pub", "async", "const", "unsafe", "extern", "default", "safe", "auto",
];

/// Returns the index of the keyword of the item that starts `trees`, after attributes,
/// visibility and qualifiers.
fn item_keyword(trees: &[TokenTree]) -> Option<usize> {
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => i += 2,
            TokenTree::Ident(ident) if ITEM_QUALIFIERS.iter().any(|q| ident == q) => i += 1,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => i += 1,
            TokenTree::Literal(_) => i += 1,
            TokenTree::Ident(_) => return Some(i),
            _ => return None,
        }
    }
    None
}

/// Names the type of `impl HEADER {`: the last identifier outside angle brackets, after
/// `for` when there is one, before any `where` clause.
fn impl_type_name(header: &[TokenTree]) -> String {
    let mut depth = 0usize;
    let mut name = String::new();
    for (i, tree) in header.iter().enumerate() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p)
                if p.as_char() == '>' && !(i > 0 && is_punct(&header[i - 1], '-')) =>
            {
                depth = depth.saturating_sub(1);
            }
            TokenTree::Ident(ident) if depth == 0 && ident == "where" => break,
            TokenTree::Ident(ident) if depth == 0 && ident == "for" => name.clear(),
            TokenTree::Ident(ident) if depth == 0 && ident != "dyn" && ident != "mut" => {
                name = ident.to_string();
            }
            _ => {}
        }
    }
    name
}

fn inner(tree: &TokenTree) -> Vec<TokenTree> {
    match tree {
        TokenTree::Group(group) => group.stream().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Skips inner attributes (`#![..]`) at the start of a file, module or impl body.
fn skip_inner_attributes(trees: &[TokenTree]) -> &[TokenTree] {
    let mut rest = trees;
    while let [hash, bang, group, tail @ ..] = rest {
        if !(is_punct(hash, '#') && is_punct(bang, '!') && is_group(group, Delimiter::Bracket)) {
            break;
        }
        rest = tail;
    }
    rest
}

impl Collector<'_> {
    /// Recovers the facts of a file that syn rejected or that nests too deep.
    pub(crate) fn recover_file(&mut self, trees: &[TokenTree]) {
        self.recover_items(skip_inner_attributes(trees), ItemLevel::Module);
    }

    /// Returns whether `trees` is shallow enough to hand to syn or to scan. A part that is
    /// not is reported as skipped when `report` is true.
    pub(crate) fn within_nesting_limit(&mut self, trees: &[TokenTree], report: bool) -> bool {
        if nesting_estimate(&to_stream(trees)) <= MAX_NESTING_DEPTH {
            return true;
        }
        if report {
            let lines = self.describe_lines(trees);
            let byte = self.token_start(&trees[0]);
            self.report_parse_error(
                byte,
                format!(
                    "nesting deeper than {MAX_NESTING_DEPTH} levels; facts in {lines} are skipped"
                ),
            );
        }
        false
    }

    fn token_start(&self, tree: &TokenTree) -> usize {
        self.positions.start(tree.span())
    }

    /// Names the lines that `trees` span: `line 4` or `lines 4-9`.
    fn describe_lines(&self, trees: &[TokenTree]) -> String {
        let first = trees
            .first()
            .map_or(0, |t| self.positions.line(self.token_start(t)));
        let last = trees
            .last()
            .map_or(0, |t| self.positions.line(self.positions.end(t.span())));
        if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}-{last}")
        }
    }

    /// Reports a syn error in `part`. `scanned` is true when the facts of the part come
    /// from the token scan rather than from a finer recovery.
    fn report_syn_error(&mut self, error: &syn::Error, part: &[TokenTree], scanned: bool) {
        let range = error.span().byte_range();
        let byte = if range.start == 0 && range.end == 0 {
            // syn reports the end of input with a span that has no location.
            part.last().map_or(0, |t| self.positions.end(t.span()))
        } else {
            self.positions.start(error.span())
        };
        let lines = self.describe_lines(part);
        let consequence = if scanned {
            "come from a token scan and may be incomplete"
        } else {
            "may be incomplete"
        };
        self.report_parse_error(
            byte,
            format!("syntax error: {error}; facts in {lines} {consequence}"),
        );
    }

    fn recover_items(&mut self, trees: &[TokenTree], level: ItemLevel) {
        for part in split_statements(skip_inner_attributes(trees)) {
            if nesting_estimate(&to_stream(part)) <= MAX_NESTING_DEPTH {
                let stream = to_stream(part);
                let parsed = match level {
                    ItemLevel::Module => {
                        syn::parse2::<Item>(stream).map(|item| self.visit_item(&item))
                    }
                    ItemLevel::Impl => {
                        syn::parse2::<ImplItem>(stream).map(|item| self.visit_impl_item(&item))
                    }
                    ItemLevel::Trait => {
                        syn::parse2::<TraitItem>(stream).map(|item| self.visit_trait_item(&item))
                    }
                };
                match parsed {
                    Ok(()) => continue,
                    Err(error) => self.recover_item(part, level, Some(&error)),
                }
            } else {
                self.recover_item(part, level, None);
            }
        }
    }

    /// Recovers one item that syn rejected with `error`, or that nests too deep for syn
    /// (`error` is `None`), by its keyword.
    fn recover_item(&mut self, part: &[TokenTree], level: ItemLevel, error: Option<&syn::Error>) {
        let reported = self.facts.diagnostics.len();
        let keyword = item_keyword(part);
        let body =
            keyword.and_then(|k| (k..part.len()).find(|&i| is_group(&part[i], Delimiter::Brace)));
        let name = keyword.map(|k| part[k].to_string()).unwrap_or_default();
        match (keyword, name.as_str(), body) {
            (Some(keyword), "fn", _) => {
                self.recover_function(part, 0, keyword, level != ItemLevel::Module, true);
            }
            (Some(keyword), "impl", Some(body)) => {
                let header = &part[keyword + 1..body];
                let trait_impl = header.iter().any(|t| is_ident(t, "for"));
                self.impls.push(ImplContext {
                    name: impl_type_name(header),
                    exported: trait_impl.then_some(true),
                });
                self.recover_items(&inner(&part[body]), ItemLevel::Impl);
                self.impls.pop();
            }
            (Some(keyword), "trait", Some(body)) => {
                let exported = part[..keyword].iter().any(|t| is_ident(t, "pub"));
                self.impls.push(ImplContext {
                    name: part
                        .get(keyword + 1)
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    exported: Some(exported),
                });
                self.recover_items(&inner(&part[body]), ItemLevel::Trait);
                self.impls.pop();
            }
            (Some(_), "mod", Some(body)) => {
                self.recover_items(&inner(&part[body]), ItemLevel::Module)
            }
            _ => {
                if let Some(error) = error {
                    self.report_syn_error(error, part, true);
                }
                self.scan_tokens(part, true);
                return;
            }
        }
        // The finer recovery reports the broken statement itself. An error that it did not
        // meet, such as one in a signature or an impl header, is reported for the item.
        if let Some(error) = error
            && self.facts.diagnostics.len() == reported
        {
            self.report_syn_error(error, part, false);
        }
    }

    /// Recovers the function whose `fn` keyword is `trees[keyword]` and whose attributes
    /// and qualifiers start at `trees[start]`. Returns the number of tokens it spans from
    /// `keyword`, or `None` when there is no `fn NAME .. { body }`. `report` is false in
    /// macro bodies, where tokens that do not parse are normal.
    pub(crate) fn recover_function(
        &mut self,
        trees: &[TokenTree],
        start: usize,
        keyword: usize,
        method: bool,
        report: bool,
    ) -> Option<usize> {
        let Some(TokenTree::Ident(name)) = trees.get(keyword + 1) else {
            return None;
        };
        let body = (keyword + 2..trees.len())
            .take_while(|&i| !is_punct(&trees[i], ';'))
            .find(|&i| is_group(&trees[i], Delimiter::Brace))?;
        // The signature is parsed with an empty body, so a broken body does not hide the
        // attributes and parameters that `#[instrument]` needs.
        let mut signature = to_stream(&trees[start..body]);
        signature.extend([TokenTree::Group(proc_macro2::Group::new(
            Delimiter::Brace,
            TokenStream::new(),
        ))]);
        let parsed = syn::parse2::<ItemFn>(signature).ok();

        let name = name.to_string();
        let (name, exported) = match &parsed {
            Some(function) if method => self.method_name(&name, &function.vis),
            Some(function) => (name, !matches!(function.vis, syn::Visibility::Inherited)),
            None => {
                let public = trees[start..keyword].iter().any(|t| is_ident(t, "pub"));
                let visibility = if public {
                    syn::Visibility::Public(Default::default())
                } else {
                    syn::Visibility::Inherited
                };
                if method {
                    self.method_name(&name, &visibility)
                } else {
                    (name, public)
                }
            }
        };

        let start_span = match &parsed {
            Some(function) => signature_start(&function.vis, &function.sig),
            None => trees[keyword].span(),
        };
        let start_byte = self.positions.start(start_span);
        let end_byte = self.positions.end(trees[body].span());
        let attrs = parsed.as_ref().map_or(&[][..], |f| &f.attrs[..]);

        self.enter_function(name, exported, start_byte, end_byte, attrs);
        self.recover_block(&inner(&trees[body]), report);
        self.exit_function(parsed.as_ref().map(|f| &f.sig));
        Some(body + 1 - keyword)
    }

    /// Visits the statements of a block; when the block does not parse, visits each
    /// statement that does and scans the tokens of the others.
    pub(crate) fn recover_block(&mut self, trees: &[TokenTree], report: bool) {
        if trees.is_empty() {
            return;
        }
        if nesting_estimate(&to_stream(trees)) <= MAX_NESTING_DEPTH
            && let Ok(statements) = Block::parse_within.parse2(to_stream(trees))
        {
            statements.iter().for_each(|stmt| self.visit_stmt(stmt));
            return;
        }
        for part in split_statements(trees) {
            if !self.within_nesting_limit(part, report) {
                continue;
            }
            match Block::parse_within.parse2(to_stream(part)) {
                Ok(statements) => statements.iter().for_each(|stmt| self.visit_stmt(stmt)),
                Err(error) => {
                    if report {
                        self.report_syn_error(&error, part, true);
                    }
                    self.scan_tokens(part, report);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trees(text: &str) -> Vec<TokenTree> {
        text.parse::<TokenStream>().unwrap().into_iter().collect()
    }

    #[test]
    fn impl_names_drop_generics() {
        let name = |header: &str| impl_type_name(&trees(header));
        assert_eq!(name("<T> Repo<T>"), "Repo");
        assert_eq!(
            name("<T: Send> Handler for Service<T> where T: Clone"),
            "Service"
        );
        assert_eq!(name("<'a> From<&'a str> for &'a Name"), "Name");
    }

    #[test]
    fn item_keyword_skips_attributes_and_visibility() {
        let tokens = trees("#[instrument] pub(crate) async unsafe extern \"C\" fn f() {}");
        assert!(is_ident(&tokens[item_keyword(&tokens).unwrap()], "fn"));
    }
}
