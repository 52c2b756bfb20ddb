//! Properties of the env editor over generated files: any lines, LF/CRLF mixes, BOM or not,
//! duplicate keys in any case, comments, `export` and spaced assignments. Any text reads and
//! writes back byte for byte. After any set of edits on a file Compose can read, every
//! untouched line is byte-identical and in order, each set key has exactly one assignment with
//! its new value, removed keys have none, and applying the same edits again changes nothing.
//! (compose_reading.rs checks the reading itself against Docker Compose.)

use famsync_core::envfile::EnvDoc;
use proptest::prelude::*;

/// A few keys, so generated files often hold the edited keys, in several spellings.
const KEYS: [&str; 4] = ["alpha", "globalSettings__beta", "gamma__x", "delta"];

fn key_spelling() -> impl Strategy<Value = String> {
    (0..KEYS.len(), any::<bool>(), "[a-z_]{0,3}").prop_map(|(i, upper, suffix)| {
        // Sometimes another key entirely (a suffix), sometimes the same key in other case.
        let key = if suffix.is_empty() {
            KEYS[i].to_string()
        } else {
            format!("{}{suffix}", KEYS[i])
        };
        if upper {
            key.to_uppercase()
        } else {
            key
        }
    })
}

/// Lines Compose reads (values without quotes or `$`, which compose_reading.rs covers).
fn line_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (key_spelling(), "[a-zA-Z0-9 #:/._,;=+*()!?-]{0,12}").prop_map(|(k, v)| format!("{k}={v}")),
        (" {1,3}", key_spelling(), "[a-z0-9]{0,5}").prop_map(|(s, k, v)| format!("{s}{k}={v}")),
        (key_spelling(), "[a-z0-9]{0,5}").prop_map(|(k, v)| format!("export {k} = {v}")),
        "# [^\n]{0,20}".prop_map(|s: String| s.replace('\r', "r")),
        Just(String::new()),
    ]
}

/// Any line at all: text without line breaks, including non-ASCII and '\r' inside.
fn any_line() -> impl Strategy<Value = String> {
    prop_oneof![
        line_text(),
        "[^\n]{0,20}".prop_map(|s: String| s.replace('\r', "r"))
    ]
}

fn file() -> impl Strategy<Value = String> {
    file_of(line_text())
}

fn file_of(lines: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let line = (lines, prop_oneof![Just("\n"), Just("\r\n")]);
    (any::<bool>(), prop::collection::vec(line, 0..25), any::<bool>()).prop_map(|(bom, lines, cut_last)| {
        let mut out = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        let n = lines.len();
        for (i, (text, eol)) in lines.into_iter().enumerate() {
            out.push_str(&text);
            if !(cut_last && i + 1 == n) {
                out.push_str(eol);
            }
        }
        out
    })
}

/// An edit: at most one change per key, Some(value) = set, None = remove (as a plan makes).
fn edits() -> impl Strategy<Value = Vec<(usize, Option<String>)>> {
    prop::collection::btree_map(0..KEYS.len(), prop::option::of("[A-Za-z0-9:/._-]{0,10}"), 0..4)
        .prop_map(|m| m.into_iter().collect())
}

fn apply(doc: &mut EnvDoc, edits: &[(usize, Option<String>)]) {
    for (k, v) in edits {
        match v {
            Some(v) => doc.set(KEYS[*k], v),
            None => doc.remove(KEYS[*k]),
        }
    }
}

fn is_edited(text: &str, edited: &[&str]) -> bool {
    EnvDoc::parse(text)
        .entries()
        .any(|(k, _)| edited.iter().any(|e| e.eq_ignore_ascii_case(k)))
}

/// Lines with their terminators, without the BOM when `bom` (a U+FEFF that starts a later
/// line is that line's text, and stays so even when it ends up first).
fn segments(text: &str, bom: bool) -> Vec<&str> {
    let body = if bom {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    body.split_inclusive('\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_then_write_is_the_identity(text in file_of(any_line())) {
        prop_assert_eq!(EnvDoc::parse(&text).to_bytes(), text.as_bytes());
    }

    #[test]
    fn edits_touch_only_their_keys(text in file(), edits in edits()) {
        let mut doc = EnvDoc::parse(&text);
        apply(&mut doc, &edits);
        let out = String::from_utf8(doc.to_bytes()).unwrap();

        let bom = text.starts_with('\u{feff}');
        prop_assert!(!bom || out.starts_with('\u{feff}'), "BOM lost");

        let edited: Vec<&str> = edits.iter().map(|(k, _)| KEYS[*k]).collect();
        let keep = |segs: Vec<&'_ str>| -> Vec<String> {
            segs.into_iter()
                .filter(|s| !is_edited(s.trim_end_matches('\n').trim_end_matches('\r'), &edited))
                .map(|s| s.to_string())
                .collect()
        };
        let before = keep(segments(&text, bom));
        let after = keep(segments(&out, bom));
        prop_assert_eq!(before.len(), after.len());
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            // The original last line may gain a terminator when a line is appended after it.
            let last_unterminated = i + 1 == before.len() && !b.ends_with('\n');
            let same = a == b || (last_unterminated && a.trim_end_matches('\n').trim_end_matches('\r') == b);
            prop_assert!(same, "line {} changed: {:?} -> {:?}", i, b, a);
        }

        let written = EnvDoc::parse(&out);
        prop_assert!(written.refused().is_none(), "Compose can read what was written: {:?}", out);
        for (k, v) in edits {
            match v {
                Some(v) => {
                    prop_assert_eq!(written.count(KEYS[k]), 1, "{:?}", out);
                    prop_assert_eq!(written.get(KEYS[k]), Some(v.as_str()));
                }
                None => prop_assert_eq!(written.count(KEYS[k]), 0, "{} still present: {:?}", KEYS[k], out),
            }
        }
    }

    #[test]
    fn the_same_edits_twice_change_nothing(text in file(), edits in edits()) {
        let mut doc = EnvDoc::parse(&text);
        apply(&mut doc, &edits);
        let once = doc.to_bytes();
        apply(&mut doc, &edits);
        prop_assert_eq!(doc.to_bytes(), once.clone());
        let mut again = EnvDoc::parse(std::str::from_utf8(&once).unwrap());
        apply(&mut again, &edits);
        prop_assert_eq!(again.to_bytes(), once);
    }
}

/// Found by `make fuzz`: a last line ending in a bare CR (a CR LF cut short) keeps every byte
/// when a line is appended after it; it gains only the LF.
#[test]
fn a_last_line_ending_in_a_bare_cr_keeps_its_bytes() {
    let mut doc = EnvDoc::parse("A=1\n#00 \r");
    doc.set("B", "2");
    let out = String::from_utf8(doc.to_bytes()).unwrap();
    assert!(out.starts_with("A=1\n#00 \r\n"), "{out:?}");
    assert!(out.contains("B=2"));
}
