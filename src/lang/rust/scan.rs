//! The token scan: facts from tokens that do not parse as Rust syntax.
//!
//! A macro body is tried as a comma-separated list of expressions, then as statements.
//! When neither parses (`tokio::select!`, `json!`), its tokens are scanned for nested
//! macro invocations and functions, and each brace group in it is tried as a block.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Block, Expr, Token};

use super::collector::Collector;
use super::recovery::ITEM_QUALIFIERS;
use super::tokens::{is_group, is_ident, is_punct, to_stream};

impl Collector<'_> {
    /// Visits what a macro's tokens contain.
    pub(crate) fn scan_macro_body(&mut self, tokens: &TokenStream) {
        if tokens.is_empty() {
            return;
        }
        let expressions = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(list) = expressions.parse2(tokens.clone()) {
            list.iter().for_each(|expr| self.visit_expr(expr));
            return;
        }
        if let Ok(statements) = Block::parse_within.parse2(tokens.clone()) {
            statements.iter().for_each(|stmt| self.visit_stmt(stmt));
            return;
        }
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        self.scan_tokens(&trees, false);
    }

    /// Finds macro invocations, functions and blocks among tokens that do not parse.
    pub(crate) fn scan_tokens(&mut self, trees: &[TokenTree], report: bool) {
        let mut i = 0;
        while i < trees.len() {
            if is_ident(&trees[i], "macro_rules")
                && trees.get(i + 1).is_some_and(|t| is_punct(t, '!'))
            {
                i += 4;
                continue;
            }
            if let Some(used) = self.macro_at(trees, i) {
                i += used;
                continue;
            }
            if is_ident(&trees[i], "fn") {
                let start = qualifiers_start(trees, i);
                if let Some(used) = self.recover_function(trees, start, i, false, report) {
                    i += used;
                    continue;
                }
            }
            if let TokenTree::Group(group) = &trees[i] {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                if group.delimiter() == Delimiter::Brace {
                    self.recover_block(&inner, report);
                } else if self.within_nesting_limit(&inner, report) {
                    self.scan_tokens(&inner, report);
                }
            }
            i += 1;
        }
    }

    /// Handles the macro invocation `path ! (..)` that starts at `trees[i]`; returns the
    /// number of tokens it spans.
    fn macro_at(&mut self, trees: &[TokenTree], i: usize) -> Option<usize> {
        if i > 0 && (is_punct(&trees[i - 1], '.') || is_punct(&trees[i - 1], ':')) {
            return None;
        }
        let mut j = i;
        while j + 1 < trees.len() && is_punct(&trees[j], ':') && is_punct(&trees[j + 1], ':') {
            j += 2;
        }
        loop {
            let TokenTree::Ident(_) = trees.get(j)? else {
                return None;
            };
            j += 1;
            if trees.get(j).is_some_and(|t| is_punct(t, ':'))
                && trees.get(j + 1).is_some_and(|t| is_punct(t, ':'))
            {
                j += 2;
            } else {
                break;
            }
        }
        if !trees.get(j).is_some_and(|t| is_punct(t, '!')) {
            return None;
        }
        let TokenTree::Group(_) = trees.get(j + 1)? else {
            return None;
        };
        let mac = syn::parse2::<syn::Macro>(to_stream(&trees[i..j + 2])).ok()?;
        self.handle_macro(&mac);
        Some(j + 2 - i)
    }
}

/// Walks back from a `fn` keyword over its qualifiers, visibility and attributes.
fn qualifiers_start(trees: &[TokenTree], keyword: usize) -> usize {
    let mut start = keyword;
    while start > 0 {
        let previous = &trees[start - 1];
        let qualifier = matches!(previous, TokenTree::Ident(i) if ITEM_QUALIFIERS.iter().any(|q| i == q))
            || matches!(previous, TokenTree::Literal(_))
            || is_group(previous, Delimiter::Parenthesis)
                && start >= 2
                && is_ident(&trees[start - 2], "pub");
        let attribute = is_group(previous, Delimiter::Bracket)
            && start >= 2
            && is_punct(&trees[start - 2], '#');
        if attribute {
            start -= 2;
        } else if qualifier {
            start -= 1;
        } else {
            break;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_start_covers_attributes() {
        let tokens: Vec<TokenTree> = "#[instrument] pub(crate) async unsafe extern \"C\" fn f() {}"
            .parse::<TokenStream>()
            .unwrap()
            .into_iter()
            .collect();
        let keyword = tokens.iter().position(|t| is_ident(t, "fn")).unwrap();
        assert_eq!(qualifiers_start(&tokens, keyword), 0);
    }
}
