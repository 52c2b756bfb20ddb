//! Secrets the owner gives the CLI: piped in, or typed with the terminal's echo off.

use std::io::{IsTerminal, Read, Write};
use zeroize::Zeroizing;

/// A secret from standard input (piped), or typed at the terminal after `prompt` with echo
/// off: never from an argument, where other accounts could read it in the process list.
pub fn read_secret(prompt: &str) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::new());
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let _ = stdin.lock().read_to_string(&mut text);
        return text;
    }
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    let _echo_off = EchoOff::new();
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let _ = stdin.read_line(&mut text);
    eprintln!();
    text
}

/// Terminal echo off while it lives; restored on drop, whatever happens.
struct EchoOff(Option<nix::sys::termios::Termios>);

impl EchoOff {
    fn new() -> EchoOff {
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
            let _ = nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, saved);
        }
    }
}
