//! GUIDs as Bitwarden writes them: 8-4-4-4-12 hex digits.

use crate::error::{Error, Result};

/// An organization id as the owner gave it (typed, pasted from a URL): trimmed, lower-case,
/// and a GUID, or an error that quotes (the start of) what was given.
pub fn organization_id(text: &str) -> Result<String> {
    let id = text.trim().to_ascii_lowercase();
    if is_guid(&id) {
        Ok(id)
    } else {
        Err(Error::OrganizationIdInvalid {
            text: text.chars().take(60).collect(),
        })
    }
}

pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lens)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn accepts_only_the_canonical_form() {
        assert!(super::is_guid("6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c"));
        assert!(!super::is_guid("6f1a2b3c0d4e4f5a8b6c7d8e9f0a1b2c"));
        assert!(!super::is_guid("6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2g"));
        assert!(!super::is_guid("not-a-guid"));
    }
}
