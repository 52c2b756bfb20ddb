//! Secrets the owner gives the CLI: piped in, or typed with the terminal's echo off.

use crate::platform::echo::EchoOff;
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
