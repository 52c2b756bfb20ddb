//! global.override.env as the server reads it. Bitwarden's containers get the file through
//! docker compose's `env_file`, which Compose v2 reads with compose-spec/compose-go's dotenv
//! parser (`dotenv/parser.go`, `dotenv/godotenv.go`, and `template/template.go` for `$`
//! interpolation). These rules follow that parser's behaviour, so that what famsync reports and
//! sets is what the server will run with:
//! - a UTF-8 BOM is skipped; white space (line breaks too) between statements is skipped, and a
//!   statement starting with `#` is a comment up to the end of its line;
//! - `export` followed by white space is dropped before the key;
//! - a key runs to `=` or `:` (YAML style); it may hold letters, digits, `_ . - [ ]`, and blanks
//!   that are trimmed at its end; a blank inside it, or any other character, is an error that
//!   makes Compose refuse the whole file; a key alone on its line takes its value from Compose's
//!   own environment;
//! - blanks after `=` are skipped; an unquoted value runs to the end of the line, is cut at
//!   ` #` (a comment) and right-trimmed;
//! - a quoted value runs to its closing quote, over line breaks; `\` escapes the quote; double
//!   quotes also expand `\n`, `\t`, `\"`, `\\`, `\$`, octal `\0ddd` and the others Go knows;
//!   what follows the closing quote is the next statement (or a comment);
//! - unquoted and double-quoted values expand `$NAME`, `${NAME}`, `${NAME:-default}` and the
//!   other forms, from Compose's environment and the keys assigned before; `$$` is a `$`;
//! - the last assignment of a key wins.
//!
//! famsync cannot see the environment `docker compose` runs in: a value that names a variable
//! assigned nowhere before it is marked, and read as Compose reads it in an empty environment.

use std::collections::HashMap;

/// One assignment, with where it is in the text (byte offsets, BOM excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// From the statement's first byte (`export` included) to just after its value (the
    /// closing quote, or the end of the line before its terminator).
    pub start: usize,
    pub end: usize,
    /// The key's bytes.
    pub key: (usize, usize),
    /// The value as the server gets it.
    pub value: String,
    /// The value's bytes as written (inside its quotes, if it has them).
    pub written: (usize, usize),
    /// The value names a variable not assigned before it in the file: what it becomes depends
    /// on the environment `docker compose` runs in.
    pub from_environment: bool,
}

/// Why Compose refuses the file (and so no container of the installation starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Refusal {
    /// A blank inside a key (`A B=1`).
    SpaceInKey,
    /// A character a key may not hold.
    CharacterInKey,
    /// A quote that is never closed.
    UnterminatedQuote,
    /// A `${…}` Compose cannot read, or a required variable (`${A:?…}`) that is missing.
    Interpolation,
}

/// What Compose makes of the text: its statements, and where it gave up, if it did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub statements: Vec<Statement>,
    /// The byte offset of the statement Compose refused, and why.
    pub refused: Option<(usize, Refusal)>,
}

/// compose-go's `isSpace`: blanks that are not a line break.
pub(super) fn is_blank(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}')
}

/// Parses `body` (the text after any BOM) as Compose does.
pub fn parse(body: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut assigned: HashMap<String, String> = HashMap::new();
    let mut pos = 0;
    while let Some(start) = statement_start(body, pos) {
        match statement(body, start, &assigned) {
            Ok((next, Some(s))) => {
                assigned.insert(body[s.key.0..s.key.1].to_string(), s.value.clone());
                out.statements.push(s);
                pos = next;
            }
            Ok((next, None)) => pos = next,
            Err(refusal) => {
                out.refused = Some((start, refusal));
                break;
            }
        }
    }
    out
}

/// Skips white space and comment lines from `pos`; None at the end of the text.
fn statement_start(body: &str, mut pos: usize) -> Option<usize> {
    loop {
        let rest = &body[pos..];
        let skip = rest.find(|c: char| !c.is_whitespace())?;
        pos += skip;
        if !body[pos..].starts_with('#') {
            return Some(pos);
        }
        pos += body[pos..].find('\n')?;
    }
}

/// One statement from `start`: the offset after it, and the assignment it makes (None for a
/// key alone on its line, which Compose takes from its own environment).
fn statement(
    body: &str,
    start: usize,
    assigned: &HashMap<String, String>,
) -> Result<(usize, Option<Statement>), Refusal> {
    let key_start = after_export(body, start);
    let Some(sep) = separator(body, key_start)? else {
        // No `=`, `:` or line break before the end of the text: Compose reads the rest as
        // the value of an empty key.
        let (end, next, value) = unquoted(body, key_start, assigned)?;
        let spans = Spans {
            key: (key_start, key_start),
            written: (key_start, end),
        };
        return Ok((next, Some(assignment(start, end, spans, value))));
    };
    let key = body[key_start..sep].trim_end();
    if key.contains(' ') {
        return Err(Refusal::SpaceInKey);
    }
    let key = (key_start, key_start + key.len());
    if body.as_bytes()[sep] == b'\n' {
        return Ok((sep + 1, None));
    }
    let value_start = skip_blanks(body, sep + 1);
    let (end, next, value) = match body.as_bytes().get(value_start) {
        Some(&q @ (b'"' | b'\'')) => quoted(body, value_start, q, assigned)?,
        _ => unquoted(body, value_start, assigned)?,
    };
    // An empty value ends the statement at its separator: the blanks skipped after it (a
    // CRLF's `\r` among them) are the line's, not the statement's.
    let end = if end == value_start { sep + 1 } else { end };
    let quoted = end > value_start && matches!(body.as_bytes()[value_start], b'"' | b'\'');
    let written = if quoted {
        (value_start + 1, end - 1)
    } else {
        (value_start, end.max(value_start))
    };
    Ok((next, Some(assignment(start, end, Spans { key, written }, value))))
}

/// Where a statement's key and written value are.
struct Spans {
    key: (usize, usize),
    written: (usize, usize),
}

fn assignment(start: usize, end: usize, spans: Spans, value: Expanded) -> Statement {
    Statement {
        start,
        end,
        key: spans.key,
        written: spans.written,
        value: value.text,
        from_environment: value.from_environment,
    }
}

/// Where the key starts: after `export` and the blanks that follow it (`export` must be
/// followed by white space, a line break included, to count).
fn after_export(body: &str, start: usize) -> usize {
    let rest = &body[start..];
    match rest.strip_prefix("export") {
        Some(after) if after.starts_with([' ', '\t', '\n', '\u{c}', '\r']) => {
            skip_blanks(body, start + "export".len())
        }
        _ => start,
    }
}

fn skip_blanks(body: &str, pos: usize) -> usize {
    pos + body[pos..].find(|c| !is_blank(c)).unwrap_or(body.len() - pos)
}

/// The offset of what ends the key (`=`, `:` or a line break); None when the text ends first.
/// Letters and digits are Unicode's; Go's `unicode.IsLetter` takes only category L, where
/// Rust's `is_alphabetic` also takes a few marks: a key holding one is refused by Compose and
/// read here.
fn separator(body: &str, from: usize) -> Result<Option<usize>, Refusal> {
    for (i, c) in body[from..].char_indices() {
        match c {
            '=' | ':' | '\n' => return Ok(Some(from + i)),
            c if is_blank(c) => {}
            '_' | '.' | '-' | '[' | ']' => {}
            c if c.is_alphanumeric() => {}
            _ => return Err(Refusal::CharacterInKey),
        }
    }
    Ok(None)
}

/// The value expanded, and whether it drew on variables from outside the file.
pub(super) struct Expanded {
    pub text: String,
    pub from_environment: bool,
}

/// An unquoted value from `from`: where the statement ends (after the value's last character:
/// before blanks, a ` #` comment or a CRLF's `\r`), where the next one may start, and the value.
fn unquoted(
    body: &str,
    from: usize,
    assigned: &HashMap<String, String>,
) -> Result<(usize, usize, Expanded), Refusal> {
    let line_end = body[from..].find('\n').map_or(body.len(), |i| from + i);
    let raw = &body[from..line_end];
    let raw = raw.find(" #").map_or(raw, |i| &raw[..i]).trim_end();
    let end = from + raw.len();
    let next = (line_end + 1).min(body.len());
    Ok((end, next, super::interpolate::expand(raw, assigned)?))
}

/// A quoted value opening at `open`: where it ends (after the closing quote, where the next
/// statement may start too), and the value.
fn quoted(
    body: &str,
    open: usize,
    quote: u8,
    assigned: &HashMap<String, String>,
) -> Result<(usize, usize, Expanded), Refusal> {
    let bytes = body.as_bytes();
    let mut chars = Vec::new();
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if b != quote {
            if !escaped && b == b'\\' {
                escaped = true;
                continue;
            }
            if escaped {
                escaped = false;
                chars.push(b'\\');
            }
            chars.push(b);
            continue;
        }
        if escaped {
            escaped = false;
            chars.push(b);
            continue;
        }
        // Whole characters only: the bytes between two ASCII quotes of valid UTF-8.
        let inner = String::from_utf8(chars).unwrap_or_default();
        let value = if quote == b'"' {
            super::interpolate::expand(&super::interpolate::unescape(&inner), assigned)?
        } else {
            Expanded {
                text: inner,
                from_environment: false,
            }
        };
        return Ok((i + 1, i + 1, value));
    }
    Err(Refusal::UnterminatedQuote)
}
