//! Fixture installations (tests/fixtures/NAME) copied into a temp folder, for the tests that
//! change them.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use std::fs;
use std::path::Path;

/// A copy of tests/fixtures/`name` (its bwdata and what is beside it) in a new temp folder.
pub fn copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    copy_tree(&src, dir.path());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}
