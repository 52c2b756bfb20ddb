//! The owner's values file for Bitwarden's Helm chart (bitwarden/helm-charts
//! `charts/self-host`): reading and setting its two cloud settings, `general.enableCloudCommunication`
//! (a boolean in values.schema.json, which helm checks) and `general.cloudRegion` (a string; the
//! config-map template `pre-install-hook-configmap.yaml` adds the EU URIs itself, for exactly
//! `EU`), so that every other byte of the file stays as the owner wrote it: comments, order,
//! anchors, block scalars.
//!
//! The file is parsed (yaml-rust2) only to find where the two values are; the edit replaces
//! their bytes, or adds their lines under `general:`. The result is parsed again and must equal
//! the old document with exactly those two values changed, or nothing is written: a layout
//! this reading does not follow is refused, never guessed at.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::{Yaml, YamlLoader};

pub const ENABLE: &str = "enableCloudCommunication";
pub const REGION: &str = "cloudRegion";

/// Why famsync leaves a values file as it is. Stable codes; the front ends put them in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "HelmRefusal"))]
pub enum Refusal {
    /// Not YAML helm would read.
    NotYaml,
    /// More than one document, or a top level that is not a mapping.
    NotOneMapping,
    /// `general` is there but is no mapping of its own (an alias, a scalar).
    GeneralNotAMapping,
    /// A key set twice in `general`: which one helm takes is not for famsync to guess.
    DuplicateKey,
    /// The value is an alias, carries an anchor or a tag, or is a block or multi-line scalar:
    /// changing its bytes would change more than this one value.
    ValueNotPlain,
    /// A key to add, but `general` is written as a flow mapping (`{ … }`).
    FlowMapping,
    /// The edit would have changed something else: refused whole.
    WouldChangeMore,
}

/// The two settings as the file has them (None: not set, the chart's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudValues {
    pub enable: Option<Yaml>,
    pub region: Option<Yaml>,
}

/// Where a value's bytes are, and how it is quoted.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    style: TScalarStyle,
}

/// What the reading found in `general`.
#[derive(Debug, Default)]
struct Found {
    enable: Option<Span>,
    region: Option<Span>,
    /// `general`'s mapping: where its first key starts (line start and column), or None
    /// where the file has no `general`.
    general: Option<GeneralAt>,
}

#[derive(Debug, Clone, Copy)]
struct GeneralAt {
    flow: bool,
    /// The first key's marker, for a new line's place and indentation.
    first_key: Option<Marker>,
}

struct Events(Vec<(Event, Marker)>);

impl MarkedEventReceiver for Events {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.0.push((ev, mark));
    }
}

fn events(text: &str) -> Result<Vec<(Event, Marker)>, Refusal> {
    let mut out = Events(Vec::new());
    Parser::new_from_str(text)
        .load(&mut out, true)
        .map_err(|_| Refusal::NotYaml)?;
    Ok(out.0)
}

/// The two values as the chart reads them.
pub fn read(text: &str) -> Result<CloudValues, Refusal> {
    let docs = YamlLoader::load_from_str(text).map_err(|_| Refusal::NotYaml)?;
    let general = match docs.as_slice() {
        [] => {
            return Ok(CloudValues {
                enable: None,
                region: None,
            })
        }
        [doc] if doc.as_hash().is_some() || doc.is_null() => &doc["general"],
        _ => return Err(Refusal::NotOneMapping),
    };
    let value = |key: &str| Some(general[key].clone()).filter(|v| !v.is_badvalue() && !v.is_null());
    Ok(CloudValues {
        enable: value(ENABLE),
        region: value(REGION),
    })
}

/// `text` with `general.enableCloudCommunication: enable` and `general.cloudRegion: region`,
/// every other byte kept.
pub fn set(text: &str, enable: bool, region: &str) -> Result<String, Refusal> {
    let found = locate(text)?;
    let values = [
        (ENABLE, enable.to_string(), found.enable),
        (REGION, region.to_string(), found.region),
    ];
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut added = Vec::new();
    for (key, value, span) in &values {
        match span {
            Some(s) => edits.push((s.start, s.end, quoted(value, s.style, key == &ENABLE))),
            None => added.push(format!("{key}: {value}")),
        }
    }
    if !added.is_empty() {
        edits.push(insertion(text, found.general, &added)?);
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    verify(text, &out, enable, region)?;
    Ok(out)
}

/// A boolean stays plain (the schema wants a boolean); a region keeps the owner's quotes.
fn quoted(value: &str, style: TScalarStyle, boolean: bool) -> String {
    match style {
        _ if boolean => value.to_string(),
        TScalarStyle::SingleQuoted => format!("'{value}'"),
        TScalarStyle::DoubleQuoted => format!("\"{value}\""),
        _ => value.to_string(),
    }
}

/// New lines for `general`: before its first key, indented as it is; or a new `general:` at
/// the end of the file.
fn insertion(
    text: &str,
    general: Option<GeneralAt>,
    lines: &[String],
) -> Result<(usize, usize, String), Refusal> {
    // The file's own line ending.
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    match general {
        Some(GeneralAt { flow: true, .. }) => Err(Refusal::FlowMapping),
        Some(GeneralAt {
            first_key: Some(key), ..
        }) => {
            let key = byte_at(text, &key);
            let line_start = text[..key].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..key];
            if !indent.chars().all(|c| c == ' ') {
                return Err(Refusal::WouldChangeMore);
            }
            let block: String = lines.iter().map(|l| format!("{indent}{l}{nl}")).collect();
            Ok((line_start, line_start, block))
        }
        // `general:` with nothing under it reads as null, not as a mapping: refused by locate.
        Some(GeneralAt { first_key: None, .. }) => Err(Refusal::GeneralNotAMapping),
        None => {
            let newline = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            let block: String = lines.iter().map(|l| format!("  {l}{nl}")).collect();
            Ok((text.len(), text.len(), format!("{newline}general:{nl}{block}")))
        }
    }
}

/// The old document with the two values set must be exactly the new one.
fn verify(old: &str, new: &str, enable: bool, region: &str) -> Result<(), Refusal> {
    let parse = |t: &str| YamlLoader::load_from_str(t).map_err(|_| Refusal::WouldChangeMore);
    let mut expected = parse(old)?;
    let got = parse(new)?;
    if expected.is_empty() || expected[0].is_null() {
        expected = vec![Yaml::Hash(Default::default())];
    }
    let Yaml::Hash(root) = &mut expected[0] else {
        return Err(Refusal::NotOneMapping);
    };
    let general = root
        .entry(Yaml::String("general".into()))
        .or_insert_with(|| Yaml::Hash(Default::default()));
    let Yaml::Hash(general) = general else {
        return Err(Refusal::GeneralNotAMapping);
    };
    general.insert(Yaml::String(ENABLE.into()), Yaml::Boolean(enable));
    general.insert(Yaml::String(REGION.into()), Yaml::String(region.into()));
    let same = got.len() == expected.len() && got.iter().zip(&expected).all(|(a, b)| same(a, b));
    match same {
        true => Ok(()),
        false => Err(Refusal::WouldChangeMore),
    }
}

/// Equal documents, whatever the order of a mapping's keys (an added setting comes first in
/// the file, last in the mapping it is compared with).
fn same(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Hash(a), Yaml::Hash(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Yaml::Array(a), Yaml::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w)),
        _ => a == b,
    }
}

/// Walks the events to `general` and its two keys.
fn locate(text: &str) -> Result<Found, Refusal> {
    let evs = events(text)?;
    let docs = evs
        .iter()
        .filter(|(e, _)| matches!(e, Event::DocumentStart))
        .count();
    let mut found = Found::default();
    if docs == 0 {
        return Ok(found);
    }
    if docs > 1 {
        return Err(Refusal::NotOneMapping);
    }
    let start = evs
        .iter()
        .position(|(e, _)| matches!(e, Event::DocumentStart))
        .unwrap_or(0)
        + 1;
    match &evs[start].0 {
        Event::MappingStart(..) => {}
        Event::Scalar(v, TScalarStyle::Plain, 0, None) if v.is_empty() || v == "~" || v == "null" => {
            return Ok(found)
        }
        _ => return Err(Refusal::NotOneMapping),
    }
    let mut i = start + 1;
    while !matches!(evs[i].0, Event::MappingEnd) {
        let key = scalar_text(&evs[i].0);
        let value = i + 1;
        if key == Some("general") {
            if found.general.is_some() {
                return Err(Refusal::DuplicateKey);
            }
            read_general(text, &evs, value, &mut found)?;
        }
        i = skip(&evs, value);
    }
    Ok(found)
}

fn read_general(text: &str, evs: &[(Event, Marker)], at: usize, found: &mut Found) -> Result<(), Refusal> {
    let Event::MappingStart(0, None) = evs[at].0 else {
        return Err(Refusal::GeneralNotAMapping);
    };
    let flow = text[byte_at(text, &evs[at].1)..].starts_with('{');
    let mut i = at + 1;
    let first_key = (!matches!(evs[i].0, Event::MappingEnd)).then_some(evs[i].1);
    found.general = Some(GeneralAt { flow, first_key });
    while !matches!(evs[i].0, Event::MappingEnd) {
        let slot = match scalar_text(&evs[i].0) {
            Some(ENABLE) => Some(&mut found.enable),
            Some(REGION) => Some(&mut found.region),
            _ => None,
        };
        if let Some(slot) = slot {
            if slot.is_some() {
                return Err(Refusal::DuplicateKey);
            }
            *slot = Some(span_of(text, &evs[i + 1], flow)?);
        }
        i = skip(evs, i + 1);
    }
    Ok(())
}

/// A marker's place as a byte offset: yaml-rust2 counts characters.
fn byte_at(text: &str, mark: &Marker) -> usize {
    text.char_indices()
        .nth(mark.index())
        .map_or(text.len(), |(i, _)| i)
}

fn scalar_text(e: &Event) -> Option<&str> {
    match e {
        Event::Scalar(v, ..) => Some(v),
        _ => None,
    }
}

/// The index after the node that starts at `i`.
fn skip(evs: &[(Event, Marker)], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match evs[j].0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            _ => {}
        }
        j += 1;
        if depth == 0 {
            return j;
        }
    }
}

/// The bytes of a one-line scalar value, checked against what the parser read there.
fn span_of(text: &str, (ev, mark): &(Event, Marker), flow: bool) -> Result<Span, Refusal> {
    let Event::Scalar(value, style, 0, None) = ev else {
        return Err(Refusal::ValueNotPlain);
    };
    let start = byte_at(text, mark);
    let rest = &text[start..];
    let len = match style {
        TScalarStyle::Plain => plain_len(rest, flow),
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => quoted_len(rest),
        _ => None,
    };
    let len = len.ok_or(Refusal::ValueNotPlain)?;
    let inner = match style {
        TScalarStyle::Plain => &rest[..len],
        _ => &rest[1..len - 1],
    };
    // Escapes, folded lines and the like: the bytes are not simply the value.
    if inner != value || inner.contains('\n') {
        return Err(Refusal::ValueNotPlain);
    }
    Ok(Span {
        start,
        end: start + len,
        style: *style,
    })
}

/// A plain scalar ends at the line's end, a comment (` #`), or in a flow mapping at `,` or `}`.
fn plain_len(rest: &str, flow: bool) -> Option<usize> {
    let mut end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    if let Some(c) = rest[..end].find(" #").or_else(|| rest[..end].find("\t#")) {
        end = c;
    }
    if flow {
        end = rest[..end].find([',', '}']).unwrap_or(end);
    }
    let len = rest[..end].trim_end().len();
    (len > 0).then_some(len)
}

/// A quoted scalar on one line, its quotes included; no escapes (checked by the caller).
fn quoted_len(rest: &str) -> Option<usize> {
    let quote = rest.chars().next()?;
    let close = rest[1..].find([quote, '\n'])? + 1;
    (rest[close..].starts_with(quote)).then_some(close + 1)
}

#[cfg(test)]
#[path = "helm_values_tests.rs"]
pub(crate) mod tests;
