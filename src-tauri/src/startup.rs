//! When the window first shows the installation's real status. The page reports the moment
//! (ms since the epoch, its own clock) once the first step is painted, and the moment its
//! navigation began; famsync notes it in its log, and `make bench` (scripts/bench-startup.sh)
//! reads both from the file named by BENCH_SHOWN_FILE to time launch to first step against a
//! bare Tauri app, split into the native start (launch to navigation) and the page's part.

/// The environment variable naming the file the moment is written to (bench only).
const SHOWN_FILE: &str = "BENCH_SHOWN_FILE";

#[tauri::command]
pub fn first_shown(at: f64, origin: f64) {
    log::info!("the first step is shown");
    if let Some(file) = std::env::var_os(SHOWN_FILE) {
        if let Err(e) = std::fs::write(&file, format!("{at:.0} {origin:.0}\n")) {
            log::warn!("{SHOWN_FILE}: cannot write ({})", e.kind());
        }
    }
}
