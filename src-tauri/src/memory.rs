//! What the app remembers between runs, through tauri-plugin-store (famsync.json in the app's
//! data folder): the installations opened (newest first, the last one opened to start with),
//! and each installation's progress record. Nothing secret is ever put here: the token lives in
//! the OS keyring only, and SSH passphrases are never kept anywhere.

use famsync_core::places::{self, Place};
use famsync_core::progress::Record;
use serde_json::json;
use tauri::{AppHandle, Wry};
use tauri_plugin_store::StoreExt;

const FILE: &str = "famsync.json";
const PLACES: &str = "installations";

fn with_store<T>(app: &AppHandle, f: impl FnOnce(&tauri_plugin_store::Store<Wry>) -> T) -> Option<T> {
    app.store(FILE).ok().map(|s| f(&s))
}

pub fn places(app: &AppHandle) -> Vec<Place> {
    with_store(app, |s| s.get(PLACES))
        .flatten()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// Best effort: losing this only means the owner opens the installation by hand next time.
fn save_places(app: &AppHandle, list: &[Place]) {
    with_store(app, |s| {
        s.set(PLACES, json!(list));
        let _ = s.save();
    });
}

pub fn remember_place(app: &AppHandle, place: Place) {
    save_places(app, &places::remember(&places(app), place));
}

pub fn forget_place(app: &AppHandle, place: &Place) -> Vec<Place> {
    let list = places::forget(&places(app), place);
    save_places(app, &list);
    list
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
