//! famsync's sample installation: a clearly labelled, fake bwdata copied into the user's data
//! folder, so a newcomer can try every screen without a Bitwarden server.

use crate::error::{Error, Result};
use crate::install::{self, Installation};
use std::fs;
use std::path::{Path, PathBuf};

const FILES: [(&str, &str, u32); 4] = [
    (
        "bwdata/config.yml",
        include_str!("../sample/bwdata/config.yml"),
        0o644,
    ),
    (
        "bwdata/env/global.override.env",
        include_str!("../sample/bwdata/env/global.override.env"),
        0o600,
    ),
    (
        "bwdata/core/licenses/organization/3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f.json",
        include_str!("../sample/bwdata/core/licenses/organization/3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f.json"),
        0o600,
    ),
    (
        "SAMPLE-README.txt",
        include_str!("../sample/SAMPLE-README.txt"),
        0o644,
    ),
];

/// `<data_dir>/sample`, the folder that plays the role of `/opt/bitwarden`.
pub fn root(data_dir: &Path) -> PathBuf {
    data_dir.join("sample")
}

/// Opens the sample, creating it first if it is not there. An existing sample keeps the
/// owner's edits; `reset` starts it afresh.
pub fn open(data_dir: &Path, reset: bool) -> Result<Installation> {
    let root = root(data_dir);
    if reset || !root.join("bwdata").exists() {
        write_files(&root)?;
    }
    let mut inst = install::open(&root.join("bwdata"))?;
    inst.sample = true;
    Ok(inst)
}

fn write_files(root: &Path) -> Result<()> {
    for (rel, text, mode) in FILES {
        let path = root.join(rel);
        let dir = path.parent().unwrap_or(root);
        fs::create_dir_all(dir).map_err(|e| Error::from_io(&e, dir))?;
        // A new private file, never through a link left at the name.
        crate::files::write_new_private(&path, text.as_bytes(), crate::files::Existing::Replace).map_err(
            |e| match e {
                crate::files::WriteError::Io(e) => Error::from_io(&e, &path),
                _ => Error::NotARegularFile { path: path.clone() },
            },
        )?;
        crate::platform::owner::set_mode_at(&path, mode).map_err(|e| Error::from_io(&e, &path))?;
    }
    Ok(())
}

/// Whether `inst` lives in the sample folder under `data_dir`.
pub fn is_sample(inst: &Installation, data_dir: &Path) -> bool {
    dunce::canonicalize(root(data_dir)).is_ok_and(|r| inst.bwdata.starts_with(r))
}
