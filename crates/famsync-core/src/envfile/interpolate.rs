//! What Compose does to a value after reading it (compose-go `dotenv/parser.go` `expandEscapes`
//! and `template/template.go`): the escapes of double-quoted values, then `$` interpolation.

use super::compose::{Expanded, Refusal};
use std::collections::HashMap;

/// The escapes Compose expands in a double-quoted value: `\a \b \f \n \r \t \v \" \\` as Go
/// does, `\$` as `$$` (a literal dollar for the interpolation after), `\0` and three octal
/// digits as that character; any other backslash stays as it is.
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (replacement, used) = escape(after);
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&rest[i..i + 1 + used]),
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// The escape after a backslash: what it becomes (None: left as written) and how many bytes
/// after the backslash it takes.
fn escape(after: &str) -> (Option<String>, usize) {
    let Some(c) = after.chars().next() else {
        return (None, 0);
    };
    let simple = match c {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        _ => None,
    };
    match c {
        '$' => (Some("$$".into()), 1),
        '0' => octal(after),
        _ if simple.is_some() => (simple.map(String::from), 1),
        // Not an escape Compose knows: nothing after the backslash is taken.
        _ => (None, 0),
    }
}

/// `0` and up to three more digits: only exactly three octal digits worth at most 255 make a
/// character (Go's UnquoteChar on `\ddd`); otherwise the text stays.
fn octal(after: &str) -> (Option<String>, usize) {
    let digits = after[1..].bytes().take(3).take_while(u8::is_ascii_digit).count();
    let used = 1 + digits;
    let ddd = &after[1..used];
    let value = (digits == 3)
        .then(|| u32::from_str_radix(ddd, 8).ok())
        .flatten()
        .filter(|v| *v <= 255)
        .and_then(char::from_u32);
    (value.map(String::from), used)
}

/// Expands `$$`, `$NAME`, `${NAME}` and `${NAME<op>word}` (op: `:-` `-` `:+` `+` `:?` `?`)
/// from the keys assigned before. A word holding `$` or `{` (nested interpolation) is refused
/// here as Compose would refuse a template it cannot read; famsync never writes one.
pub(super) fn expand(s: &str, assigned: &HashMap<String, String>) -> Result<Expanded, Refusal> {
    let mut out = Expanded {
        text: String::with_capacity(s.len()),
        from_environment: false,
    };
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.text.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let used = match after.as_bytes().first() {
            Some(b'$') => {
                out.text.push('$');
                1
            }
            Some(b'{') => 1 + braced(&after[1..], assigned, &mut out)?,
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let n = name_len(after);
                let (value, _) = look_up(&after[..n], assigned, &mut out);
                out.text.push_str(&value);
                n
            }
            // `$` before anything else is a dollar.
            _ => {
                out.text.push('$');
                0
            }
        };
        rest = &after[used..];
    }
    out.text.push_str(rest);
    Ok(out)
}

fn name_len(s: &str) -> usize {
    s.bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(s.len())
}

fn look_up(name: &str, assigned: &HashMap<String, String>, out: &mut Expanded) -> (String, bool) {
    match assigned.get(name) {
        Some(v) => (v.clone(), true),
        None => {
            out.from_environment = true;
            (String::new(), false)
        }
    }
}

/// `NAME}` or `NAME<op>word}` after `${`: pushes the value, returns the bytes taken.
fn braced(s: &str, assigned: &HashMap<String, String>, out: &mut Expanded) -> Result<usize, Refusal> {
    let starts_well = s
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if !starts_well {
        return Err(Refusal::Interpolation);
    }
    let n = name_len(s);
    let close = s.find('}').ok_or(Refusal::Interpolation)?;
    if close < n {
        return Err(Refusal::Interpolation);
    }
    let (name, tail) = (&s[..n], &s[n..close]);
    let (value, set) = look_up(name, assigned, out);
    let text = if tail.is_empty() {
        value
    } else {
        operate(tail, value, set)?
    };
    out.text.push_str(&text);
    Ok(close + 1)
}

/// `:-word` and the others, applied to a variable's value (`set`: it is assigned at all).
fn operate(tail: &str, value: String, set: bool) -> Result<String, Refusal> {
    let (op, word) = match tail.strip_prefix(':') {
        Some(t) => (format!(":{}", t.get(..1).unwrap_or("")), t.get(1..).unwrap_or("")),
        None => (tail[..1].to_string(), &tail[1..]),
    };
    if word.contains(['$', '{']) {
        return Err(Refusal::Interpolation);
    }
    let word = word.to_string();
    let empty = value.is_empty();
    match op.as_str() {
        ":-" => Ok(if !set || empty { word } else { value }),
        "-" => Ok(if !set { word } else { value }),
        ":+" => Ok(if set && !empty { word } else { value }),
        "+" => Ok(if set { word } else { value }),
        ":?" if !set || empty => Err(Refusal::Interpolation),
        "?" if !set => Err(Refusal::Interpolation),
        ":?" | "?" => Ok(value),
        _ => Err(Refusal::Interpolation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_compose_s() {
        assert_eq!(unescape(r"a\nb\tc\\d\$e\qf"), "a\nb\tc\\d$$e\\qf");
        assert_eq!(unescape(r"\0101\012\0"), "A\\012\\0");
    }

    #[test]
    fn interpolation_reads_earlier_keys_and_marks_the_rest() {
        let mut env = HashMap::new();
        env.insert("A".to_string(), "x".to_string());
        let e = expand("$A-${A}-$$-${B:-d}-${A:+y}-$1", &env).unwrap();
        assert_eq!(e.text, "x-x-$-d-y-$1");
        assert!(e.from_environment, "B is not assigned in the file");
        assert!(expand("${B?}", &env).is_err());
        assert!(expand("${", &env).is_err());
    }
}
