//! A lossless model of `global.override.env`: the file is kept as its lines, each with its own
//! line ending, so every byte famsync does not deliberately change is written back as it was
//! (BOM, CRLF, blank lines, comments, lines that are not `KEY=VALUE`).

use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    /// The line without its terminator.
    text: String,
    /// "\n", "\r\n", or "" for a last line without a terminator.
    eol: &'static str,
    /// Where the key ends and the value starts in `text`, found once at parse time so that
    /// look-ups in a large file do not re-split every line.
    split: Option<(usize, usize, usize)>,
}

impl Line {
    fn new(text: String, eol: &'static str) -> Line {
        let split = split_assignment(&text).map(|(k, v)| {
            let start = k.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + k.len(), text.len() - v.len())
        });
        Line { text, eol, split }
    }

    fn key(&self) -> Option<&str> {
        self.split.map(|(s, e, _)| &self.text[s..e])
    }

    fn value(&self) -> Option<&str> {
        self.split.map(|(_, _, v)| &self.text[v..])
    }

    fn is_key(&self, key: &str) -> bool {
        self.key().is_some_and(|k| k.eq_ignore_ascii_case(key))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvDoc {
    bom: bool,
    lines: Vec<Line>,
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
        let mut lines = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let (piece, next) = match rest.find('\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => {
                    lines.push(Line::new(rest.to_string(), ""));
                    break;
                }
            };
            let line = match piece.strip_suffix('\r') {
                Some(t) => Line::new(t.to_string(), "\r\n"),
                None => Line::new(piece.to_string(), "\n"),
            };
            lines.push(line);
            rest = next;
        }
        EnvDoc { bom, lines }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 2).sum());
        if self.bom {
            out.push_str(BOM);
        }
        for line in &self.lines {
            out.push_str(&line.text);
            out.push_str(line.eol);
        }
        out.into_bytes()
    }

    /// The value that takes effect: the last line for `key` wins, as in docker's env_file and
    /// in Bitwarden's own updater.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.lines
            .iter()
            .rev()
            .find(|l| l.is_key(key))
            .and_then(Line::value)
    }

    /// The 1-based line number of the effective line for `key`.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.iter().rposition(|l| l.is_key(key)).map(|i| i + 1)
    }

    /// Every `KEY=VALUE` line in file order, duplicates included.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines.iter().filter_map(|l| Some((l.key()?, l.value()?)))
    }

    /// How many lines are neither `KEY=VALUE` nor blank (comments, stray text).
    pub fn other_lines(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.split.is_none() && !l.text.trim().is_empty())
            .count()
    }

    /// How many lines assign `key`.
    pub fn count(&self, key: &str) -> usize {
        self.lines.iter().filter(|l| l.is_key(key)).count()
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
    /// takes effect (the last line's) and the lines (1-based) that assign it.
    pub fn index(&self) -> KeyIndex<'_> {
        let n = self.lines.len();
        let mut index = KeyIndex {
            keys: Vec::with_capacity(n),
            at: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        };
        for (i, line) in self.lines.iter().enumerate() {
            let (Some(key), Some(value)) = (line.key(), line.value()) else {
                continue;
            };
            match index.at.entry(NoCase(key)) {
                Entry::Occupied(e) => {
                    let info = &mut index.keys[*e.get()];
                    info.value = value;
                    info.later_lines.push(i + 1);
                }
                Entry::Vacant(e) => {
                    e.insert(index.keys.len());
                    index.keys.push(KeyInfo {
                        key,
                        value,
                        first_line: i + 1,
                        later_lines: Vec::new(),
                    });
                }
            }
        }
        index
    }

    /// Leaves exactly one line `key=value`: the effective line is rewritten in place, other
    /// lines for the key are dropped; a missing key is appended at the end.
    pub fn set(&mut self, key: &str, value: &str) {
        let text = format!("{key}={value}");
        let mut at = self.indices_of(key);
        match at.pop() {
            Some(keep) => {
                if self.lines[keep].text != text {
                    self.lines[keep] = Line::new(text, self.lines[keep].eol);
                }
                self.remove_indices(&at);
            }
            None => self.append(text),
        }
    }

    pub fn remove(&mut self, key: &str) {
        let at = self.indices_of(key);
        self.remove_indices(&at);
    }

    fn indices_of(&self, key: &str) -> Vec<usize> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_key(key))
            .map(|(i, _)| i)
            .collect()
    }

    fn remove_indices(&mut self, sorted: &[usize]) {
        for &i in sorted.iter().rev() {
            self.lines.remove(i);
        }
    }

    fn append(&mut self, text: String) {
        let eol = self.dominant_eol();
        if let Some(last) = self.lines.last_mut() {
            // The old last line needs a terminator before anything can follow it.
            if last.eol.is_empty() {
                last.eol = eol;
            }
        }
        self.lines.push(Line::new(text, eol));
    }

    /// CRLF when most terminated lines use it, so an appended line matches its neighbours.
    fn dominant_eol(&self) -> &'static str {
        let crlf = self.lines.iter().filter(|l| l.eol == "\r\n").count();
        let lf = self.lines.iter().filter(|l| l.eol == "\n").count();
        if crlf > lf {
            "\r\n"
        } else {
            "\n"
        }
    }
}

/// `KEY=VALUE` → (KEY, VALUE). Leading white space before the key is ignored, as docker does;
/// comments, blank lines and lines whose key holds white space are not assignments.
pub fn split_assignment(text: &str) -> Option<(&str, &str)> {
    let (key, value) = text.trim_start().split_once('=')?;
    let valid = !key.is_empty() && !key.starts_with('#') && !key.chars().any(char::is_whitespace);
    valid.then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_byte() {
        let text = "\u{feff}a=1\r\n\n# note\r\nodd line\nb=2";
        assert_eq!(EnvDoc::parse(text).to_bytes(), text.as_bytes());
    }

    #[test]
    fn last_line_wins_and_keys_ignore_case() {
        let doc = EnvDoc::parse("A=1\na=2\n");
        assert_eq!(doc.get("A"), Some("2"));
        assert_eq!(
            doc.duplicates(),
            vec![Duplicate {
                key: "A".into(),
                lines: vec![1, 2]
            }]
        );
    }

    #[test]
    fn set_collapses_duplicates_into_the_effective_line() {
        let mut doc = EnvDoc::parse("x=0\nk=1\ny=0\nk=2\n");
        doc.set("k", "3");
        assert_eq!(doc.to_bytes(), b"x=0\ny=0\nk=3\n");
    }

    #[test]
    fn append_terminates_the_last_line_with_the_dominant_ending() {
        let mut doc = EnvDoc::parse("a=1\r\nb=2");
        doc.set("c", "3");
        assert_eq!(doc.to_bytes(), b"a=1\r\nb=2\r\nc=3\r\n");
    }

    #[test]
    fn comments_and_spaced_keys_are_not_assignments() {
        assert_eq!(split_assignment("#a=1"), None);
        assert_eq!(split_assignment("a b=1"), None);
        assert_eq!(split_assignment("  a=1=2"), Some(("a", "1=2")));
    }
}
