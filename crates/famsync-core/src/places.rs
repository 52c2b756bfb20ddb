//! The installations the owner has opened, on this computer or on servers over SSH, newest
//! first, so the window can list them to switch between. Only what is needed to open one again
//! is kept, and nothing secret: a passphrase or password is never part of a place.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How many places are kept: older ones drop off the end of the list.
pub const KEPT: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Place {
    /// None: this computer. Else the SSH target as the owner gave it (an ssh_config alias,
    /// host, user@host or user@host:port).
    pub host: Option<String>,
    /// The key file chosen for that server; None: the SSH agent and ssh_config.
    #[serde(serialize_with = "crate::lossy::opt_path")]
    pub identity: Option<PathBuf>,
    /// The bwdata folder on that host, as found.
    #[serde(serialize_with = "crate::lossy::path")]
    pub bwdata: PathBuf,
    /// What the last opening showed, to tell the places apart in the list.
    pub installation_id: Option<String>,
    pub url: Option<String>,
}

impl Place {
    /// The place of an installation just opened, as its report shows it.
    pub fn seen(view: &crate::status::InstallationView, identity: Option<PathBuf>) -> Place {
        Place {
            host: view.host.clone(),
            identity: identity.filter(|_| view.host.is_some()),
            bwdata: view.bwdata.clone(),
            installation_id: view.installation_id.clone(),
            url: view.url.clone(),
        }
    }

    /// The same installation: same host, same folder.
    pub fn same(&self, other: &Place) -> bool {
        self.host == other.host && self.bwdata == other.bwdata
    }
}

/// `list` with `place` first (replacing what was kept of it before), at most KEPT long. A
/// place whose folder or key file is named with bytes that are not UTF-8 is not kept: the
/// store and the window hold text, and the name they gave back would open nothing.
pub fn remember(list: &[Place], place: Place) -> Vec<Place> {
    let text = |p: &std::path::Path| p.to_str().is_some();
    if !text(&place.bwdata) || !place.identity.as_deref().is_none_or(text) {
        return list.to_vec();
    }
    let rest: Vec<Place> = forget(list, &place);
    std::iter::once(place).chain(rest).take(KEPT).collect()
}

/// `list` without `place`.
pub fn forget(list: &[Place], place: &Place) -> Vec<Place> {
    list.iter().filter(|p| !p.same(place)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(host: Option<&str>, bwdata: &str, id: &str) -> Place {
        Place {
            host: host.map(Into::into),
            identity: None,
            bwdata: bwdata.into(),
            installation_id: Some(id.into()),
            url: None,
        }
    }

    #[cfg(unix)] // Windows paths are UTF-16, not bytes (tests/not-on-windows.txt)
    #[test]
    fn a_folder_named_with_bytes_that_are_not_text_is_not_kept() {
        use std::os::unix::ffi::OsStrExt;
        let a = place(None, "/opt/bitwarden/bwdata", "a");
        let mut odd = place(None, "/", "odd");
        odd.bwdata = std::ffi::OsStr::from_bytes(b"/srv/caf\xe9/bwdata").into();
        assert_eq!(remember(std::slice::from_ref(&a), odd.clone()), vec![a.clone()]);
        odd.bwdata = "/srv/bwdata".into();
        odd.identity = Some(std::ffi::OsStr::from_bytes(b"/home/k\xe9y").into());
        odd.host = Some("vault".into());
        assert_eq!(remember(std::slice::from_ref(&a), odd), vec![a]);
    }

    #[test]
    fn the_newest_comes_first_and_replaces_its_old_entry() {
        let a = place(None, "/opt/bitwarden/bwdata", "a");
        let b = place(Some("vault"), "/opt/bitwarden/bwdata", "b");
        let list = remember(&remember(&[], a.clone()), b.clone());
        assert_eq!(list, vec![b.clone(), a.clone()]);
        let a2 = place(None, "/opt/bitwarden/bwdata", "a2");
        assert_eq!(remember(&list, a2.clone()), vec![a2, b]);
    }

    #[test]
    fn the_same_folder_on_two_hosts_is_two_places() {
        let here = place(None, "/srv/bwdata", "x");
        let there = place(Some("admin@vault:2222"), "/srv/bwdata", "x");
        assert_eq!(remember(std::slice::from_ref(&here), there.clone()).len(), 2);
        assert_eq!(forget(&[here.clone(), there], &here).len(), 1);
    }

    #[test]
    fn only_the_newest_are_kept() {
        let list = (0..KEPT + 3).fold(Vec::new(), |l, i| {
            remember(&l, place(None, &format!("/b{i}"), "id"))
        });
        assert_eq!(list.len(), KEPT);
        assert_eq!(list[0].bwdata, PathBuf::from(format!("/b{}", KEPT + 2)));
    }
}
