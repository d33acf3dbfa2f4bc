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

/// The state of one token level while estimating nesting.
struct Level {
    trees: proc_macro2::token_stream::IntoIter,
    base: usize,
    /// Tokens since the last separator that ends a subtree on this level.
    run: usize,
    /// `<` not yet closed by `>`; a `,` between them does not end a subtree.
    open_angles: usize,
    /// Inside the parameters `|a, b|` of a closure, where a `,` does not end a subtree.
    in_closure_parameters: bool,
    previous: Previous,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Previous {
    /// Nothing, a punctuation or a keyword after which an expression starts.
    ExpressionStart,
    /// A `|` directly followed by more punctuation, as in `||` or `|=`.
    JointPipe,
    JointEquals,
    JointMinus,
    /// A `<` directly followed by more punctuation: the start of `<=`, `<<` or `<'a`.
    JointLess,
    Brace,
    /// An identifier, literal or non-brace group, after which `|` is an operator.
    Operand,
}

impl Level {
    fn new(trees: proc_macro2::token_stream::IntoIter, base: usize) -> Self {
        Level {
            trees,
            base,
            run: 0,
            open_angles: 0,
            in_closure_parameters: false,
            previous: Previous::ExpressionStart,
        }
    }

    /// Counts `tree` into the run, or ends the run when `tree` separates subtrees.
    fn step(&mut self, tree: &TokenTree) {
        let mut ends_run = false;
        match tree {
            // A brace group followed by an attribute or an identifier ends a block-like
            // item or statement, as in `split_statements`.
            TokenTree::Punct(p) if p.as_char() == '#' && self.previous == Previous::Brace => {
                ends_run = true;
            }
            TokenTree::Ident(ident) if self.previous == Previous::Brace => {
                ends_run = ident != "else" && ident != "as";
            }
            TokenTree::Punct(p) => match p.as_char() {
                ';' => ends_run = true,
                ',' => ends_run = self.open_angles == 0 && !self.in_closure_parameters,
                '>' if self.previous == Previous::JointEquals => ends_run = true,
                '>' if self.previous == Previous::JointMinus => {}
                '>' => self.open_angles = self.open_angles.saturating_sub(1),
                // `<=` and `<<` are operators: take back the count of their first `<`.
                '=' | '<' if self.previous == Previous::JointLess => {
                    self.open_angles = self.open_angles.saturating_sub(1);
                }
                '<' => self.open_angles += 1,
                '|' => self.step_pipe(),
                _ => {}
            },
            _ => {}
        }
        if ends_run {
            self.open_angles = 0;
            self.in_closure_parameters = false;
        }
        self.run = if ends_run {
            usize::from(matches!(tree, TokenTree::Ident(_)))
        } else {
            self.run + 1
        };
        self.previous = match tree {
            TokenTree::Punct(p) if p.spacing() == Spacing::Joint && p.as_char() == '|' => {
                Previous::JointPipe
            }
            TokenTree::Punct(p) if p.spacing() == Spacing::Joint && p.as_char() == '=' => {
                Previous::JointEquals
            }
            TokenTree::Punct(p) if p.spacing() == Spacing::Joint && p.as_char() == '-' => {
                Previous::JointMinus
            }
            TokenTree::Punct(p) if p.spacing() == Spacing::Joint && p.as_char() == '<' => {
                Previous::JointLess
            }
            TokenTree::Punct(p) if p.as_char() == '?' => Previous::Operand,
            TokenTree::Punct(_) => Previous::ExpressionStart,
            TokenTree::Ident(i)
                if ["move", "return", "async", "in", "else", "break"]
                    .iter()
                    .any(|k| i == k) =>
            {
                Previous::ExpressionStart
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => Previous::Brace,
            _ => Previous::Operand,
        };
    }

    /// Tracks closure parameters: a `|` where an expression starts opens them, and the
    /// next `|` closes them. So `||` is an empty parameter list where an expression
    /// starts, and an operator elsewhere.
    fn step_pipe(&mut self) {
        if self.in_closure_parameters {
            self.in_closure_parameters = false;
        } else if self.previous == Previous::ExpressionStart {
            self.in_closure_parameters = true;
        }
    }
}

/// Estimates how deep a syntax tree parsed from `stream` can nest.
///
/// Each group adds one level, and each token since the last `,`, `;` or `=>` on a level
/// adds one, because a chain such as `a + b + c` or `x.f().g()` nests one node per
/// operator. A `,` inside generic arguments or closure parameters does not end the
/// count, because `Vec<A, Vec<A, ..>>` and `|a, b| |c, d| ..` nest across it. The
/// estimate is computed without recursion. It is a heuristic upper bound for the depth
/// of syn's recursion and of the visitor's, which the nesting tests check for common
/// nested forms.
pub(crate) fn nesting_estimate(stream: &TokenStream) -> usize {
    let mut max = 0;
    let mut stack = vec![Level::new(stream.clone().into_iter(), 0)];
    while let Some(level) = stack.last_mut() {
        let Some(tree) = level.trees.next() else {
            stack.pop();
            continue;
        };
        level.step(&tree);
        let cost = level.base + level.run;
        max = max.max(cost);
        if let TokenTree::Group(group) = tree {
            stack.push(Level::new(group.stream().into_iter(), cost));
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
    fn estimate_counts_commas_inside_nesting() {
        let closures = "|a, b| ".repeat(100) + "1";
        assert!(nesting_estimate(&closures.parse().unwrap()) >= 100);
        let types = "Vec<A, ".repeat(100) + "u8" + &">".repeat(100);
        assert!(nesting_estimate(&types.parse().unwrap()) >= 100);
        let empty_closures = "|| ".repeat(100) + "1";
        assert!(nesting_estimate(&empty_closures.parse().unwrap()) >= 100);
    }

    #[test]
    fn estimate_counts_groups_and_chains() {
        assert_eq!(nesting_estimate(&"a, b".parse().unwrap()), 1);
        assert_eq!(nesting_estimate(&"((a))".parse().unwrap()), 3);
        assert!(nesting_estimate(&"a + b + c + d".parse().unwrap()) >= 7);
        let arms = "match x { A => { 1 } B => { 2 } C => { 3 } }";
        assert!(nesting_estimate(&arms.parse().unwrap()) <= 5);
        let table = format!("[{}]", "(1, 2), ".repeat(5000));
        assert!(nesting_estimate(&table.parse().unwrap()) <= 4);
        let comparisons = format!("[{}]", "a <= b, c << 2, ".repeat(5000));
        assert!(nesting_estimate(&comparisons.parse().unwrap()) <= 5);
        let flags = format!("[{}]", "A | B, ".repeat(5000));
        assert!(nesting_estimate(&flags.parse().unwrap()) <= 5);
    }
}
