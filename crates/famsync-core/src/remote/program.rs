//! What famsync sends the server's login shell, and how an answer begins: the one-line
//! bootstrap every shell parses alike, the helper's program (its op and arguments quoted for
//! sh, whatever bytes they hold), the line the helper's own output starts after (past a login
//! script's banner), and who the login is.

use std::ffi::OsStr;

pub(super) const HELPER: &str = include_str!("helper.sh");

/// The one command line the server's login shell parses, whatever shell that is (sh, bash,
/// fish, csh...): nothing in it means anything else to any of them (no backslash, no newline,
/// no `!`, no quote inside the quotes). sh reads the program, exactly its length (dd, a byte at
/// a time: nothing after it is taken from stdin), and runs it; what follows on stdin is the
/// helper's.
pub(super) fn bootstrap(program_len: usize) -> String {
    format!("sh -c 'eval \"$(dd bs=1 count={program_len} 2>/dev/null)\"'")
}

/// The helper's program: its first line BEGIN, then its op and arguments set as sh's
/// positional parameters (quoted for sh, which alone parses them), then helper.sh.
pub(super) fn helper_program(op: &str, args: &[&OsStr]) -> Vec<u8> {
    let mut program = format!("echo {BEGIN}\n").into_bytes();
    program.extend(set_line(op, args));
    program.push(b'\n');
    program.extend(HELPER.as_bytes());
    program
}

/// `set -- OP ARGS...`, each quoted for sh: the helper's op and arguments, whatever bytes the
/// arguments (the server's paths) hold.
pub(super) fn set_line(op: &str, args: &[&OsStr]) -> Vec<u8> {
    let mut line = b"set -- ".to_vec();
    line.extend(quote(op).into_bytes());
    for arg in args {
        line.push(b' ');
        line.extend(quote_bytes(&crate::platform::paths::to_bytes(arg)));
    }
    line
}

/// The line before the helper's own output.
const BEGIN: &str = "famsync-helper-begin";
/// A login script's banner is a few lines; more than this before BEGIN is no banner.
const BANNER_LIMIT: usize = 64 << 10;

/// Reads a byte at a time (nothing past the line is taken from the pipe) up to and with the
/// line BEGIN: false at the end of stdout, or past BANNER_LIMIT.
pub(super) fn skip_to_begin(out: &mut impl std::io::Read) -> bool {
    let (mut line, mut read, mut byte) = (Vec::new(), 0, [0u8; 1]);
    while read < BANNER_LIMIT {
        match out.read(&mut byte) {
            Ok(1) => read += 1,
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        }
        match byte[0] {
            b'\n' if line == BEGIN.as_bytes() => return true,
            b'\n' => line.clear(),
            b => line.push(b),
        }
    }
    false
}

/// One argument for a POSIX shell: single-quoted, with embedded quotes escaped.
pub fn quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', r"'\''"))
}

/// The same for any bytes (sh reads no NUL: a path holds none).
fn quote_bytes(arg: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &b in arg {
        match b {
            b'\'' => out.extend(br"'\''"),
            _ => out.push(b),
        }
    }
    out.push(b'\'');
    out
}

/// Who `id -un; id -u` says famsync is on the server (u32::MAX: no number came): its last two
/// lines, as a login script may print a banner before them.
pub(super) fn account(text: &[u8]) -> (String, u32) {
    let text = String::from_utf8_lossy(text);
    let mut lines = text.lines().rev();
    let uid = lines.next().and_then(|l| l.trim().parse().ok());
    let user = lines.next().unwrap_or_default().to_string();
    (user, uid.unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_quoted_for_the_remote_shell() {
        assert_eq!(super::quote("a b"), "'a b'");
        assert_eq!(super::quote("it's; rm -rf /"), r"'it'\''s; rm -rf /'");
    }

    #[test]
    fn any_bytes_are_one_argument_for_sh() {
        let quoted = super::quote_bytes(b"/srv/caf\xe9/it's");
        assert_eq!(quoted, b"'/srv/caf\xe9/it'\\''s'".to_vec());
    }

    #[test]
    fn the_helper_is_read_from_its_first_line_on_past_any_banner() {
        let mut out: &[u8] = b"Welcome\nfamsync-helper-begin-not\nfamsync-helper-begin\nlocked\n";
        assert!(super::skip_to_begin(&mut out));
        assert_eq!(out, b"locked\n", "nothing past the line is taken");
        let mut none: &[u8] = b"Welcome\nlocked\n";
        assert!(!super::skip_to_begin(&mut none));
        let endless = vec![b'x'; super::BANNER_LIMIT + 10];
        assert!(!super::skip_to_begin(&mut &endless[..]));
    }

    #[test]
    fn who_famsync_is_comes_after_any_banner() {
        assert_eq!(super::account(b"root\n0\n"), ("root".into(), 0));
        assert_eq!(
            super::account(b"Last login: yesterday\nroot\n0\n"),
            ("root".into(), 0)
        );
        assert_eq!(super::account(b"admin\n").1, u32::MAX);
    }
}
