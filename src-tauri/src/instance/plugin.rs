//! Windows: Tauri's single-instance plugin. The claim is made when the app is built: a later
//! launch finds the plugin's named mutex taken, wakes the first window and exits there.

use tauri::{AppHandle, Builder, Wry};

pub struct Instance;

pub fn claim() -> Option<Instance> {
    Some(Instance)
}

impl Instance {
    pub fn register(&self, builder: Builder<Wry>) -> Builder<Wry> {
        builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            super::focus_main(app)
        }))
    }

    pub fn serve(self, _app: &AppHandle) {}
}
