//! A lossless model of `global.override.env`: the file is kept as its bytes, so every byte
//! famsync does not deliberately change is written back as it was (BOM, CRLF, blank lines,
//! comments, lines that are not `KEY=VALUE`), and read as the server reads it (compose.rs):
//! what famsync reports is what the containers get, and an edit leaves one assignment per key.

use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use super::compose::{self, Parsed, Refusal, Statement};

const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvDoc {
    bom: bool,
    /// The text after any BOM, exactly as read: every byte famsync does not change.
    body: String,
    /// What Compose makes of `body`.
    parsed: Parsed,
    /// Where each line of `body` starts, for line numbers.
    line_starts: Vec<usize>,
}

/// A key that appears on more than one line (1-based line numbers). Keys compare without regard
/// to ASCII case because .NET configuration binds them that way: two spellings are two lines
/// fighting over one setting.
/// The keys of a file, looked up without regard to ASCII case; see [`EnvDoc::index`].
pub struct KeyIndex<'a> {
    pub keys: Vec<KeyInfo<'a>>,
    at: FxHashMap<NoCase<'a>, usize>,
}

impl<'a> KeyIndex<'a> {
    pub fn get(&self, key: &str) -> Option<&KeyInfo<'a>> {
        self.at.get(&NoCase(key)).map(|&i| &self.keys[i])
    }
}

/// A key that hashes and compares as its ASCII lowercase, without allocating one.
#[derive(Clone, Copy, Debug)]
struct NoCase<'a>(&'a str);

impl PartialEq for NoCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for NoCase<'_> {}

impl Hash for NoCase<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Lowercase in chunks on the stack: one hasher call per 64 bytes, not per byte.
        for chunk in self.0.as_bytes().chunks(64) {
            let mut buf = [0u8; 64];
            for (b, c) in buf.iter_mut().zip(chunk) {
                *b = c.to_ascii_lowercase();
            }
            state.write(&buf[..chunk.len()]);
        }
        state.write_u8(0xff);
    }
}

/// One key of the file, see [`EnvDoc::index`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo<'a> {
    pub key: &'a str,
    pub value: &'a str,
    /// The first line (1-based) that assigns the key.
    pub first_line: usize,
    /// Any later lines: empty, and so not allocated, for all but duplicated keys.
    pub later_lines: Vec<usize>,
}

impl KeyInfo<'_> {
    pub fn count(&self) -> usize {
        1 + self.later_lines.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Duplicate {
    pub key: String,
    pub lines: Vec<usize>,
}

impl EnvDoc {
    pub fn parse(text: &str) -> EnvDoc {
        let (bom, body) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        EnvDoc::of_body(bom, body.to_string())
    }

    fn of_body(bom: bool, body: String) -> EnvDoc {
        let parsed = compose::parse(&body);
        let line_starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        EnvDoc {
            bom,
            body,
            parsed,
            line_starts,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + BOM.len());
        if self.bom {
            out.extend_from_slice(BOM.as_bytes());
        }
        out.extend_from_slice(self.body.as_bytes());
        out
    }

    /// Where Compose refuses the file (1-based line) and why: no container starts with it.
    pub fn refused(&self) -> Option<(usize, Refusal)> {
        self.parsed.refused.map(|(at, why)| (self.line_at(at), why))
    }

    /// Whether the value that takes effect for `key` names a variable the file does not
    /// assign before it (it then depends on the environment docker compose runs in).
    pub fn from_environment(&self, key: &str) -> bool {
        self.effective(key).is_some_and(|s| s.from_environment)
    }

    /// The value that takes effect: the last assignment of `key` wins, as in Compose's
    /// env_file and in Bitwarden's own updater.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.effective(key).map(|s| s.value.as_str())
    }

    /// The 1-based line number of the effective assignment of `key`.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.effective(key).map(|s| self.line_at(s.start))
    }

    /// Every assignment in file order, duplicates included.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parsed
            .statements
            .iter()
            .map(|s| (self.key(s), s.value.as_str()))
    }

    /// Every assignment with its value as written in the file (inside its quotes, escapes
    /// and `$` as they are): where a secret may also show up in that form.
    pub fn written_entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parsed
            .statements
            .iter()
            .map(|s| (self.key(s), &self.body[s.written.0..s.written.1]))
    }

    /// How many lines hold no assignment and are not blank (comments, stray text).
    pub fn other_lines(&self) -> usize {
        let mut covered = vec![false; self.line_starts.len()];
        for s in &self.parsed.statements {
            let (first, last) = (self.line_at(s.start), self.line_at(s.end.max(s.start + 1) - 1));
            covered[first - 1..last].iter_mut().for_each(|c| *c = true);
        }
        (1..=self.line_starts.len())
            .filter(|&n| !covered[n - 1] && !self.line_text(n).trim().is_empty())
            .count()
    }

    /// How many assignments `key` has.
    pub fn count(&self, key: &str) -> usize {
        self.assignments_of(key).count()
    }

    pub fn duplicates(&self) -> Vec<Duplicate> {
        self.index()
            .keys
            .into_iter()
            .filter(|k| k.count() > 1)
            .map(|k| Duplicate {
                key: k.key.to_string(),
                lines: std::iter::once(k.first_line).chain(k.later_lines).collect(),
            })
            .collect()
    }

    /// Every key once, in first-seen order, in one pass: its first spelling, the value that
    /// takes effect (the last assignment's) and the lines (1-based) that assign it.
    pub fn index(&self) -> KeyIndex<'_> {
        let n = self.parsed.statements.len();
        let mut index = KeyIndex {
            keys: Vec::with_capacity(n),
            at: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        };
        for s in &self.parsed.statements {
            let (key, line) = (self.key(s), self.line_at(s.start));
            match index.at.entry(NoCase(key)) {
                Entry::Occupied(e) => {
                    let info = &mut index.keys[*e.get()];
                    info.value = &s.value;
                    info.later_lines.push(line);
                }
                Entry::Vacant(e) => {
                    e.insert(index.keys.len());
                    index.keys.push(KeyInfo {
                        key,
                        value: &s.value,
                        first_line: line,
                        later_lines: Vec::new(),
                    });
                }
            }
        }
        index
    }

    /// Leaves exactly one assignment `key=value`: the effective one is rewritten in place,
    /// the others are dropped (with their lines when nothing else is on them); a missing key
    /// is appended at the end.
    pub fn set(&mut self, key: &str, value: &str) {
        let text = format!("{key}={value}");
        let mut at: Vec<&Statement> = self.assignments_of(key).collect();
        let Some(keep) = at.pop() else {
            return self.append(&text);
        };
        let mut edits = vec![self.rewrite(keep, &text)];
        edits.extend(at.iter().map(|s| (self.removal(s), String::new())));
        self.edit(edits);
    }

    pub fn remove(&mut self, key: &str) {
        let edits = self
            .assignments_of(key)
            .map(|s| (self.removal(s), String::new()))
            .collect();
        self.edit(edits);
    }

    fn assignments_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Statement> + 'a {
        self.parsed
            .statements
            .iter()
            .filter(move |s| self.key(s).eq_ignore_ascii_case(key))
    }

    fn effective(&self, key: &str) -> Option<&Statement> {
        let key_of = |s: &&Statement| self.key(s).eq_ignore_ascii_case(key);
        self.parsed.statements.iter().rev().find(key_of)
    }

    fn key(&self, s: &Statement) -> &str {
        &self.body[s.key.0..s.key.1]
    }

    /// The 1-based line that byte `offset` of the body is on.
    fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn line_text(&self, n: usize) -> &str {
        let start = self.line_starts[n - 1];
        let end = self.line_starts.get(n).map_or(self.body.len(), |&e| e - 1);
        &self.body[start..end]
    }

    /// The edit that makes statement `s` read `text`. What followed it on its line stays: a
    /// comment keeps a blank before its `#` (an unquoted value ends only at ` #`), another
    /// statement moves to a line of its own.
    fn rewrite(&self, s: &Statement, text: &str) -> (std::ops::Range<usize>, String) {
        let line_end = self.body[s.end..]
            .find('\n')
            .map_or(self.body.len(), |i| s.end + i);
        let rest = self.body[s.end..line_end].trim_end_matches('\r');
        let after = rest.trim_start_matches(compose::is_blank);
        let blanks = rest.len() - after.len();
        let comment = after.starts_with('#');
        // After an empty value Compose would read the comment as the value: quote it.
        let text = if comment && text.ends_with('=') {
            format!("{text}\"\"")
        } else {
            text.to_string()
        };
        let (taken, replacement) = if after.is_empty() || comment && rest.starts_with(" #") {
            (0, text.clone())
        } else if comment {
            (blanks, format!("{text} "))
        } else {
            (blanks, format!("{text}{}", self.dominant_eol()))
        };
        if self.body[s.start..s.end] == text && taken == 0 {
            return (s.start..s.start, String::new());
        }
        (s.start..s.end + taken, replacement)
    }

    /// The bytes that removing statement `s` takes out: its whole line(s) with the terminator
    /// when nothing else is on them, else just the statement.
    fn removal(&self, s: &Statement) -> std::ops::Range<usize> {
        let line_start = self.body[..s.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.body[s.end..]
            .find('\n')
            .map_or(self.body.len(), |i| s.end + i);
        // A comment after it goes with it: it was about this line.
        let after = self.body[s.end..line_end].trim();
        let alone =
            self.body[line_start..s.start].trim().is_empty() && (after.is_empty() || after.starts_with('#'));
        if alone {
            line_start..(line_end + 1).min(self.body.len())
        } else {
            s.start..s.end
        }
    }

    /// Applies non-overlapping edits (byte range, replacement) and reads the result again.
    fn edit(&mut self, mut edits: Vec<(std::ops::Range<usize>, String)>) {
        edits.retain(|(r, t)| !(r.is_empty() && t.is_empty()));
        if edits.is_empty() {
            return;
        }
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut body = std::mem::take(&mut self.body);
        for (range, text) in edits {
            body.replace_range(range, &text);
        }
        *self = EnvDoc::of_body(self.bom, body);
    }

    fn append(&mut self, text: &str) {
        let eol = self.dominant_eol();
        let mut body = std::mem::take(&mut self.body);
        // The old last line needs a terminator before anything can follow it.
        if !body.is_empty() && !body.ends_with('\n') {
            body.push_str(eol);
        }
        body.push_str(text);
        body.push_str(eol);
        *self = EnvDoc::of_body(self.bom, body);
    }

    /// CRLF when most terminated lines use it, so an added line matches its neighbours.
    fn dominant_eol(&self) -> &'static str {
        let crlf = self.body.matches("\r\n").count();
        let lf = self.body.matches('\n').count() - crlf;
        if crlf > lf {
            "\r\n"
        } else {
            "\n"
        }
    }
}

#[cfg(test)]
#[path = "doc_tests.rs"]
mod tests;
