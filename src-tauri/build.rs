// Declaring the app's commands makes each one need an explicit permission in capabilities/,
// so the window can call exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "first_shown",
    "display",
    "server_log",
    "create_report",
    "open_log_folder",
    "set_preferences",
    "locate",
    "open_installation",
    "open_sample",
    "open_server",
    "open_place",
    "places",
    "forget_place",
    "accept_host_key",
    "reconnect",
    "answer_prompt",
    "status",
    "preview",
    "apply",
    "undo",
    "broken",
    "backups",
    "preview_restore",
    "restore",
    "preflight",
    "trust_certificate",
    "restart",
    "cancel_restart",
    "confirm_restarted",
    "watch_installation",
    "progress",
    "remember_step",
    "choose_organization",
    "confirm_step",
    "save_token",
    "copy_token",
    "delete_token",
    "open_page",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script");
}
