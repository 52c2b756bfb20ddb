//! Linux: GTK's own clipboard (the window's toolkit, already loaded).
//!
//! famsync offers the text instead of handing over a copy: GTK asks for it each time another
//! program pastes, and drops the offer when the clipboard changes hands. So the token lives in
//! one zeroized buffer that is wiped the moment the clipboard moves on, clipboard managers are
//! told it is a secret (KDE's password-manager hint), and no X connection or image decoder of
//! a clipboard library is started with the app.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use tauri::AppHandle;
use zeroize::Zeroizing;

/// The text targets a paste may ask for, and KDE's hint that keeps the text out of a clipboard
/// manager's history.
const TEXT: [&str; 5] = [
    "UTF8_STRING",
    "text/plain;charset=utf-8",
    "text/plain",
    "STRING",
    "TEXT",
];
const SECRET_HINT: &str = "x-kde-passwordManagerHint";

/// Offers `secret` on the clipboard; after `life`, takes it off if it is still famsync's offer.
/// False when GTK would not take the clipboard.
pub async fn offer(app: &AppHandle, secret: Zeroizing<String>, life: Duration) -> bool {
    let ours = Arc::new(AtomicBool::new(false));
    let (done, taken) = mpsc::channel();
    let offered = ours.clone();
    let asked = app.run_on_main_thread(move || {
        let _ = done.send(set(secret, offered));
    });
    let taken = asked.is_ok() && crate::app::blocking(move || taken.recv().unwrap_or(false)).await;
    if taken {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(life).await;
            let _ = app.run_on_main_thread(move || withdraw(&ours));
        });
    }
    taken
}

/// On GTK's thread: the offer, with `ours` true until GTK drops it (the clipboard changed
/// hands, or was cleared), when the token is wiped with it.
fn set(secret: Zeroizing<String>, ours: Arc<AtomicBool>) -> bool {
    let targets: Vec<_> = TEXT
        .iter()
        .chain([&SECRET_HINT])
        .zip(0u32..)
        .map(|(name, info)| gtk::TargetEntry::new(name, gtk::TargetFlags::empty(), info))
        .collect();
    let held = Held {
        secret,
        ours: ours.clone(),
    };
    let hint = TEXT.len() as u32;
    let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
    let set = clipboard.set_with_data(&targets, move |_, data, info| {
        if info == hint {
            data.set(&data.target(), 8, b"secret");
        } else {
            data.set_text(&held.secret);
        }
    });
    ours.store(set, Ordering::SeqCst);
    set
}

/// On GTK's thread: clears the clipboard if it still holds famsync's offer.
fn withdraw(ours: &AtomicBool) {
    if ours.load(Ordering::SeqCst) {
        gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD).clear();
    }
}

/// The token as offered: dropped by GTK when the offer ends, and then no longer ours.
struct Held {
    secret: Zeroizing<String>,
    ours: Arc<AtomicBool>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.ours.store(false, Ordering::SeqCst);
    }
}
