//! Every bad input famsync knows, in one table: files, permissions, network faults, server
//! states, keyring states and pasted text. Each case is run twice, as JSON and as text, and
//! must give its exit code both times, its stable error code in the JSON, a message in the
//! text, and leave the installation's folder byte for byte and mode for mode as it was.

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use support::cloud_standin::{knowing, Cloud, CloudStandin, Fault};
use support::server_standin::{refused_base, Behaviour, Standin};
use support::tls_standin::self_signed;

const KEY: &str = "FIXTUREinstallationKey";
const TOKEN: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";
const ORG: &str = "0b7e4a52-9a71-4c2e-8f3d-5e6a7b8c9d0e";

/// Read and write: the same bad file must stop both.
const STATUS_AND_ENABLE: &[&[&str]] = &[&["status"], &["enable", "--region", "eu", "--yes"]];

/// How the command meets the bad input, besides the fixture's files.
#[derive(Clone, Copy)]
enum Via {
    /// `--bwdata` the fixture, as its owner.
    Local,
    /// No `--bwdata`: famsync looks in the usual places of a HOME made by `bad`.
    Discover,
    /// As `nobody` (setpriv), for whom the fixture's files are closed.
    Nobody,
    /// As `nobody`, without `--bwdata`, in a HOME whose bwdata is closed to it.
    NobodyDiscover,
    /// The env folder bind-mounted read-only (a private mount namespace, no root needed).
    ReadOnlyEnv,
    /// `--host` instead of `--bwdata`.
    Host(&'static str),
    /// No D-Bus session bus: no Secret Service at all.
    NoKeyring,
    /// A gnome-keyring with no unlocked collection, in its own D-Bus session.
    LockedKeyring,
    /// These stand-ins answer for the cloud (both regions) and for the installation's server.
    Net(CloudIs, ServerIs),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum CloudIs {
    Refused,
    Reset,
    Unavailable,
    KnowsOtherKey,
    IdDisabled,
    IdUnknown,
    Knows,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum ServerIs {
    Refused,
    BadGateway,
    NotBitwarden,
    TooOld,
    SelfSigned,
    Healthy,
}

struct Case {
    name: &'static str,
    fixture: &'static str,
    /// Makes the bad input out of a fresh copy of the fixture (its folder and a HOME).
    bad: fn(&World),
    commands: &'static [&'static [&'static str]],
    via: Via,
    stdin: &'static str,
    exit: i32,
    /// Where the code is in the JSON, and what it must be.
    at: &'static str,
    code: &'static str,
    /// Words the text must hold: what is wrong, where, what to do.
    says: &'static [&'static str],
}

const fn case(name: &'static str, command: &'static [&'static [&'static str]]) -> Case {
    Case {
        name,
        fixture: "us",
        bad: |_| {},
        commands: command,
        via: Via::Local,
        stdin: "",
        exit: 0,
        at: "/error/code",
        code: "",
        says: &[],
    }
}

impl Case {
    const fn fails(self, exit: i32, code: &'static str, says: &'static [&'static str]) -> Case {
        Case {
            exit,
            code,
            says,
            ..self
        }
    }
    const fn bad(self, bad: fn(&World)) -> Case {
        Case { bad, ..self }
    }
    const fn fixture(self, fixture: &'static str) -> Case {
        Case { fixture, ..self }
    }
    const fn via(self, via: Via) -> Case {
        Case { via, ..self }
    }
    const fn stdin(self, stdin: &'static str) -> Case {
        Case { stdin, ..self }
    }
    const fn at(self, at: &'static str) -> Case {
        Case { at, ..self }
    }
}

/// One case's world: the fixture's folder (what must not change) and a HOME beside it.
struct World {
    f: Fixture,
    home: tempfile::TempDir,
}

impl World {
    fn env_file(&self) -> PathBuf {
        self.f.env_file()
    }
    fn write_env(&self, bytes: &[u8]) {
        fs::write(self.env_file(), bytes).unwrap();
    }
}

const CHECK: &[&[&str]] = &[&["check"]];
const CHECK_EU: &[&[&str]] = &[&["check", "--region", "eu"]];
const TOKEN_SET: &[&[&str]] = &[&["token", "set", "--org", ORG]];
const RESTART: &[&[&str]] = &[&["restart", "--yes", "--timeout", "2", "--wait", "1"]];
const FIRST_CLOUD_CHECK: &str = "/cloud/checks/0/result/code";
const SERVER_CHECK: &str = "/server/alive_error/stage";

fn table() -> Vec<Case> {
    use Via::*;
    vec![
        // Files.
        case("path missing", STATUS_AND_ENABLE)
            .bad(|w| fs::remove_dir_all(&w.f.bwdata).unwrap())
            .fails(3, "path_missing", &["does not exist", "--bwdata"]),
        case("a folder that is not a bwdata", STATUS_AND_ENABLE)
            .bad(|w| {
                fs::remove_dir_all(&w.f.bwdata).unwrap();
                fs::create_dir(&w.f.bwdata).unwrap();
                fs::write(w.f.bwdata.join("notes.txt"), "hello").unwrap();
            })
            .fails(
                3,
                "not_a_bwdata",
                &["not a Bitwarden bwdata folder", "bitwarden.sh"],
            ),
        case("nothing found in the usual places", &[&["status"]])
            .via(Discover)
            .fails(
                3,
                "no_installation_found",
                &["No Bitwarden installation found", "famsync --sample status"],
            ),
        case("env file missing", STATUS_AND_ENABLE)
            .bad(|w| fs::remove_file(w.env_file()).unwrap())
            .fails(
                5,
                "env_file_missing",
                &["global.override.env is missing", "backup"],
            ),
        case("env file empty", STATUS_AND_ENABLE)
            .bad(|w| w.write_env(b"\n\n"))
            .fails(5, "env_file_empty", &["is empty", "backup"]),
        case("env file not UTF-8", STATUS_AND_ENABLE)
            .fixture("not-utf8")
            .fails(5, "env_file_not_utf8", &["not UTF-8", "line 5"]),
        case("env file with binary data", STATUS_AND_ENABLE)
            .bad(|w| w.write_env(b"globalSettings__x=1\n\x00\x01\x02\xff\xfe binary"))
            .fails(5, "env_file_binary", &["binary data", "offset 20"]),
        case("env file over a mebibyte", STATUS_AND_ENABLE)
            .bad(|w| {
                let junk: Vec<u8> = (0..(1024 * 1024 + 10)).map(|i| b"abcdefgh=\n"[i % 10]).collect();
                w.write_env(&junk);
            })
            .fails(5, "env_file_too_large", &["1048586 bytes", "backup"]),
        case("env file a symbolic link to elsewhere", STATUS_AND_ENABLE)
            .bad(|w| {
                let elsewhere = w.f.dir.path().join("elsewhere.env");
                fs::rename(w.env_file(), &elsewhere).unwrap();
                std::os::unix::fs::symlink(&elsewhere, w.env_file()).unwrap();
            })
            .fails(
                5,
                "env_file_symlink",
                &["symbolic link to", "elsewhere.env", "cp --remove-destination"],
            ),
        case("env file a folder", STATUS_AND_ENABLE)
            .bad(|w| {
                fs::remove_file(w.env_file()).unwrap();
                fs::create_dir(w.env_file()).unwrap();
            })
            .fails(5, "env_file_not_regular", &["not a regular file"]),
        case("env file a named pipe", STATUS_AND_ENABLE)
            .bad(|w| {
                fs::remove_file(w.env_file()).unwrap();
                nix::unistd::mkfifo(&w.env_file(), nix::sys::stat::Mode::S_IRWXU).unwrap();
            })
            .fails(5, "env_file_not_regular", &["not a regular file"]),
        case(
            "installation id not a GUID",
            &[&["enable", "--region", "eu", "--yes"]],
        )
        .fixture("bad-installation-id")
        .fails(5, "installation_id_invalid", &["line 9", "not a GUID"]),
        case(
            "installation id missing",
            &[&["enable", "--region", "eu", "--yes"]],
        )
        .bad(|w| {
            let text = fs::read_to_string(w.env_file()).unwrap();
            let kept: Vec<&str> = text.lines().filter(|l| !l.contains("installation__id")).collect();
            w.write_env(format!("{}\n", kept.join("\n")).as_bytes());
        })
        .fails(5, "installation_id_missing", &["installation__id"]),
        case(
            "a backup that does not exist",
            &[&[
                "backups",
                "restore",
                "global.override.env.famsync-20260101-000000.bak",
            ]],
        )
        .fails(8, "backup_not_found", &["famsync backups list"]),
        case(
            "a backup name that leaves the env folder",
            &[&["backups", "restore", "../../../etc/passwd"]],
        )
        .fails(8, "backup_not_found", &["famsync backups list"]),
        case("no bitwarden.sh beside bwdata", &[&["restart", "--yes"]])
            .bad(|w| fs::remove_file(w.f.dir.path().join("bitwarden.sh")).unwrap())
            .fails(3, "script_missing", &["bitwarden.sh"]),
        case("bitwarden.sh not executable", &[&["restart", "--yes"]]).fails(
            4,
            "script_not_executable",
            &["not executable", "chmod +x"],
        ),
        // Permissions and answers.
        case("env file closed to the user famsync runs as", &[&["status"]])
            .via(Nobody)
            .fails(
                4,
                "permission_denied",
                &[
                    "Permission denied",
                    "belongs to root",
                    "runs as nobody",
                    "sudo -u",
                ],
            ),
        case("installation in HOME closed to the user", &[&["status"]])
            .via(NobodyDiscover)
            .bad(|w| {
                let bwdata = w.home.path().join("bwdata");
                fs::create_dir_all(bwdata.join("env")).unwrap();
                fs::set_permissions(&bwdata, fs::Permissions::from_mode(0o700)).unwrap();
                fs::set_permissions(w.home.path(), fs::Permissions::from_mode(0o755)).unwrap();
            })
            .fails(4, "permission_denied", &["Permission denied on", "bwdata"]),
        case(
            "env folder on a read-only filesystem",
            &[&["enable", "--region", "eu", "--yes"]],
        )
        .via(ReadOnlyEnv)
        .fails(6, "read_only_filesystem", &["read-only filesystem", "Remount"]),
        case("no terminal to confirm a write", &[&["enable", "--region", "eu"]]).fails(
            7,
            "not_confirmed",
            &["No terminal", "--yes"],
        ),
        // Servers over SSH.
        case("an ssh target that would be an option", &[&["status"]])
            .via(Host("-oProxyCommand=touch /tmp/famsync-pwned"))
            .fails(5, "ssh_target_invalid", &["-oProxyCommand"]),
        case("an ssh server that refuses connections", &[&["status"]])
            .via(Host("famsync@127.0.0.1:9"))
            .fails(3, "ssh_unreachable", &["127.0.0.1"]),
        case(
            "accept-host-key without a server",
            &[&["accept-host-key", "SHA256:abc"]],
        )
        .fails(5, "host_missing", &["--host"]),
        case("a fingerprint that is not SHA-256", &[&["trust", "AB:CD"]]).fails(
            5,
            "fingerprint_invalid",
            &["not a SHA-256 certificate fingerprint", "openssl x509"],
        ),
        // Network faults, on the way to the cloud or to the server.
        case("cloud behind a firewall", CHECK)
            .via(Net(CloudIs::Refused, ServerIs::Healthy))
            .at(FIRST_CLOUD_CHECK)
            .fails(
                14,
                "unreachable",
                &["failed at connect", "Allow outbound HTTPS (port 443)"],
            ),
        case("cloud connection reset", CHECK)
            .via(Net(CloudIs::Reset, ServerIs::Healthy))
            .at(FIRST_CLOUD_CHECK)
            .fails(14, "unreachable", &["FAIL"]),
        case("cloud answering 503", CHECK)
            .via(Net(CloudIs::Unavailable, ServerIs::Healthy))
            .at(FIRST_CLOUD_CHECK)
            .fails(14, "unreachable", &["503"]),
        case("installation id unknown to the region", CHECK_EU)
            .via(Net(CloudIs::IdUnknown, ServerIs::Healthy))
            .at("/cloud/checks/3/result/code")
            .fails(
                14,
                "installation_unknown",
                &["Neither the EU cloud nor the other region knows"],
            ),
        case("installation disabled in the cloud", CHECK)
            .via(Net(CloudIs::IdDisabled, ServerIs::Healthy))
            .at("/cloud/checks/3/result/code")
            .fails(14, "installation_disabled", &["it is disabled in the US cloud"]),
        case("installation key rejected", CHECK)
            .via(Net(CloudIs::KnowsOtherKey, ServerIs::Healthy))
            .at("/cloud/checks/4/result/code")
            .fails(14, "key_rejected", &["FAIL"]),
        // Server states.
        case("server down", CHECK)
            .via(Net(CloudIs::Knows, ServerIs::Refused))
            .at(SERVER_CHECK)
            .fails(14, "connect", &["/api/alive: failed at connect"]),
        case("server answering 502 (its proxy up, the API not)", CHECK)
            .via(Net(CloudIs::Knows, ServerIs::BadGateway))
            .at(SERVER_CHECK)
            .fails(14, "http", &["502"]),
        case("something else than Bitwarden at the server's URL", CHECK)
            .via(Net(CloudIs::Knows, ServerIs::NotBitwarden))
            .at(SERVER_CHECK)
            .fails(14, "body", &["FAIL"]),
        case("server too old for sponsorships", CHECK)
            .via(Net(CloudIs::Knows, ServerIs::TooOld))
            .at("/server/warnings/0/code")
            .fails(14, "too_old_for_sponsorships", &["2022.1.0"]),
        case("server with a self-signed certificate", CHECK)
            .via(Net(CloudIs::Knows, ServerIs::SelfSigned))
            .at(SERVER_CHECK)
            .fails(14, "tls", &["failed at TLS", "self-signed", "famsync trust"]),
        case("restart that leaves the server down", RESTART)
            .bad(|w| standin_script(w, "MODE=pull-fail\n"))
            .via(Net(CloudIs::Refused, ServerIs::Refused))
            .at("/outcome/outcome")
            .fails(10, "failed", &["Bitwarden is DOWN", "famsync start"]),
        case("restart script that hangs", RESTART)
            .bad(|w| standin_script(w, "MODE=hang\n"))
            .via(Net(CloudIs::Refused, ServerIs::Refused))
            .at("/outcome/outcome")
            .fails(11, "timed_out", &["did not finish in time"]),
        // Keyring states and pasted text.
        case("no Secret Service", &[&["token", "status", "--org", ORG]])
            .via(NoKeyring)
            .fails(15, "keyring_unavailable", &["no OS keyring", "gnome-keyring"]),
        case("keyring locked", TOKEN_SET)
            .via(LockedKeyring)
            .stdin(TOKEN)
            .fails(15, "keyring_locked", &["locked"]),
        case("empty paste", TOKEN_SET)
            .stdin(" \n")
            .fails(5, "token_invalid", &["not a billing sync token"]),
        case("paste one character short", TOKEN_SET)
            .stdin("AbCdEfGhIjKlMnOpQrStUvWxYz012")
            .fails(5, "token_invalid", &["it has 29 characters, not 30"]),
        case("paste of the token and more", TOKEN_SET)
            .stdin("AbCdEfGhIjKlMnOpQrStUvWxYz0123AbCdEf")
            .fails(5, "token_invalid", &["it has 36 characters, not 30"]),
        case("paste with a character that is not a letter or digit", TOKEN_SET)
            .stdin("AbCdE%GhIjKlMnOpQrStUvWxYz0123")
            .fails(5, "token_invalid", &["character 6 is not a letter or a digit"]),
        case("paste of a web page address", TOKEN_SET)
            .stdin("https://vault.bitwarden.com/#/organizations\n")
            .fails(5, "token_invalid", &["character 6 is not a letter or a digit"]),
        case("paste of two lines", TOKEN_SET)
            .stdin("AbCdEfGhIjKlMnOpQrStUvWxYz0123\nAbCdEfGhIjKlMnOpQrStUvWxYz0123\n")
            .fails(5, "token_invalid", &["character 31 is not a letter or a digit"]),
        case(
            "an organization that is not an id",
            &[&["token", "set", "--org", "acme"]],
        )
        .stdin(TOKEN)
        .fails(
            5,
            "organization_id_invalid",
            &["\"acme\" is not an organization id", "famsync status"],
        ),
    ]
}

/// The stand-in bitwarden.sh beside bwdata, told how to behave.
fn standin_script(w: &World, conf: &str) {
    let script = w.f.dir.path().join("bitwarden.sh");
    fs::copy(fixtures_dir().join("../standin/bitwarden.sh"), &script).unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(w.f.dir.path().join("standin.conf"), conf).unwrap();
}

/// The loopback stand-ins every network case picks from, started once; any kind not here is
/// a closed port.
struct Nets {
    clouds: HashMap<CloudIs, CloudStandin>,
    servers: HashMap<ServerIs, Standin>,
    refused: String,
}

impl Nets {
    async fn start() -> Nets {
        let faulty = |fault| Cloud {
            fault: Some(fault),
            ..Cloud::default()
        };
        let mut clouds = HashMap::new();
        for (kind, cloud) in [
            (CloudIs::Reset, faulty(Fault::Reset)),
            (CloudIs::Unavailable, faulty(Fault::Status(503))),
            (CloudIs::KnowsOtherKey, knowing(INSTALL_ID, true, "anotherKey")),
            (CloudIs::IdDisabled, knowing(INSTALL_ID, false, KEY)),
            (CloudIs::IdUnknown, Cloud::default()),
            (CloudIs::Knows, knowing(INSTALL_ID, true, KEY)),
        ] {
            clouds.insert(kind, CloudStandin::start(cloud).await);
        }
        let bitwarden = |version: &str| Behaviour::Bitwarden {
            version: version.into(),
            region: Some("US".into()),
        };
        let mut servers = HashMap::new();
        for (kind, behaviour) in [
            (ServerIs::BadGateway, Behaviour::Status(502)),
            (ServerIs::NotBitwarden, Behaviour::NotBitwarden),
            (ServerIs::TooOld, bitwarden("2022.1.0")),
            (ServerIs::Healthy, bitwarden("2026.8.0")),
        ] {
            servers.insert(kind, Standin::start(behaviour).await);
        }
        let tls = Some(self_signed("127.0.0.1").acceptor());
        let signed = Standin::start_with(bitwarden("2026.8.0"), tls).await;
        servers.insert(ServerIs::SelfSigned, signed);
        let refused = refused_base().await;
        Nets {
            clouds,
            servers,
            refused,
        }
    }

    fn cloud(&self, which: CloudIs) -> &str {
        self.clouds.get(&which).map_or(&self.refused, |s| &s.base)
    }

    fn server(&self, which: ServerIs) -> &str {
        self.servers.get(&which).map_or(&self.refused, |s| &s.base)
    }
}

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

/// famsync itself, or famsync run by what makes the situation: another user, a read-only
/// mount, a D-Bus session with a locked keyring.
fn launcher(via: Via, w: &World) -> Command {
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
async fn run_case(case: &Case, args: &[&str], json: bool, nets: &Nets) -> Result<(), String> {
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

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_input_gives_its_code_and_changes_nothing() {
    assert!(
        is_root(),
        "the permission cases run famsync as nobody: run the tests as root"
    );
    let nets = Nets::start().await;
    let table = table();
    assert!(table.len() >= 30, "{} cases", table.len());
    let mut failures = Vec::new();
    for case in &table {
        for args in case.commands {
            // A world each: the text run must not meet what the JSON run left (the key check
            // is asked at most once a minute).
            for json in [true, false] {
                let flag = if json { " --json" } else { "" };
                let label = format!("{} ({}{flag})", case.name, args.join(" "));
                if let Err(e) = run_case(case, args, json, &nets).await {
                    failures.push(format!("{label}: {e}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n---\n")
    );
}

#[test]
fn damaged_license_does_not_block_status_or_enable() {
    for name in ["license-damaged", "license-trailing-junk"] {
        let f = fixture(name);
        let r = enable_eu(&f);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
}

/// `famsync status | head -c 1`: the reader goes away early; famsync ends as Unix tools do
/// (128 + SIGPIPE), without a panic's message.
#[test]
fn a_reader_that_closes_early_gets_no_panic() {
    let f = fixture("us");
    let mut child = Command::new(bin())
        .args(["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let r: Run = child.wait_with_output().unwrap().into();
    assert_eq!(r.code, 141, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}
