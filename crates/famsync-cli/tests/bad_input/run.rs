//! Running one case: famsync launched as the case needs, its answer checked, and the
//! installation's folder compared before and after.

use crate::case::{Case, Via, World};
use crate::common::*;
use crate::nets::Nets;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The command line for one of the case's commands, wrapped and set up as its `via` needs.
fn command(case: &Case, w: &World, args: &[&str], nets: &Nets, json: bool) -> Command {
    let mut cmd = launcher(case.via, w);
    cmd.args(arguments(case.via, w, args, json))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    surroundings(&mut cmd, case.via, w, nets);
    cmd
}

fn arguments(via: Via, w: &World, args: &[&str], json: bool) -> Vec<String> {
    let mut full: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    match via {
        Via::Discover | Via::NobodyDiscover => {}
        // One argument, so a target that starts with `-` reaches famsync's own check.
        Via::Host(target) => full.extend([
            format!("--host={target}"),
            "--bwdata=/opt/bitwarden/bwdata".into(),
        ]),
        _ => full.extend(["--bwdata".into(), w.f.bwdata.to_str().unwrap().into()]),
    }
    if json {
        full.push("--json".into());
    }
    full
}

/// A case that has not ended by then hangs: timeout(1) stops it (exit 124, then KILL), and the
/// case fails on that exit code instead of holding up the table.
const CASE_LIMIT_SECS: &str = "60";
/// timeout(1)'s exit code when it had to stop the command.
const HUNG: i32 = 124;

/// famsync itself, or famsync run by what makes the situation, under a time limit.
fn launcher(via: Via, w: &World) -> Command {
    let inner = situation(via, w);
    let mut cmd = Command::new("timeout");
    cmd.args(["--kill-after=5", CASE_LIMIT_SECS])
        .arg(inner.get_program())
        .args(inner.get_args());
    cmd
}

/// famsync itself, or famsync run by what makes the situation: another user, a read-only
/// mount, a D-Bus session with a locked keyring, a lock held on the installation.
fn situation(via: Via, w: &World) -> Command {
    let (program, pre): (&str, Vec<String>) = match via {
        Via::Nobody | Via::NobodyDiscover => (
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups"]
                .map(String::from)
                .to_vec(),
        ),
        Via::ReadOnlyEnv => (
            "unshare",
            vec![
                "-rm".into(),
                "sh".into(),
                "-c".into(),
                r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@""#.into(),
                "sh".into(),
                w.f.bwdata.join("env").to_str().unwrap().into(),
            ],
        ),
        Via::LockedKeyring => (
            "dbus-run-session",
            [
                "--",
                "sh",
                "-c",
                r#"gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1 && exec "$@""#,
                "sh",
            ]
            .map(String::from)
            .to_vec(),
        ),
        Via::RestartRunning => ("flock", vec![w.f.dir.path().to_str().unwrap().into()]),
        _ => return Command::new(bin()),
    };
    let mut cmd = Command::new(program);
    cmd.args(pre).arg(bin());
    cmd
}

/// A HOME of the case's own, the cloud and server stand-ins, and what `via` changes.
fn surroundings(cmd: &mut Command, via: Via, w: &World, nets: &Nets) {
    let home = w.home.path();
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("FAMSYNC_BWDATA")
        .current_dir(home);
    match via {
        Via::Nobody => {
            cmd.env("HOME", "/nonexistent").current_dir("/");
        }
        Via::NobodyDiscover => {
            cmd.current_dir("/");
        }
        Via::NoKeyring => {
            let bus = format!("unix:path={}/no-bus", home.display());
            cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        Via::LockedKeyring => {
            let run = home.join("run");
            fs::create_dir_all(&run).unwrap();
            fs::set_permissions(&run, fs::Permissions::from_mode(0o700)).unwrap();
            cmd.env("XDG_RUNTIME_DIR", run);
        }
        _ => {}
    }
    let (cloud, server) = match via {
        Via::Net(c, s) => (nets.cloud(c), nets.server(s)),
        _ => (nets.refused.as_str(), nets.refused.as_str()),
    };
    cmd.env("FAMSYNC_CLOUD_US", cloud)
        .env("FAMSYNC_CLOUD_EU", cloud)
        .env("FAMSYNC_SERVER_URL", server);
}

fn run(mut cmd: Command, stdin: &str) -> Run {
    use std::io::Write;
    let mut child = cmd.spawn().unwrap();
    // famsync may refuse before it reads: a broken pipe is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap().into()
}

/// The fixture's folder, without the stand-in script's own state (what docker would keep).
fn on_disk(w: &World) -> std::collections::BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut t = tree(w.f.dir.path());
    t.retain(|p, _| !p.file_name().unwrap().to_string_lossy().starts_with("standin."));
    t
}

/// The last JSON document of the output (restart prints a line per script line first);
/// null when there is none, so the case fails with its output shown.
fn last_json(r: &Run) -> serde_json::Value {
    let whole = serde_json::from_str(&r.stdout);
    whole.unwrap_or_else(|_| {
        let last = r.stdout.lines().rev().find(|l| l.starts_with('{'));
        last.and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or_default()
    })
}

/// One run of one case in a world of its own: its exit code, its error code (JSON) or its
/// message (text), and nothing on disk changed.
pub async fn run_case(case: &Case, args: &[&str], json: bool, nets: &Nets) -> Result<(), String> {
    let w = World {
        f: fixture(case.fixture),
        home: tempfile::tempdir().unwrap(),
    };
    (case.bad)(&w);
    let before = on_disk(&w);
    let cmd = command(case, &w, args, nets, json);
    let stdin = case.stdin.to_string();
    let r = tokio::task::spawn_blocking(move || run(cmd, &stdin))
        .await
        .unwrap();
    let out = format!("{}{}", r.stdout, r.stderr);
    if r.code == HUNG {
        return Err(format!("hung: stopped after {CASE_LIMIT_SECS} s\n{out}"));
    }
    if r.code != case.exit {
        return Err(format!("exit {} (want {})\n{out}", r.code, case.exit));
    }
    if json {
        let got = last_json(&r)
            .pointer(case.at)
            .and_then(|v| v.as_str().map(String::from));
        if got.as_deref() != Some(case.code) {
            return Err(format!("{} = {got:?} (want {:?})\n{out}", case.at, case.code));
        }
    } else if let Some(word) = case.says.iter().find(|w| !out.contains(**w)) {
        return Err(format!("{word:?} not in the message\n{out}"));
    }
    if on_disk(&w) != before {
        return Err("something on disk changed".into());
    }
    Ok(())
}
