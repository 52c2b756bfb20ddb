//! The token on the clipboard for step 4, marked as a secret for clipboard histories, and off
//! it again after a while unless the owner has copied something else. One side per platform:
//! `offer(app, secret, life) -> bool`, false when the clipboard could not be taken.

#[cfg_attr(target_os = "linux", path = "clipboard/gtk.rs")]
#[cfg_attr(not(target_os = "linux"), path = "clipboard/arboard.rs")]
mod side;

pub use side::offer;
