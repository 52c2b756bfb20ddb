//! The certificate the owner chose to trust for their own server, remembered per installation
//! (`<data_dir>/trust/<installation id>.json`). One pin: trusting a renewed certificate
//! replaces the old one. The cloud is never checked with it (see tls.rs: a pin is per host).

use crate::error::{Error, Result};
use crate::install::{self, Installation};
use crate::records;
use crate::tls::{normalize_fingerprint, Pin};
use std::path::Path;

const KIND: &str = "trust";

pub fn pinned(data_dir: &Path, installation_id: &str) -> Option<Pin> {
    records::load(data_dir, KIND, installation_id)
}

/// The pin for `inst`, found by the installation id in its env file.
pub fn pinned_for(data_dir: &Path, inst: &Installation) -> Option<Pin> {
    pinned(data_dir, &install::id_of(inst).ok()?)
}

/// Trusts the certificate with `fingerprint` (as the owner typed or copied it) for the host of
/// the installation's server: FAMSYNC_SERVER_URL when set (tests), else its own URL.
pub fn trust(data_dir: &Path, inst: &Installation, fingerprint: &str) -> Result<Pin> {
    let sha256 = normalize_fingerprint(fingerprint).ok_or_else(|| Error::FingerprintInvalid {
        text: fingerprint.chars().take(100).collect(),
    })?;
    let doc = inst.kind.view(&inst.read_env()?.bytes);
    let id = install::installation_id(&doc, &inst.env_file)?;
    let url = crate::server::url_override().or_else(|| install::server_url(inst, &doc));
    let host = url
        .as_deref()
        .and_then(crate::http::host_of)
        .ok_or_else(|| Error::ServerUrlMissing {
            config: inst.bwdata.join("config.yml"),
        })?;
    let pin = Pin { host, sha256 };
    records::save(data_dir, KIND, &id, &pin)?;
    Ok(pin)
}

pub fn forget(data_dir: &Path, installation_id: &str) -> Result<()> {
    records::remove(data_dir, KIND, installation_id)
}
