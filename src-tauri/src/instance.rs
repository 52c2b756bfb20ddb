//! famsync's one window: a second launch brings the first one's window forward and exits.
//! One side per platform, each with `claim() -> Option<Instance>` (None: another famsync has
//! the window and was asked to come forward), `Instance::register` (on the builder, before any
//! other plugin) and `Instance::serve` (once the app exists).
//!
//! On Linux and macOS, famsync's own socket in the user's private runtime folder
//! (famsync_core::single_instance); not Tauri's plugin, which needs D-Bus on Linux and uses a
//! socket in /tmp on macOS, where another account could take the name first. On Windows,
//! Tauri's plugin: a named mutex and a window message, both in the user's own session.

use tauri::{AppHandle, Manager, Runtime};

#[cfg_attr(unix, path = "instance/socket.rs")]
#[cfg_attr(windows, path = "instance/plugin.rs")]
mod side;

pub use side::claim;

/// Brings the main window to the front (a second launch of famsync asked for it).
fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    log::info!("a second launch focused this window");
}
