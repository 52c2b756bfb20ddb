//! What the app remembers between runs, through tauri-plugin-store (famsync.json in the app's
//! data folder): the installations opened (newest first, the last one opened to start with),
//! each installation's progress record, and the window's language and theme. Nothing secret is ever put here: the token lives in
//! the OS keyring only, and SSH passphrases are never kept anywhere.

use famsync_core::places::{self, Place};
use famsync_core::prefs::Preferences;
use famsync_core::progress::Record;
use serde_json::json;
use tauri::{AppHandle, Wry};
use tauri_plugin_store::StoreExt;

const FILE: &str = "famsync.json";
const PLACES: &str = "installations";
const PREFERENCES: &str = "preferences";

fn with_store<T>(app: &AppHandle, f: impl FnOnce(&tauri_plugin_store::Store<Wry>) -> T) -> Option<T> {
    app.store(FILE).ok().map(|s| f(&s))
}

/// A stored value; a missing or unreadable one reads as the default.
fn load<T: serde::de::DeserializeOwned + Default>(app: &AppHandle, key: &str) -> T {
    with_store(app, |s| s.get(key))
        .flatten()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// Best effort: losing a value only means the owner chooses again next time.
fn save(app: &AppHandle, key: &str, value: impl serde::Serialize) {
    with_store(app, |s| {
        s.set(key, json!(value));
        let _ = s.save();
    });
}

pub fn places(app: &AppHandle) -> Vec<Place> {
    load(app, PLACES)
}

fn save_places(app: &AppHandle, list: &[Place]) {
    save(app, PLACES, list);
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
    load(app, &key(installation_id))
}

pub fn save_record(app: &AppHandle, installation_id: &str, record: &Record) {
    save(app, &key(installation_id), record);
}

pub fn preferences(app: &AppHandle) -> Preferences {
    load(app, PREFERENCES)
}

pub fn save_preferences(app: &AppHandle, preferences: &Preferences) {
    save(app, PREFERENCES, preferences);
}
