//! `famsync token` against the real Secret Service (run under scripts/with-keyring.sh, as
//! `make test` does): the token goes in through stdin or a hidden prompt, never an argument,
//! and never comes out in famsync's output.

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

const TOKEN: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";

/// A fresh organization id per test, so runs never share keyring entries.
fn org(n: u32) -> String {
    format!(
        "{:08x}-{n:04x}-4000-8000-{:012x}",
        std::process::id(),
        now_nanos()
    )
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        & 0xffff_ffff_ffff
}

/// `famsync token ARGS --org ORG --bwdata F` with `stdin` piped in, in a throwaway home.
fn token(f: &Fixture, args: &[&str], org: &str, stdin: &str) -> Run {
    let home = tempfile::tempdir().unwrap();
    piped(
        f,
        home.path(),
        &[&["token"], args, &["--org", org]].concat(),
        stdin,
    )
}

/// `famsync ARGS --bwdata F` with `home` and `stdin` piped in.
fn piped(f: &Fixture, home: &std::path::Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(bin())
        .args(args)
        .args(["--bwdata", f.bwdata.to_str().unwrap()])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("FAMSYNC_DATA_DIR", home.join("data/famsync"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // famsync may refuse (a bad --org) and exit before it reads: a broken pipe is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap().into()
}

fn no_token_in(r: &Run) {
    assert!(
        !r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN),
        "the token was printed"
    );
}

#[test]
fn a_token_from_stdin_is_saved_reported_and_cleared_without_being_shown() {
    let f = fixture("us");
    let org = org(1);
    let set = token(&f, &["set"], &org, &format!("  {TOKEN}\n"));
    assert_eq!(set.code, 0, "{}", set.stderr);
    says(&set.stdout, &["Saved in the OS keyring"]);
    no_token_in(&set);
    let status = token(&f, &["status"], &org, "");
    says(&status.stdout, &["is saved in the OS keyring"]);
    let json = token(&f, &["--json", "status"], &org, "");
    assert_eq!(json.json()["stored"], true, "{}", json.stdout);
    no_token_in(&json);
    // Only on request, the token itself.
    assert_eq!(token(&f, &["reveal"], &org, "").stdout.trim(), TOKEN);
    let clear = token(&f, &["clear"], &org, "");
    says(&clear.stdout, &["Deleted"]);
    says(
        &token(&f, &["status"], &org, "").stdout,
        &["No billing sync token is saved"],
    );
    let none = token(&f, &["reveal"], &org, "");
    assert_eq!(none.code, 3);
    says(&none.stderr, &["no billing sync token is saved"]);
}

#[test]
fn a_bad_paste_says_what_is_wrong_without_echoing_it() {
    let f = fixture("us");
    let short = &TOKEN[..29];
    let r = token(&f, &["set"], &org(2), short);
    assert_eq!(r.code, 5);
    says(
        &r.stderr,
        &["not a billing sync token", "it has 29 characters, not 30"],
    );
    assert!(!r.stderr.contains(short), "the pasted text was echoed");
    let r = token(&f, &["set"], &org(3), &format!("{}%{}", &TOKEN[..5], &TOKEN[6..]));
    says(&r.stderr, &["character 6 is not a letter or a digit"]);
    let r = token(&f, &["set"], "acme", TOKEN);
    assert_eq!(r.code, 5);
    says(
        &r.stderr,
        &["\"acme\" is not an organization id", "famsync status"],
    );
}

/// An endless paste (`yes | famsync token set`) is read only as far as famsync's limit: famsync
/// answers and closes its end while the writer still has most of its 64 MiB to send.
#[test]
fn an_endless_paste_is_refused_after_a_few_kilobytes_not_read_to_the_end() {
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args([
            "token",
            "set",
            "--org",
            &org(9),
            "--bwdata",
            f.bwdata.to_str().unwrap(),
        ])
        .env("HOME", home.path())
        .env("FAMSYNC_DATA_DIR", home.path().join("data/famsync"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = [b'A'; 64 * 1024];
        (0..1024).take_while(|_| stdin.write_all(&chunk).is_ok()).count()
    });
    let r: Run = child.wait_with_output().unwrap().into();
    let sent_chunks = writer.join().unwrap();
    assert_eq!(r.code, 5, "{}", r.stderr);
    says(&r.stderr, &["not a billing sync token"]);
    assert!(sent_chunks < 1024, "famsync read all 64 MiB");
}

#[test]
fn the_token_is_never_taken_from_the_command_line() {
    let f = fixture("us");
    let r = famsync(&[
        "token",
        "set",
        "--org",
        &org(4),
        "--bwdata",
        f.bwdata.to_str().unwrap(),
        TOKEN,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[cfg(unix)] // the Secret Service; Windows always has its Credential Manager (tests/not-on-windows.txt)
#[test]
fn without_a_secret_service_the_error_says_what_to_install() {
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let r: Run = Command::new(bin())
        .args([
            "token",
            "status",
            "--org",
            &org(5),
            "--bwdata",
            f.bwdata.to_str().unwrap(),
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-bus", home.path().display()),
        )
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 15, "{}", r.stderr);
    says(&r.stderr, &["no OS keyring", "Secret Service", "gnome-keyring"]);
}

#[cfg(unix)] // a terminal through util-linux script (tests/not-on-windows.txt)
#[test]
fn at_a_terminal_the_token_is_typed_at_a_prompt_that_does_not_echo() {
    use std::io::Read;
    let f = fixture("us");
    let org = org(6);
    let cmd = format!(
        "'{}' token set --org {org} --bwdata '{}'",
        bin(),
        f.bwdata.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let mut out = child.stdout.take().unwrap();
    // Type only once the prompt is there: echo is off from then on.
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("then Enter: ") {
        assert_eq!(
            out.read(&mut byte).unwrap(),
            1,
            "no prompt: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.push(byte[0]);
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{TOKEN}\n").as_bytes())
        .unwrap();
    out.read_to_end(&mut seen).unwrap();
    assert!(child.wait().unwrap().success());
    let shown = String::from_utf8_lossy(&seen);
    assert!(shown.contains("Saved in the OS keyring"), "{shown}");
    assert!(!shown.contains(TOKEN), "the typed token was echoed: {shown}");
    let status = token(&f, &["status"], &org, "");
    says(&status.stdout, &["is saved"]);
    token(&f, &["clear"], &org, "");
}

#[test]
fn saving_and_confirming_move_the_steps_and_a_new_token_asks_again() {
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let org = org(7);
    let run = |args: &[&str], stdin: &str| piped(&f, home.path(), args, stdin);
    let steps = || -> Vec<String> {
        let j = run(&["status", "--json"], "").json();
        j["progress"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(&steps()[3..6], ["todo", "todo", "todo"]);
    assert_eq!(run(&["token", "set", "--org", &org], TOKEN).code, 0);
    assert_eq!(run(&["confirm", "apply-token", "--org", &org], "").code, 0);
    assert_eq!(run(&["confirm", "sync", "--org", &org], "").code, 0);
    assert_eq!(&steps()[3..6], ["done", "done", "done"]);
    let text = run(&["status"], "");
    says(
        &text.stdout,
        &[
            "3 billing sync token",
            "saved in the OS keyring",
            "you confirmed it",
        ],
    );
    no_token_in(&text);
    // A rotated token saved a second later: the Admin Console needs it too.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(run(&["token", "set", "--org", &org], B_TOKEN).code, 0);
    assert_eq!(&steps()[3..5], ["done", "attention"]);
    run(&["token", "clear", "--org", &org], "");
    assert_eq!(steps()[3], "todo");
}

const B_TOKEN: &str = "ZyXwVuTsRqPoNmLkJiHgFeDcBa9876";
