//! Windows and macOS: arboard, the crate Tauri's clipboard plugin is made of, used directly
//! because only it sets the platforms' markers that keep a secret out of clipboard histories.
//!
//! These clipboards take a copy, so the token is compared, not watched: after `life`, the
//! clipboard is cleared if it still holds the token, and left alone if the owner has copied
//! something else since.

use std::time::Duration;
use tauri::AppHandle;
use zeroize::Zeroizing;

pub async fn offer(_app: &AppHandle, secret: Zeroizing<String>, life: Duration) -> bool {
    let copy = secret.clone();
    let set = crate::app::blocking(move || set(&copy)).await;
    if set {
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(life).await;
            crate::app::blocking(move || withdraw(&secret)).await;
        });
    }
    set
}

fn set(secret: &str) -> bool {
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return false;
    };
    concealed(clipboard.set()).text(secret).is_ok()
}

/// Clears the clipboard if it still holds `secret`; what was read is wiped either way.
fn withdraw(secret: &str) {
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return;
    };
    let now = Zeroizing::new(clipboard.get_text().unwrap_or_default());
    if *now == secret {
        let _ = clipboard.clear();
    }
}

/// Windows: no clipboard history, no cloud clipboard, and no monitor (the three formats
/// KeePassXC sets too: ExcludeClipboardContentFromMonitorProcessing, CanIncludeInClipboardHistory
/// and CanUploadToCloudClipboard, each 0).
#[cfg(windows)]
fn concealed(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtWindows;
    set.exclude_from_monitoring()
        .exclude_from_history()
        .exclude_from_cloud()
}

/// macOS: org.nspasteboard.ConcealedType, the marker clipboard managers there honour.
#[cfg(target_os = "macos")]
fn concealed(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtApple;
    set.exclude_from_history()
}
