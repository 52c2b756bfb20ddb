//! famsync desktop: a thin Tauri shell over famsync-core.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::Current::default())
        .manage(state::KeyChecks::default())
        .manage(state::Running::default())
        .invoke_handler(tauri::generate_handler![
            commands::locate,
            commands::open_installation,
            commands::open_sample,
            commands::status,
            commands::preview,
            commands::apply,
            commands::undo,
            commands::preflight,
            commands::trust_certificate,
            commands::restart,
            commands::cancel_restart,
            commands::confirm_restarted,
        ])
        .run(tauri::generate_context!())
        .expect("famsync window failed to start");
}
