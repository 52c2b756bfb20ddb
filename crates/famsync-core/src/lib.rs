//! famsync-core: the engine behind the famsync CLI and desktop app. It finds a self-hosted
//! Bitwarden installation, reports its cloud-communication settings and licenses, and edits
//! `global.override.env` without losing a byte. No UI strings live here: errors and warnings
//! carry stable codes that the front ends put into words.

pub mod access;
pub mod api;
pub mod applied;
pub mod backup;
#[cfg(feature = "ts")]
pub mod bindings;
pub mod cloud;
pub mod diff;
pub mod envfile;
pub mod error;
pub mod files;
pub mod follow;
pub mod guid;
pub mod helm_values;
pub mod host;
pub mod http;
pub mod install;
pub mod keycheck;
pub mod keystore;
pub mod kind;
pub mod licenses;
pub mod links;
pub mod lossy;
pub mod own_folder;
mod owner;
pub mod places;
pub mod plan;
mod platform;
pub mod prefs;
pub mod progress;
pub mod readiness;
mod records;
pub mod recovery;
pub mod redact;
mod refusal;
pub mod region;
pub mod remote;
pub mod report;
pub mod restart;
pub mod runner;
pub mod sample;
pub mod secret;
pub mod server;
pub mod serverlog;
/// Unix only: Windows has Tauri's single-instance plugin (src-tauri/src/instance/plugin.rs).
#[cfg(unix)]
pub mod single_instance;
pub mod status;
pub mod tls;
pub mod token;
pub mod trust;
pub mod watch;

pub use error::{Error, Result};
pub use host::Host;
pub use install::Installation;
