//! Taking secrets out of text meant for people: known values (raw and as JSON escapes them),
//! and anything shaped like a billing sync token or a connection string's password. Used for
//! the diagnostics report and for server log lines shown in the window.

/// What a removed secret is replaced with.
pub const REDACTED: &str = "[redacted]";
/// Known values shorter than this are not scrubbed (they would hit ordinary words).
const MIN_SCRUBBED: usize = 8;

/// `text` with every secret (raw and as JSON escapes it) replaced, longest first, then with
/// anything shaped like a token or a connection-string password replaced too.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut forms: Vec<String> = secrets
        .iter()
        .filter(|s| s.chars().count() >= MIN_SCRUBBED)
        .flat_map(|s| {
            let escaped = serde_json::to_string(s).unwrap_or_default();
            [s.clone(), escaped[1..escaped.len() - 1].to_string()]
        })
        .collect();
    forms.sort_by_key(|s| std::cmp::Reverse(s.len()));
    forms.dedup();
    let mut out = text.to_string();
    for s in &forms {
        out = out.replace(s.as_str(), REDACTED);
    }
    shapes(&out)
}

/// A run of exactly 30 letters and digits is a billing sync token's shape; `Password=…;` is a
/// connection string's password. Both are replaced wherever they are.
pub fn shapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        out.push_str(if word.len() == 30 { REDACTED } else { word });
        rest = &rest[end..];
        if word.eq_ignore_ascii_case("password") || word.eq_ignore_ascii_case("pwd") {
            if let Some(after) = rest.strip_prefix('=') {
                let stop = after.find([';', '"', '\n', '\\']).unwrap_or(after.len());
                out.push('=');
                out.push_str(REDACTED);
                rest = &after[stop..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_scrubbed_wherever_they_are() {
        let t = "token AbCdEfGhIjKlMnOpQrStUvWxYz0123 and Server=db;Password=hunter2!;Database=vault";
        let s = shapes(t);
        assert_eq!(
            s,
            "token [redacted] and Server=db;Password=[redacted];Database=vault"
        );
        // A GUID or a 29/31-character word is not a token.
        let g = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c AbCdEfGhIjKlMnOpQrStUvWxYz012";
        assert_eq!(shapes(g), g);
    }

    #[test]
    fn known_values_go_raw_and_json_escaped_but_short_ones_stay() {
        let secrets = vec![r#"pa"ss\word1"#.to_string(), "short".to_string()];
        let text = r#"raw pa"ss\word1 json "pa\"ss\\word1" short"#;
        assert_eq!(scrub(text, &secrets), r#"raw [redacted] json "[redacted]" short"#);
    }
}
