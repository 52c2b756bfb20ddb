//! Shared helpers: fixture installations copied to a temp dir, the real `famsync` binary run
//! with a private HOME, and snapshots of a tree to prove nothing on disk changed.
#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "../../../famsync-core/tests/support/modes.rs"]
pub mod modes;

pub const INSTALL_ID: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";

/// The lines an EU enable writes: cloud communication on and the help page's four EU lines
/// (the push relay too: global.env's default, and the lite image's, is the US one).
pub const EU_LINES: [&str; 5] = [
    "globalSettings__enableCloudCommunication=true",
    "globalSettings__baseServiceUri__cloudRegion=EU",
    "globalSettings__installation__identityUri=https://identity.bitwarden.eu",
    "globalSettings__installation__apiUri=https://api.bitwarden.eu",
    "globalSettings__pushRelayBaseUri=https://push.bitwarden.eu",
];

/// Asserts that `text` holds each of EU_LINES exactly once.
pub fn has_eu_lines_once(text: &str) {
    for line in EU_LINES {
        let count = text.lines().filter(|l| *l == line).count();
        assert_eq!(count, 1, "{line} in\n{text}");
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub bwdata: PathBuf,
}

impl Fixture {
    pub fn env_file(&self) -> PathBuf {
        self.bwdata.join("env/global.override.env")
    }

    pub fn env_bytes(&self) -> Vec<u8> {
        fs::read(self.env_file()).unwrap()
    }

    pub fn env_text(&self) -> String {
        String::from_utf8(self.env_bytes()).unwrap()
    }

    pub fn backups(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = fs::read_dir(self.bwdata.join("env"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".bak"))
            .collect();
        out.sort();
        out
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

impl Fixture {
    /// The stand-in bitwarden.sh (tests/standin) beside bwdata, and its settings (`MODE=…`).
    pub fn add_standin_script(&self, conf: &str) {
        let script = self.dir.path().join("bitwarden.sh");
        fs::copy(fixtures_dir().join("../standin/bitwarden.sh"), &script).unwrap();
        modes::set_mode(&script, 0o755);
        fs::write(self.dir.path().join("standin.conf"), conf).unwrap();
    }
}

/// A private copy of fixture `name`, with the env file at 0600 like a real install.
pub fn fixture(name: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures_dir().join(name), dir.path());
    modes::set_mode(dir.path(), 0o755);
    let bwdata = dir.path().join("bwdata");
    let env = bwdata.join("env/global.override.env");
    if env.exists() {
        modes::set_mode(&env, 0o600);
    }
    Fixture { dir, bwdata }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        }
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_famsync")
}

/// `famsync ARGS` with no terminal on stdin, a throwaway HOME, and no FAMSYNC_BWDATA.
/// `famsync ARGS --bwdata <the fixture's bwdata>`, as famsync() runs it.
pub fn run(f: &Fixture, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let bw = f.bwdata.to_str().unwrap().to_string();
    all.extend(["--bwdata", &bw]);
    famsync(&all)
}

pub fn famsync(args: &[&str]) -> Run {
    famsync_in(args, None)
}

pub fn famsync_in(args: &[&str], cwd: Option<&Path>) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .stdin(Stdio::null())
        .env("HOME", home.path())
        .env_remove("FAMSYNC_BWDATA");
    cmd.env("XDG_DATA_HOME", home.path().join("data"))
        .env("FAMSYNC_DATA_DIR", home.path().join("data/famsync"));
    cmd.current_dir(cwd.unwrap_or(home.path()));
    cmd.output().unwrap().into()
}

/// Asserts that `text` contains every one of `words`, showing the text when it does not.
pub fn says(text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "{w:?} not in:\n{text}");
    }
}

/// `famsync enable --region eu --yes` on the fixture.
pub fn enable_eu(f: &Fixture) -> Run {
    famsync(&[
        "enable",
        "--region",
        "eu",
        "--yes",
        "--bwdata",
        f.bwdata.to_str().unwrap(),
    ])
}

/// Every file under `root` with its bytes and mode, to compare before and after.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut out = BTreeMap::new();
    walk(root, &mut out);
    out
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, u32)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            walk(&path, out);
        } else {
            let bytes = if meta.file_type().is_symlink() {
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if meta.is_file() {
                fs::read(&path).unwrap_or_default()
            } else {
                // A named pipe or a socket: reading would block; its mode says what it is.
                Vec::new()
            };
            out.insert(path, (bytes, modes::mode(&meta)));
        }
    }
}

/// Effective uid 0, read from /proc so the tests need no libc binding.
pub fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}
