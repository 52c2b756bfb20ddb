//! The smallest Tauri v2 window: one page that says hello.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("hello failed to start");
}
