//! The lossless editor for `bwdata/env/global.override.env`.

pub mod compose;
mod doc;
mod interpolate;
pub mod read;
pub mod write;

pub use compose::Refusal;
pub use doc::{Duplicate, EnvDoc, KeyIndex, KeyInfo};
pub use read::{read, revision, sha256_hex, Snapshot, MAX_ENV_BYTES};
