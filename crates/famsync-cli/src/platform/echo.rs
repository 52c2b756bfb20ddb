//! The terminal's echo, off while a secret is typed.

pub use imp::EchoOff;

#[cfg(unix)]
mod imp {
    /// Terminal echo off while it lives; restored on drop, whatever happens.
    pub struct EchoOff(Option<nix::sys::termios::Termios>);

    impl EchoOff {
        pub fn new() -> EchoOff {
            use nix::sys::termios::{tcgetattr, tcsetattr, LocalFlags, SetArg};
            let stdin = std::io::stdin();
            let Ok(saved) = tcgetattr(&stdin) else {
                return EchoOff(None);
            };
            let mut quiet = saved.clone();
            quiet.local_flags.remove(LocalFlags::ECHO);
            let _ = tcsetattr(&stdin, SetArg::TCSANOW, &quiet);
            EchoOff(Some(saved))
        }
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            if let Some(saved) = &self.0 {
                let _ =
                    nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, saved);
            }
        }
    }
}

/// The console's ENABLE_ECHO_INPUT mode off while it lives; the saved mode back on drop.
#[cfg(windows)]
mod imp {
    use windows_sys::Win32::Foundation::HANDLE;
    use windows_sys::Win32::System::Console::{
        GetConsoleMode, GetStdHandle, SetConsoleMode, CONSOLE_MODE, ENABLE_ECHO_INPUT, STD_INPUT_HANDLE,
    };

    pub struct EchoOff(Option<(HANDLE, CONSOLE_MODE)>);

    impl EchoOff {
        pub fn new() -> EchoOff {
            // SAFETY: GetStdHandle returns our process's stdin handle (or null/invalid, which
            // GetConsoleMode then refuses); the mode is a plain u32 it fills.
            unsafe {
                let stdin = GetStdHandle(STD_INPUT_HANDLE);
                let mut saved: CONSOLE_MODE = 0;
                if GetConsoleMode(stdin, &mut saved) == 0 {
                    return EchoOff(None);
                }
                SetConsoleMode(stdin, saved & !ENABLE_ECHO_INPUT);
                EchoOff(Some((stdin, saved)))
            }
        }
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            if let Some((stdin, saved)) = self.0 {
                // SAFETY: the same handle and the mode it had.
                unsafe { SetConsoleMode(stdin, saved) };
            }
        }
    }
}
