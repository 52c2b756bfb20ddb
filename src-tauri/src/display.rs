//! The window's language and theme: the OS locale's language, and the owner's remembered choice.

use crate::memory;
use famsync_core::prefs::{self, Display, Preferences};
use tauri::AppHandle;

#[tauri::command]
pub fn display(app: AppHandle) -> Display {
    Display {
        preferences: memory::preferences(&app),
        system_language: prefs::system_language(|name| std::env::var(name).ok()),
    }
}

#[tauri::command]
pub fn set_preferences(app: AppHandle, preferences: Preferences) {
    memory::save_preferences(&app, &preferences);
}
