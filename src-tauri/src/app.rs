//! Small things every command module needs: the app's data folder and a way to run blocking
//! work (SSH, the keyring) off the async workers.

use std::path::PathBuf;
use tauri::{AppHandle, Manager};

pub fn data_dir(app: &AppHandle) -> PathBuf {
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("famsync"))
}

pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // A failed join means the closure panicked: let that panic go on.
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| panic!("blocking task failed: {e}"))
}
