//! The env editor's reading and edits on small texts.

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
fn export_lines_and_spaces_around_the_sign_are_assignments() {
    let mut doc = EnvDoc::parse("export k = on # why\nK2: yes\n");
    assert_eq!(doc.get("k"), Some("on"));
    assert_eq!(doc.get("K2"), Some("yes"));
    doc.set("k", "off");
    assert_eq!(doc.to_bytes(), b"k=off # why\nK2: yes\n");
}

#[test]
fn a_value_over_lines_hides_what_looks_like_a_key_inside_it() {
    let doc = EnvDoc::parse("a=\"x\nk=1\ny\"\n");
    assert_eq!(doc.get("k"), None);
    assert_eq!(doc.get("a"), Some("x\nk=1\ny"));
}

#[test]
fn another_statement_after_a_quoted_value_keeps_its_meaning() {
    let mut doc = EnvDoc::parse("k='1' b=2\n");
    assert_eq!(doc.get("b"), Some("2"));
    doc.set("k", "3");
    assert_eq!(doc.get("b"), Some("2"));
    assert_eq!(doc.get("k"), Some("3"));
    assert_eq!(doc.count("k"), 1);
}

#[test]
fn a_key_with_a_space_is_where_compose_gives_up() {
    let doc = EnvDoc::parse("a=1\nodd line\nb=2\n");
    assert_eq!(doc.refused(), Some((2, Refusal::SpaceInKey)));
    assert_eq!(doc.get("b"), None);
}
