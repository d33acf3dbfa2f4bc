//! Per-file lookup tables built once and shared by every event of every area: the log
//! evidence sorted by position, the evidence of each handler, the innermost function of
//! each call site and log call, and the identity keys of handler and call units.
//!
//! Everything here is linear or `n log n` in the number of facts, so a large generated
//! file costs no more per unit than a small one.

use std::collections::HashMap;

use super::fields;
use crate::config::RuleSet;
use crate::config::pattern::last_segment;
use crate::lang::{FileFacts, Function, Level, LineIndex};

/// A log call or wrapper call, with its fields normalised once.
pub struct Evidence {
    pub line: u32,
    pub byte: usize,
    pub level: Level,
    /// Own and bound fields, normalised with dots kept.
    pub fields: Vec<String>,
    /// The same, normalised with dots joined, for `dotted = true` events.
    pub fields_dotted: Vec<String>,
    /// The callee of the wrapper call this evidence comes from, for wrappers.
    pub wrapper: Option<String>,
    /// Index of the innermost function containing it.
    pub function: Option<usize>,
}

pub struct FileIndex {
    /// Evidence in byte order.
    pub evidence: Vec<Evidence>,
    /// Indices into `evidence` per error handler.
    pub handler_evidence: Vec<Vec<usize>>,
    /// Innermost function of each call site.
    pub call_function: Vec<Option<usize>>,
    /// Identity key of each call site and handler, from the enclosing function, the
    /// callee or kind, and the text of the place, never its line number.
    pub call_keys: Vec<String>,
    pub handler_keys: Vec<String>,
    /// 1-based column where each function starts.
    pub function_columns: Vec<u32>,
}

impl FileIndex {
    pub fn new(rules: &RuleSet, facts: &FileFacts, text: &str) -> FileIndex {
        let lines = LineIndex::new(text);
        let line_texts: Vec<&str> = text.lines().collect();
        let mut evidence = collect_evidence(rules, facts);
        let mut handler_evidence = vec![Vec::new(); facts.error_handlers.len()];
        evidence.sort_by_key(|e| e.0.byte);
        for (position, (_, handlers)) in evidence.iter().enumerate() {
            for &handler in *handlers {
                if let Some(list) = handler_evidence.get_mut(handler) {
                    list.push(position);
                }
            }
        }
        let mut evidence: Vec<Evidence> = evidence.into_iter().map(|(e, _)| e).collect();
        let evidence_bytes: Vec<usize> = evidence.iter().map(|e| e.byte).collect();
        for (item, function) in evidence
            .iter_mut()
            .zip(innermost(&facts.functions, &evidence_bytes))
        {
            item.function = function;
        }
        let call_bytes: Vec<usize> = facts.call_sites.iter().map(|s| s.byte).collect();
        let call_function = innermost(&facts.functions, &call_bytes);
        let call_keys = call_keys(facts, &call_function, &line_texts);
        let handler_keys = handler_keys(facts, &line_texts);
        let function_columns = facts
            .functions
            .iter()
            .map(|f| first_token_column(&lines, text, f.start_byte))
            .collect();
        FileIndex {
            evidence,
            handler_evidence,
            call_function,
            call_keys,
            handler_keys,
            function_columns,
        }
    }

    /// Returns the evidence whose byte lies in `start..end`.
    pub fn within(&self, start: usize, end: usize) -> &[Evidence] {
        let from = self.evidence.partition_point(|e| e.byte < start);
        let to = self.evidence.partition_point(|e| e.byte < end);
        &self.evidence[from..to.max(from)]
    }
}

/// Evidence with the handler indices it logs for, in fact order.
fn collect_evidence<'a>(rules: &RuleSet, facts: &'a FileFacts) -> Vec<(Evidence, &'a [usize])> {
    let mut evidence = Vec::new();
    for call in facts.log_calls.iter().filter(|call| call.emits) {
        let written = call.fields.iter().chain(&call.bound_fields);
        let item = Evidence {
            line: call.line,
            byte: call.byte,
            level: call.level,
            fields: written
                .clone()
                .map(|f| fields::normalize(f, false))
                .collect(),
            fields_dotted: written.map(|f| fields::normalize(f, true)).collect(),
            wrapper: None,
            function: None,
        };
        evidence.push((item, call.handlers.as_slice()));
    }
    for site in &facts.call_sites {
        let name = last_segment(&site.callee);
        if let Some(wrapper) = rules.wrappers.iter().find(|w| w.name == name) {
            let item = Evidence {
                line: site.line,
                byte: site.byte,
                level: wrapper.level,
                fields: crate::config::normalized_names(&wrapper.fields, false),
                fields_dotted: crate::config::normalized_names(&wrapper.fields, true),
                wrapper: Some(site.callee.clone()),
                function: None,
            };
            evidence.push((item, site.handlers.as_slice()));
        }
    }
    evidence
}

/// Returns the innermost function containing each byte, with one sweep over functions
/// and positions sorted by byte.
fn innermost(functions: &[Function], bytes: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..functions.len()).collect();
    order.sort_by_key(|&i| {
        (
            functions[i].start_byte,
            std::cmp::Reverse(functions[i].end_byte),
        )
    });
    let mut queries: Vec<usize> = (0..bytes.len()).collect();
    queries.sort_by_key(|&i| bytes[i]);
    let mut result = vec![None; bytes.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    for query in queries {
        let byte = bytes[query];
        while next < order.len() && functions[order[next]].start_byte <= byte {
            let start = functions[order[next]].start_byte;
            while open
                .last()
                .is_some_and(|&top| functions[top].end_byte <= start)
            {
                open.pop();
            }
            open.push(order[next]);
            next += 1;
        }
        while open
            .last()
            .is_some_and(|&top| functions[top].end_byte <= byte)
        {
            open.pop();
        }
        result[query] = open.last().copied();
    }
    result
}

/// Hashes the text of lines `first..=last` (1-based) with runs of white space folded.
fn text_hash(line_texts: &[&str], first: u32, last: u32) -> String {
    let from = (first.max(1) - 1) as usize;
    let to = (last.max(first) as usize).min(line_texts.len());
    let mut folded = String::new();
    for line in line_texts.get(from..to).unwrap_or(&[]) {
        for word in line.split_whitespace() {
            folded.push_str(word);
            folded.push(' ');
        }
    }
    format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(folded.as_bytes()) as u32
    )
}

/// Appends `#2`, `#3`... to keys that repeat, in source order.
fn disambiguate(keys: Vec<String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    keys.into_iter()
        .map(|key| {
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                key
            } else {
                format!("{key}#{count}")
            }
        })
        .collect()
}

fn call_keys(
    facts: &FileFacts,
    call_function: &[Option<usize>],
    line_texts: &[&str],
) -> Vec<String> {
    let keys = facts
        .call_sites
        .iter()
        .zip(call_function)
        .map(|(site, function)| {
            let name = function.map_or("", |i| facts.functions[i].name.as_str());
            let hash = text_hash(line_texts, site.line, site.line);
            format!("call:{name}:{}:{hash}", site.callee)
        })
        .collect();
    disambiguate(keys)
}

fn handler_keys(facts: &FileFacts, line_texts: &[&str]) -> Vec<String> {
    let keys = facts
        .error_handlers
        .iter()
        .map(|handler| {
            let name = handler.function.as_deref().unwrap_or("");
            let hash = text_hash(line_texts, handler.line, handler.end_line);
            format!("handler:{name}:{}:{hash}", handler.kind.as_str())
        })
        .collect();
    disambiguate(keys)
}

/// Returns the column of the first non-blank character at or after `byte` on its line.
fn first_token_column(lines: &LineIndex, text: &str, byte: usize) -> u32 {
    let (_, column) = lines.position(byte);
    let rest = text.get(byte..).unwrap_or("");
    let indent = rest.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    column + u32::try_from(indent).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(start: usize, end: usize) -> Function {
        Function {
            name: format!("f{start}"),
            line: 1,
            end_line: 1,
            exported: false,
            span_fields: Vec::new(),
            start_byte: start,
            end_byte: end,
        }
    }

    #[test]
    fn innermost_function_of_nested_spans() {
        let functions = vec![
            function(0, 100),
            function(10, 50),
            function(60, 90),
            function(20, 30),
        ];
        let bytes = [5, 15, 25, 40, 55, 70, 95, 100, 200];
        let found = innermost(&functions, &bytes);
        assert_eq!(
            found,
            vec![
                Some(0),
                Some(1),
                Some(3),
                Some(1),
                Some(0),
                Some(2),
                Some(0),
                None,
                None
            ]
        );
    }

    #[test]
    fn repeated_keys_get_ordinals() {
        let keys = disambiguate(vec!["a".into(), "b".into(), "a".into(), "a".into()]);
        assert_eq!(keys, vec!["a", "b", "a#2", "a#3"]);
    }

    #[test]
    fn text_hash_ignores_white_space() {
        let one = ["  } catch (err) {", "    log(err);", "  }"];
        let two = ["} catch (err) {", "log(err);", "}"];
        assert_eq!(text_hash(&one, 1, 3), text_hash(&two, 1, 3));
        assert_ne!(text_hash(&one, 1, 3), text_hash(&one, 1, 2));
    }
}
