//! Delimiter repair for files that proc-macro2 cannot lex.
//!
//! proc-macro2 rejects a whole file when one delimiter is unbalanced, a string literal is
//! unterminated or a character is not a Rust token. This module rewrites such a text so
//! that it lexes: stray closing delimiters and unknown characters become spaces of the
//! same byte length, and missing closing delimiters are inserted. An unclosed group is
//! closed before the next line that starts at column 0 with an item keyword, because
//! rustfmt puts every top-level item there. Groups still open at the end are closed there.
//! Insertions are recorded so that positions can be mapped back to the original file.

/// A text that lexes, with the edits that made it so.
pub(crate) struct Repaired {
    pub(crate) text: String,
    /// `(offset in text, inserted byte count)`, sorted by offset.
    pub(crate) insertions: Vec<(usize, usize)>,
    /// `(offset in text, description)` of every problem repaired, in text order.
    pub(crate) problems: Vec<(usize, String)>,
}

struct Open {
    delimiter: u8,
    offset: usize,
}

struct Repairer<'a> {
    source: &'a str,
    bytes: &'a [u8],
    out: String,
    stack: Vec<Open>,
    insertions: Vec<(usize, usize)>,
    problems: Vec<(usize, String)>,
}

/// Rewrites `source` so that every delimiter is balanced and every literal terminated.
pub(crate) fn repair(source: &str) -> Repaired {
    let mut repairer = Repairer {
        source,
        bytes: source.as_bytes(),
        out: String::with_capacity(source.len() + 16),
        stack: Vec::new(),
        insertions: Vec::new(),
        problems: Vec::new(),
    };
    repairer.run();
    Repaired {
        text: repairer.out,
        insertions: repairer.insertions,
        problems: repairer.problems,
    }
}

/// Replaces the character at `offset` with spaces of the same byte length. Returns
/// `false` when there is nothing there that a replacement could fix.
pub(crate) fn blank_character(text: &mut String, offset: usize) -> bool {
    let Some(character) = text.get(offset..).and_then(|rest| rest.chars().next()) else {
        return false;
    };
    if character.is_whitespace() {
        return false;
    }
    let spaces = " ".repeat(character.len_utf8());
    text.replace_range(offset..offset + character.len_utf8(), &spaces);
    true
}

fn closer(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Returns whether a line starting with `rest` at column 0 opens a new item.
fn starts_item(rest: &str) -> bool {
    const KEYWORDS: [&str; 15] = [
        "fn",
        "pub",
        "impl",
        "struct",
        "enum",
        "trait",
        "mod",
        "use",
        "const",
        "static",
        "type",
        "async",
        "unsafe",
        "extern",
        "macro_rules",
    ];
    if rest.starts_with("#[") {
        return true;
    }
    KEYWORDS.iter().any(|keyword| {
        rest.strip_prefix(keyword)
            .is_some_and(|after| !after.bytes().next().is_some_and(is_ident_byte))
    })
}

impl Repairer<'_> {
    fn run(&mut self) {
        let mut i = 0;
        let mut line_start = true;
        while i < self.bytes.len() {
            if line_start && !self.stack.is_empty() && starts_item(&self.source[i..]) {
                self.close_all();
            }
            line_start = false;
            let byte = self.bytes[i];
            let next = self.bytes.get(i + 1).copied();
            i = match byte {
                b'\n' => {
                    line_start = true;
                    self.copy(i, i + 1)
                }
                b'/' if next == Some(b'/') => {
                    let end = self.source[i..]
                        .find('\n')
                        .map_or(self.bytes.len(), |n| i + n);
                    self.copy(i, end)
                }
                b'/' if next == Some(b'*') => self.block_comment(i),
                b'"' => self.string(i, i),
                b'\'' => self.quote(i),
                b'(' | b'[' | b'{' => {
                    self.stack.push(Open {
                        delimiter: byte,
                        offset: self.out.len(),
                    });
                    self.copy(i, i + 1)
                }
                b')' | b']' | b'}' => self.close(i, byte),
                _ if is_ident_byte(byte) => self.word(i),
                _ if byte.is_ascii_whitespace() => self.copy(i, i + 1),
                _ if byte.is_ascii_punctuation() && !matches!(byte, b'\\' | b'`') => {
                    self.copy(i, i + 1)
                }
                _ => self.other_character(i),
            };
        }
        self.close_all();
    }

    fn copy(&mut self, from: usize, to: usize) -> usize {
        self.out.push_str(&self.source[from..to]);
        to
    }

    fn insert(&mut self, text: &str) {
        self.insertions.push((self.out.len(), text.len()));
        self.out.push_str(text);
    }

    fn close_all(&mut self) {
        let mut closers = String::new();
        while let Some(open) = self.stack.pop() {
            let delimiter = char::from(open.delimiter);
            self.problems
                .push((open.offset, format!("unclosed delimiter `{delimiter}`")));
            closers.push(char::from(closer(open.delimiter)));
        }
        if !closers.is_empty() {
            self.insert(&closers);
        }
    }

    fn close(&mut self, i: usize, byte: u8) -> usize {
        let Some(depth) = self.stack.iter().rposition(|o| closer(o.delimiter) == byte) else {
            let character = char::from(byte);
            self.problems.push((
                self.out.len(),
                format!("unexpected closing delimiter `{character}`"),
            ));
            self.out.push(' ');
            return i + 1;
        };
        let mut closers = String::new();
        while self.stack.len() > depth + 1 {
            let open = self.stack.pop().expect("stack is deeper than depth");
            let delimiter = char::from(open.delimiter);
            self.problems
                .push((open.offset, format!("unclosed delimiter `{delimiter}`")));
            closers.push(char::from(closer(open.delimiter)));
        }
        if !closers.is_empty() {
            self.insert(&closers);
        }
        self.stack.pop();
        self.copy(i, i + 1)
    }

    fn block_comment(&mut self, start: usize) -> usize {
        let mut depth = 0usize;
        let mut i = start;
        while i + 1 < self.bytes.len() {
            match (self.bytes[i], self.bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        return self.copy(start, i);
                    }
                }
                _ => i += 1,
            }
        }
        let offset = self.out.len();
        self.copy(start, self.bytes.len());
        self.problems
            .push((offset, "unterminated block comment".to_string()));
        self.insert(&"*/".repeat(depth.max(1)));
        self.bytes.len()
    }

    /// Copies a quoted string whose opening quote is at `quote`; `start` is where its
    /// prefix (`b`, `c`) begins.
    fn string(&mut self, start: usize, quote: usize) -> usize {
        let mut i = quote + 1;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\\' => i += 2,
                b'"' => return self.copy(start, i + 1),
                _ => i += 1,
            }
        }
        self.unterminated(start, "\"")
    }

    fn raw_string(&mut self, start: usize, hashes_at: usize) -> usize {
        let hashes = self.bytes[hashes_at..]
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        let mut terminator = String::from("\"");
        terminator.push_str(&"#".repeat(hashes));
        let body = hashes_at + hashes + 1;
        match self
            .source
            .get(body..)
            .and_then(|rest| rest.find(&terminator))
        {
            Some(found) => self.copy(start, body + found + terminator.len()),
            None => self.unterminated(start, &terminator),
        }
    }

    fn unterminated(&mut self, start: usize, terminator: &str) -> usize {
        let offset = self.out.len();
        self.copy(start, self.bytes.len());
        self.problems
            .push((offset, "unterminated string literal".to_string()));
        self.insert(terminator);
        self.bytes.len()
    }

    /// Copies a character literal or the quote of a lifetime or label.
    fn quote(&mut self, i: usize) -> usize {
        let rest = &self.source[i + 1..];
        let mut chars = rest.chars();
        match chars.next() {
            Some('\\') => {
                let line = rest.split('\n').next().unwrap_or("");
                match line.get(2..).and_then(|tail| tail.find('\'')) {
                    Some(close) if close < 10 => self.copy(i, i + 1 + 2 + close + 1),
                    _ => {
                        self.problems
                            .push((self.out.len(), "invalid character literal".to_string()));
                        self.out.push(' ');
                        i + 1
                    }
                }
            }
            Some(c) if chars.next() == Some('\'') => self.copy(i, i + 1 + c.len_utf8() + 1),
            _ => self.copy(i, i + 1),
        }
    }

    /// Copies an identifier, keyword or number, or a literal with a prefix (`r"…"`,
    /// `br#"…"#`, `b'x'`, `c"…"`).
    fn word(&mut self, start: usize) -> usize {
        let mut end = start;
        while end < self.bytes.len() {
            let byte = self.bytes[end];
            if is_ident_byte(byte) {
                end += 1;
            } else if byte >= 0x80 {
                let c = self.source[end..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    break;
                }
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let word = &self.source[start..end];
        let next = self.bytes.get(end).copied();
        match (word, next) {
            ("r" | "br" | "cr", Some(b'#')) if self.raw_string_follows(end) => {
                self.raw_string(start, end)
            }
            ("r" | "br" | "cr", Some(b'"')) => self.raw_string(start, end),
            ("b" | "c", Some(b'"')) => self.string(start, end),
            ("b", Some(b'\'')) => {
                self.copy(start, end);
                self.quote(end)
            }
            _ => self.copy(start, end),
        }
    }

    fn raw_string_follows(&self, hashes_at: usize) -> bool {
        let after = self.bytes[hashes_at..].iter().position(|&b| b != b'#');
        after.is_some_and(|n| self.bytes[hashes_at + n] == b'"')
    }

    fn other_character(&mut self, i: usize) -> usize {
        let c = self.source[i..].chars().next().unwrap_or(' ');
        let end = i + c.len_utf8();
        if c.is_alphanumeric() {
            return self.word(i);
        }
        if c.is_whitespace() {
            return self.copy(i, end);
        }
        self.problems
            .push((self.out.len(), format!("unexpected character `{c}`")));
        self.out.push_str(&" ".repeat(c.len_utf8()));
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_closes_group_before_next_item() {
        let source = "fn a() {\n    if x {\n}\nfn b() {}\n";
        let repaired = repair(source);
        assert_eq!(repaired.text, "fn a() {\n    if x {\n}\n}fn b() {}\n");
        assert_eq!(repaired.insertions, vec![(22, 1)]);
        assert!(repaired.text.parse::<proc_macro2::TokenStream>().is_ok());
    }

    #[test]
    fn repair_blanks_stray_closer() {
        let repaired = repair("fn a() {}\n}\nfn b() {}\n");
        assert_eq!(repaired.text, "fn a() {}\n \nfn b() {}\n");
        assert!(repaired.insertions.is_empty());
        assert_eq!(repaired.problems.len(), 1);
    }

    #[test]
    fn repair_keeps_literals_and_lifetimes() {
        let source = "fn a<'x>(s: &'x str) { let c = '}'; let r = r#\"}\"#; let b = b'{'; }";
        let repaired = repair(source);
        assert_eq!(repaired.text, source);
        assert!(repaired.problems.is_empty());
    }

    #[test]
    fn repair_terminates_string_at_end() {
        let repaired = repair("fn a() { let s = \"open;\n}\n");
        assert!(repaired.text.ends_with("\"}"));
        assert!(repaired.text.parse::<proc_macro2::TokenStream>().is_ok());
    }
}
