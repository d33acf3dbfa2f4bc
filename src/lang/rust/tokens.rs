//! Helpers over proc-macro2 token trees: splitting, matching and a nesting estimate.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

pub(crate) fn is_punct(tree: &TokenTree, character: char) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == character)
}

pub(crate) fn is_ident(tree: &TokenTree, name: &str) -> bool {
    matches!(tree, TokenTree::Ident(ident) if ident == name)
}

pub(crate) fn is_group(tree: &TokenTree, delimiter: Delimiter) -> bool {
    matches!(tree, TokenTree::Group(g) if g.delimiter() == delimiter)
}

pub(crate) fn to_stream(trees: &[TokenTree]) -> TokenStream {
    trees.iter().cloned().collect()
}

/// Returns whether `trees[i]` is the `:` of `name:` and not part of a `::` path separator.
pub(crate) fn is_single_colon(trees: &[TokenTree], i: usize) -> bool {
    let Some(TokenTree::Punct(p)) = trees.get(i) else {
        return false;
    };
    if p.as_char() != ':' || p.spacing() == Spacing::Joint {
        return false;
    }
    let after_colon = i > 0
        && matches!(&trees[i - 1], TokenTree::Punct(q) if q.as_char() == ':' && q.spacing() == Spacing::Joint);
    !after_colon
}

/// Splits `trees` at every `separator` punctuation on this level; groups are kept whole.
/// A trailing separator does not produce an empty last part.
pub(crate) fn split_at_punct(trees: &[TokenTree], separator: char) -> Vec<&[TokenTree]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, tree) in trees.iter().enumerate() {
        if is_punct(tree, separator) {
            parts.push(&trees[start..i]);
            start = i + 1;
        }
    }
    if start < trees.len() {
        parts.push(&trees[start..]);
    }
    parts
}

/// Splits the tokens of a file, a module or a block into items or statements.
///
/// A part ends after a `;` on this level. It also ends after a brace group followed by an
/// attribute or by an identifier other than `else` and `as`, because that is where a
/// block-like item or statement (`fn`, `impl`, `if`, `match`) ends.
pub(crate) fn split_statements(trees: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, tree) in trees.iter().enumerate() {
        let ends = match tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => match trees.get(i + 1) {
                Some(TokenTree::Ident(next)) => next != "else" && next != "as",
                Some(next) => is_punct(next, '#'),
                None => false,
            },
            _ => false,
        };
        if ends {
            parts.push(&trees[start..=i]);
            start = i + 1;
        }
    }
    if start < trees.len() {
        parts.push(&trees[start..]);
    }
    parts
}

struct Level {
    trees: proc_macro2::token_stream::IntoIter,
    base: usize,
    run: usize,
    after_brace: bool,
    after_joint_equals: bool,
}

/// Estimates how deep a syntax tree parsed from `stream` can nest.
///
/// Each group adds one level, and each token since the last `,`, `;` or `=>` on a level
/// adds one, because a chain such as `a + b + c` or `x.f().g()` nests one node per
/// operator. The estimate is an upper bound for the depth of syn's recursion and of the
/// visitor's, computed without recursion.
pub(crate) fn nesting_estimate(stream: &TokenStream) -> usize {
    let mut max = 0;
    let mut stack = vec![Level {
        trees: stream.clone().into_iter(),
        base: 0,
        run: 0,
        after_brace: false,
        after_joint_equals: false,
    }];
    while let Some(level) = stack.last_mut() {
        let Some(tree) = level.trees.next() else {
            stack.pop();
            continue;
        };
        match &tree {
            TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';') => level.run = 0,
            TokenTree::Punct(p) if p.as_char() == '>' && level.after_joint_equals => {
                level.run = 0;
            }
            TokenTree::Ident(ident) if level.after_brace && ident != "else" && ident != "as" => {
                level.run = 1;
            }
            _ => level.run += 1,
        }
        level.after_joint_equals = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Joint);
        level.after_brace = is_group(&tree, Delimiter::Brace);
        let cost = level.base + level.run;
        max = max.max(cost);
        if let TokenTree::Group(group) = tree {
            stack.push(Level {
                trees: group.stream().into_iter(),
                base: cost,
                run: 0,
                after_brace: false,
                after_joint_equals: false,
            });
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trees(text: &str) -> Vec<TokenTree> {
        text.parse::<TokenStream>().unwrap().into_iter().collect()
    }

    #[test]
    fn statements_split_after_blocks() {
        let tokens = trees("let a = 1; if a { b() } else { c() } fn d() {} #[test] fn e() {}");
        let parts = split_statements(&tokens);
        assert_eq!(parts.len(), 4);
        assert_eq!(
            to_stream(parts[1]).to_string(),
            "if a { b () } else { c () }"
        );
    }

    #[test]
    fn single_colon_is_not_path_separator() {
        let tokens = trees("target: a::b");
        assert!(is_single_colon(&tokens, 1));
        assert!(!is_single_colon(&tokens, 3));
        assert!(!is_single_colon(&tokens, 4));
    }

    #[test]
    fn estimate_counts_groups_and_chains() {
        assert_eq!(nesting_estimate(&"a, b".parse().unwrap()), 1);
        assert_eq!(nesting_estimate(&"((a))".parse().unwrap()), 3);
        assert!(nesting_estimate(&"a + b + c + d".parse().unwrap()) >= 7);
        let arms = "match x { A => { 1 } B => { 2 } C => { 3 } }";
        assert!(nesting_estimate(&arms.parse().unwrap()) <= 5);
    }
}
