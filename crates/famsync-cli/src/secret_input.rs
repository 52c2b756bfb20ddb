//! Secrets the owner gives the CLI: piped in, or typed with the terminal's echo off.

use crate::platform::echo::EchoOff;
use std::io::{BufRead, IsTerminal, Read, Write};
use zeroize::Zeroizing;

/// The most famsync reads of a secret or an answer: a token or an API secret is 30 characters,
/// so anything longer is refused by its parser, and an endless pipe (`yes | famsync login`)
/// costs 4 KiB, not all the memory.
pub const MAX_INPUT: u64 = 4096;

/// One line of standard input, at most MAX_INPUT bytes of it.
pub fn read_line() -> String {
    let mut line = String::new();
    let _ = std::io::stdin().lock().take(MAX_INPUT).read_line(&mut line);
    line
}

/// A secret from standard input (piped), or typed at the terminal after `prompt` with echo
/// off: never from an argument, where other accounts could read it in the process list.
pub fn read_secret(prompt: &str) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::new());
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let _ = stdin.lock().take(MAX_INPUT).read_to_string(&mut text);
        return text;
    }
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    let _echo_off = EchoOff::new();
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let _ = stdin.lock().take(MAX_INPUT).read_line(&mut text);
    eprintln!();
    text
}
