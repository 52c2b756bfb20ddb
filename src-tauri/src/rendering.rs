//! How the window's page is drawn. famsync's page is a form: it gains nothing from WebKit's
//! accelerated compositing, which without a GPU (a VM, a remote X display, Xvfb) runs on Mesa's
//! software GL and costs about 90 MiB and 100 ms more at start (measured with make bench).
//! Without it, WebKit paints the page on the CPU.

use tauri::Manager;

/// WebKitGTK's own switch, read when the first page is made: set before Tauri starts, so the
/// page never starts composited. Only WebKit reads it; an owner's own setting is kept.
const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Called first thing in `main`, while famsync has no other thread (setting the environment
/// is only sound then).
pub fn plain() {
    if std::env::var_os(SWITCH).is_none() {
        std::env::set_var(SWITCH, "1");
    }
}

/// The window is made hidden (tauri.conf.json) and shown here, once its webview exists. Shown
/// as it is made, WebKitGTK without compositing paints the first frame about 500 ms late in a
/// third of launches (a bare Tauri window too); made hidden, in none of 15 (make bench prints
/// every launch).
pub fn show(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(window) = app.get_webview_window("main") {
        window.show()?;
    }
    Ok(())
}
