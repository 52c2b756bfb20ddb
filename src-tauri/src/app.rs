//! Small things every command module needs: the app's data folder, a way to run blocking
//! work (SSH, the keyring) off the async workers, and handing a page or folder to the desktop.

use std::path::PathBuf;
use tauri::{AppHandle, Manager};

/// The app's data folder; without a home, a private runtime folder or a refusal, never /tmp
/// (own_folder).
pub fn data_dir(app: &AppHandle) -> Result<PathBuf, famsync_core::Error> {
    famsync_core::own_folder::choose_here(app.path().app_data_dir().ok(), "famsync")
}

/// Hands `target` (a URL, a folder) to the desktop's browser or file manager (xdg-open);
/// `what` names the missing program in the error when nothing takes it.
pub fn open_outside(target: impl AsRef<std::ffi::OsStr>, what: PathBuf) -> Result<(), famsync_core::Error> {
    ::open::that_detached(target).map_err(|_| famsync_core::Error::Io {
        path: what,
        kind: "NotFound".into(),
        os_code: None,
    })
}

pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // A failed join means the closure panicked: let that panic go on.
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| panic!("blocking task failed: {e}"))
}

/// Notes an action and how it ended in famsync's log: on failure only the error's code, so no
/// value of the owner's (a path is fine; a token or a passphrase never reaches an error).
pub fn logged<T>(what: &str, r: Result<T, famsync_core::Error>) -> Result<T, famsync_core::Error> {
    match &r {
        Ok(_) => log::info!("{what}: done"),
        Err(e) => {
            let code = serde_json::to_value(e)
                .ok()
                .and_then(|v| v["code"].as_str().map(str::to_string));
            log::warn!("{what}: failed ({})", code.unwrap_or_default());
        }
    }
    r
}

/// Keeps the window's size and place as soon as the owner stops moving or resizing it (the
/// window-state plugin alone saves only on a clean exit, which a killed or crashed app skips).
pub fn on_window_event(window: &tauri::Window, event: &tauri::WindowEvent) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::AppHandleExt;
    static LAST: AtomicU64 = AtomicU64::new(0);
    if !matches!(
        event,
        tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
    ) {
        return;
    }
    let mine = LAST.fetch_add(1, Ordering::SeqCst) + 1;
    let app = window.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        if LAST.load(Ordering::SeqCst) == mine {
            let _ = app.save_window_state(kept_state());
        }
    });
}

/// What the window-state plugin keeps and restores: all but whether the window is shown. The
/// window is made hidden and shown by `rendering::show`, so a state saved before that must not
/// hide it at the next start.
pub fn kept_state() -> tauri_plugin_window_state::StateFlags {
    use tauri_plugin_window_state::StateFlags;
    StateFlags::all() - StateFlags::VISIBLE
}
