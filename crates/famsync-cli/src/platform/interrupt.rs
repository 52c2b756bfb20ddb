//! Ctrl-C turned into a call of our own, instead of the default end of the process.

use std::sync::OnceLock;

pub use imp::on_ctrl_c;

static HANDLER: OnceLock<fn()> = OnceLock::new();

fn call_handler() {
    if let Some(handler) = HANDLER.get() {
        handler();
    }
}

#[cfg(unix)]
mod imp {
    use super::*;

    extern "C" fn on_interrupt(_: nix::libc::c_int) {
        call_handler();
    }

    /// SIGINT calls `handler`, which must be async-signal-safe (store to an atomic, say).
    pub fn on_ctrl_c(handler: fn()) {
        let _ = HANDLER.set(handler);
        let action = nix::sys::signal::SigAction::new(
            nix::sys::signal::SigHandler::Handler(on_interrupt),
            nix::sys::signal::SaFlags::empty(),
            nix::sys::signal::SigSet::empty(),
        );
        // SAFETY: the handler only reads a OnceLock set before it is installed and calls a
        // handler that stores to an atomic flag, which is async-signal-safe.
        let _ = unsafe { nix::sys::signal::sigaction(nix::sys::signal::Signal::SIGINT, &action) };
    }
}

/// A console control handler: Ctrl-C and Ctrl-Break call `handler` (on a thread Windows
/// starts for it) and are then taken as handled.
#[cfg(windows)]
mod imp {
    use super::*;
    use windows_sys::core::BOOL;
    use windows_sys::Win32::System::Console::{SetConsoleCtrlHandler, CTRL_BREAK_EVENT, CTRL_C_EVENT};

    unsafe extern "system" fn on_control(kind: u32) -> BOOL {
        if kind == CTRL_C_EVENT || kind == CTRL_BREAK_EVENT {
            call_handler();
            return 1;
        }
        0
    }

    pub fn on_ctrl_c(handler: fn()) {
        let _ = HANDLER.set(handler);
        // SAFETY: the routine is a plain function that lives for the whole process.
        let _ = unsafe { SetConsoleCtrlHandler(Some(on_control), 1) };
    }
}
