//! Paths as JSON: a path is bytes, and a byte that is not UTF-8 (a folder named on another
//! system) must not make a report or `status --json` fail whole. Such bytes are written as
//! U+FFFD: the JSON says where, as well as text can, and every other key is still there.

use serde::Serializer;
use std::path::{Path, PathBuf};

pub fn path<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

pub fn opt_path<S: Serializer>(p: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => path(p, s),
        None => s.serialize_none(),
    }
}

pub fn paths<S: Serializer>(ps: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ps.iter().map(|p| p.to_string_lossy()))
}
