//! What the app remembers between runs, through tauri-plugin-store (famsync.json in the app's
//! data folder): the installation last opened, and each installation's progress record. Nothing
//! secret is ever put here: the token lives in the OS keyring only.

use famsync_core::progress::Record;
use serde_json::json;
use std::path::PathBuf;
use tauri::{AppHandle, Wry};
use tauri_plugin_store::StoreExt;

const FILE: &str = "famsync.json";
const LAST: &str = "last_installation";

fn with_store<T>(app: &AppHandle, f: impl FnOnce(&tauri_plugin_store::Store<Wry>) -> T) -> Option<T> {
    app.store(FILE).ok().map(|s| f(&s))
}

pub fn last_installation(app: &AppHandle) -> Option<PathBuf> {
    with_store(app, |s| s.get(LAST))?.and_then(|v| v.as_str().map(PathBuf::from))
}

/// Best effort: losing this only means discovery runs again at the next start.
pub fn set_last_installation(app: &AppHandle, bwdata: &std::path::Path) {
    with_store(app, |s| {
        s.set(LAST, json!(bwdata));
        let _ = s.save();
    });
}

fn key(installation_id: &str) -> String {
    format!("progress/{installation_id}")
}

pub fn record(app: &AppHandle, installation_id: &str) -> Record {
    with_store(app, |s| s.get(key(installation_id)))
        .flatten()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

pub fn save_record(app: &AppHandle, installation_id: &str, record: &Record) {
    with_store(app, |s| {
        s.set(key(installation_id), json!(record));
        let _ = s.save();
    });
}
