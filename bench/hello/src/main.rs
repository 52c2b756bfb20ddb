//! The smallest Tauri v2 window: one page that says hello. Its one command is the bench's
//! measuring point, the same as famsync's `first_shown`: the page reports when it is painted.
fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_shown])
        .run(tauri::generate_context!())
        .expect("hello failed to start");
}

#[tauri::command]
fn first_shown(at: f64, origin: f64) {
    if let Some(file) = std::env::var_os("BENCH_SHOWN_FILE") {
        std::fs::write(file, format!("{at:.0} {origin:.0}\n")).expect("BENCH_SHOWN_FILE");
    }
}
