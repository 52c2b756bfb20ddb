//! famsync desktop: a thin Tauri shell over famsync-core.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod askpass;
mod clipboard;
mod commands;
mod diagnostics;
mod display;
mod instance;
mod memory;
mod open;
mod recover;
mod rendering;
mod server;
mod startup;
mod state;
mod steps;

fn main() {
    // Run by ssh as its SSH_ASKPASS: ask the running window, print the answer, and stop here.
    if let Some(code) = famsync_core::remote::askpass::run_if_asked() {
        std::process::exit(code);
    }
    // A second famsync only wakes the first, before it opens anything.
    let Some(instance) = instance::claim() else {
        return;
    };
    rendering::plain();
    instance
        .register(tauri::Builder::default())
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(app::kept_state())
                .build(),
        )
        .on_window_event(app::on_window_event)
        .setup(move |app| {
            instance.serve(app.handle());
            rendering::show(app)
        })
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir {
                        file_name: Some(diagnostics::LOG_NAME.into()),
                    },
                ))
                // famsync's own events; the libraries only when something is wrong.
                .level(log::LevelFilter::Warn)
                .level_for("famsync_app", log::LevelFilter::Info)
                .level_for("famsync_core", log::LevelFilter::Info)
                .max_file_size(1_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepOne)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .manage(askpass::Prompts::start())
        .manage(state::Current::default())
        .manage(state::KeyChecks::default())
        .manage(state::LastChecks::default())
        .manage(state::Running::default())
        .manage(state::Watching::default())
        .manage(server::Sessions::default())
        .invoke_handler(tauri::generate_handler![
            startup::first_shown,
            display::display,
            display::set_preferences,
            diagnostics::server_log,
            diagnostics::create_report,
            diagnostics::open_log_folder,
            open::locate,
            open::open_installation,
            open::open_server,
            open::open_place,
            open::places,
            open::forget_place,
            open::accept_host_key,
            open::reconnect,
            askpass::answer_prompt,
            open::open_sample,
            commands::status,
            commands::preview,
            commands::apply,
            commands::undo,
            recover::broken,
            recover::backups,
            recover::preview_restore,
            recover::restore,
            commands::preflight,
            commands::trust_certificate,
            commands::restart,
            commands::cancel_restart,
            commands::confirm_restarted,
            commands::watch_installation,
            steps::progress,
            steps::remember_step,
            steps::choose_organization,
            steps::confirm_step,
            steps::save_token,
            steps::copy_token,
            steps::delete_token,
            steps::open_page,
            server::api_signed_in,
            server::api_log_in,
            server::api_log_out,
            server::last_server_word,
            server::ask_server,
            server::save_on_server,
            server::sync_license,
        ])
        .run(tauri::generate_context!())
        .expect("famsync window failed to start");
}
