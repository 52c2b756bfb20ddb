//! The lossless editor for `bwdata/env/global.override.env`.

mod doc;
pub mod read;
pub mod write;

pub use doc::{split_assignment, Duplicate, EnvDoc, KeyIndex, KeyInfo};
pub use read::{read, revision, sha256_hex, Snapshot, MAX_ENV_BYTES};
