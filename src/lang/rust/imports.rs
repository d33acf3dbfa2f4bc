//! Which crate a bare macro name such as `info!` comes from, read from `use` items.

use std::collections::HashMap;

use proc_macro2::{Delimiter, TokenTree};
use syn::UseTree;

use super::tokens::{is_group, is_ident, is_punct, to_stream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Tracing,
    Log,
    /// Another crate, such as `defmt` or `slog`, whose macros logcov does not read.
    Other,
}

/// A bare macro name resolved through the file's imports.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Resolved<'a> {
    pub(crate) origin: Origin,
    /// The name the macro has in its crate; differs from the local name after `as`.
    pub(crate) name: &'a str,
}

/// The macro names a file imports, collected from every `use` item logcov sees.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    names: HashMap<String, (Origin, String)>,
    glob_log: bool,
    glob_tracing: bool,
}

impl Imports {
    /// Records the names that `use TREE;` brings into scope.
    pub(crate) fn add_use(&mut self, tree: &UseTree) {
        self.add_tree(tree, None, 0);
    }

    /// Records `#[macro_use] extern crate log;`, which makes the log crate's macros
    /// available by their bare names.
    pub(crate) fn add_macro_use_log(&mut self) {
        self.glob_log = true;
    }

    /// Resolves a bare macro name. Names that no import mentions come from tracing unless
    /// only the log crate is glob-imported.
    pub(crate) fn resolve<'a>(&'a self, local: &'a str) -> Resolved<'a> {
        if let Some((origin, name)) = self.names.get(local) {
            return Resolved {
                origin: *origin,
                name,
            };
        }
        let origin = if self.glob_log && !self.glob_tracing {
            Origin::Log
        } else {
            Origin::Tracing
        };
        Resolved {
            origin,
            name: local,
        }
    }

    fn add_tree(&mut self, tree: &UseTree, origin: Option<Origin>, depth: usize) {
        match tree {
            UseTree::Path(path) => {
                let origin = if depth == 0 {
                    root_origin(&path.ident.to_string())
                } else {
                    origin
                };
                self.add_tree(&path.tree, origin, depth + 1);
            }
            UseTree::Name(name) if depth > 0 && name.ident != "self" => {
                if let Some(origin) = origin {
                    let name = name.ident.to_string();
                    self.names.insert(name.clone(), (origin, name));
                }
            }
            UseTree::Rename(rename) if depth > 0 => {
                if let Some(origin) = origin {
                    let local = rename.rename.to_string();
                    self.names.insert(local, (origin, rename.ident.to_string()));
                }
            }
            UseTree::Glob(_) => match origin {
                Some(Origin::Log) => self.glob_log = true,
                Some(Origin::Tracing) => self.glob_tracing = true,
                _ => {}
            },
            UseTree::Group(group) => {
                for item in &group.items {
                    self.add_tree(item, origin, depth);
                }
            }
            UseTree::Name(_) | UseTree::Rename(_) => {}
        }
    }
}

/// `None` for paths inside the current crate, which may re-export either library.
fn root_origin(root: &str) -> Option<Origin> {
    match root {
        "tracing" => Some(Origin::Tracing),
        "log" => Some(Origin::Log),
        "crate" | "self" | "super" => None,
        _ => Some(Origin::Other),
    }
}

/// Collects the `use` items of a file or module from its tokens, before any parsing, so
/// that the imports are known even where syn rejects the file. Inline modules are read
/// too; `use` items inside function bodies are added by the visitor when it meets them.
pub(crate) fn collect_imports(trees: &[TokenTree], imports: &mut Imports) {
    let mut i = 0;
    while i < trees.len() {
        if is_ident(&trees[i], "use") {
            let end = (i..trees.len())
                .find(|&j| is_punct(&trees[j], ';'))
                .unwrap_or(trees.len());
            let mut start = i + 1;
            while start < end && is_punct(&trees[start], ':') {
                start += 1;
            }
            if let Ok(tree) = syn::parse2::<UseTree>(to_stream(&trees[start..end])) {
                imports.add_use(&tree);
            }
            i = end + 1;
            continue;
        }
        if is_macro_use_log(&trees[i..]) {
            imports.add_macro_use_log();
        }
        if is_ident(&trees[i], "mod")
            && let Some(TokenTree::Group(group)) = trees.get(i + 2)
            && group.delimiter() == Delimiter::Brace
        {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            collect_imports(&inner, imports);
            i += 3;
            continue;
        }
        i += 1;
    }
}

/// Matches `# [macro_use] extern crate log`.
fn is_macro_use_log(trees: &[TokenTree]) -> bool {
    let [hash, attribute, extern_keyword, crate_keyword, name, ..] = trees else {
        return false;
    };
    let TokenTree::Group(group) = attribute else {
        return false;
    };
    is_punct(hash, '#')
        && is_group(attribute, Delimiter::Bracket)
        && group.stream().to_string() == "macro_use"
        && is_ident(extern_keyword, "extern")
        && is_ident(crate_keyword, "crate")
        && is_ident(name, "log")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(text: &str) -> Imports {
        let trees: Vec<TokenTree> = text
            .parse::<proc_macro2::TokenStream>()
            .unwrap()
            .into_iter()
            .collect();
        let mut imports = Imports::default();
        collect_imports(&trees, &mut imports);
        imports
    }

    #[test]
    fn imports_resolve_library_and_rename() {
        let table = imports("use log::{info, warn as log_warn}; use tracing::error;");
        assert_eq!(table.resolve("info").origin, Origin::Log);
        assert_eq!(table.resolve("log_warn").name, "warn");
        assert_eq!(table.resolve("error").origin, Origin::Tracing);
        assert_eq!(table.resolve("debug").origin, Origin::Tracing);
    }

    #[test]
    fn imports_read_globs_and_macro_use() {
        assert_eq!(imports("use log::*;").resolve("info").origin, Origin::Log);
        let table = imports("#[macro_use]\nextern crate log;");
        assert_eq!(table.resolve("warn").origin, Origin::Log);
        assert_eq!(
            imports("use defmt::info;").resolve("info").origin,
            Origin::Other
        );
        let nested = imports("mod inner { use log::debug; }");
        assert_eq!(nested.resolve("debug").origin, Origin::Log);
    }
}
