//! Applying Bitwarden lite's settings: `famsync restart` runs `docker compose up -d` in the
//! lite folder, which recreates the container so it reads settings.env again, then checks the
//! server; an owner who ran `docker compose restart` instead is told the server still runs
//! the old settings. Against the stand-in docker (tests/standin/docker: a container takes its
//! env_file when created, as Compose's does) and the loopback server stand-in following it.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::cloud_standin::{knowing, CloudStandin};
use support::server_standin::{Behaviour, Standin, STARTING};

const ID: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
const KEY: &str = "FIXTUREinstallationKey";

/// A lite folder whose owner's docker is the stand-in, already `up -d` once.
struct Lite {
    f: Fixture,
    /// The stand-in `docker`, alone in a folder put first on PATH.
    bin: tempfile::TempDir,
    state: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Lite {
    fn new() -> Lite {
        let lite = Lite {
            f: fixture("lite"),
            bin: tempfile::tempdir().unwrap(),
            state: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        let docker = lite.bin.path().join("docker");
        fs::copy(fixtures_dir().join("../standin/docker"), &docker).unwrap();
        common::modes::set_mode(&docker, 0o755);
        let r = lite.owner_runs(&["compose", "up", "-d"]);
        assert!(r.status.success(), "{r:?}");
        lite
    }

    fn folder(&self) -> &Path {
        self.f.dir.path()
    }

    /// What the server stand-in shows: the environment the running container has.
    fn served(&self) -> PathBuf {
        self.state.path().join("served.env")
    }

    fn calls(&self) -> String {
        fs::read_to_string(self.state.path().join("calls")).unwrap_or_default()
    }

    fn env(&self, cmd: &mut Command) {
        let path = format!("{}:{}", self.bin.path().display(), std::env::var("PATH").unwrap());
        cmd.env("PATH", path)
            .env("STANDIN_DOCKER", self.state.path())
            .env("STANDIN_STATE", self.served())
            .env("STANDIN_DOCKER_LOG", self.state.path().join("calls"))
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("FAMSYNC_DATA_DIR", self.home.path().join("data/famsync"))
            .env_remove("FAMSYNC_BWDATA")
            .stdin(Stdio::null());
    }

    /// The owner's own `docker …` in the lite folder.
    fn owner_runs(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new(self.bin.path().join("docker"));
        cmd.args(args).current_dir(self.folder());
        self.env(&mut cmd);
        cmd.output().unwrap()
    }

    /// `famsync ARGS --bwdata <lite folder>`, with `vars` too.
    async fn famsync(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(bin());
        cmd.args(args).arg("--bwdata").arg(self.folder());
        self.env(&mut cmd);
        cmd.envs(vars.iter().copied());
        tokio::task::spawn_blocking(move || cmd.output().unwrap().into())
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_recreates_the_container_with_docker_compose_up_and_checks_the_region() {
    let lite = Lite::new();
    let server = Standin::start(Behaviour::Follows(lite.served())).await;
    let url = [("FAMSYNC_SERVER_URL", server.base.as_str())];
    assert_eq!(
        lite.famsync(&["enable", "--region", "eu", "--yes"], &url)
            .await
            .code,
        0
    );
    let r = lite.famsync(&["restart", "--yes", "--wait", "20"], &url).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let folder = lite.folder().canonicalize().unwrap();
    says(
        &r.stdout,
        &[
            &format!(
                "famsync will run, in {}:\n  docker compose up -d\n",
                folder.display()
            ),
            "-bitwarden-1  Recreated",
            "-bitwarden-1  Started",
            "is up: version 2026.8.0, region EU.",
        ],
    );
    // In the lite folder, up -d, and never restart (which keeps the old environment).
    let calls = lite.calls();
    let last = calls.lines().last().unwrap();
    assert_eq!(last, format!("{} compose up -d", folder.display()), "{calls}");
    assert!(!calls.contains("compose restart"), "{calls}");
    // What it ran with is recorded: nothing waits for a restart.
    let status = lite.famsync(&["status", "--json"], &url).await;
    assert_eq!(
        status.json()["env_file"]["pending_restart"],
        false,
        "{}",
        status.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_who_ran_docker_compose_restart_is_told_the_change_is_not_applied() {
    let lite = Lite::new();
    let server = Standin::start(Behaviour::Follows(lite.served())).await;
    let us = CloudStandin::start(knowing(ID, true, KEY)).await;
    let eu = CloudStandin::start(knowing(ID, true, KEY)).await;
    let vars = [
        ("FAMSYNC_SERVER_URL", server.base.as_str()),
        ("FAMSYNC_CLOUD_US", us.base.as_str()),
        ("FAMSYNC_CLOUD_EU", eu.base.as_str()),
    ];
    assert_eq!(
        lite.famsync(&["enable", "--region", "eu", "--yes"], &vars)
            .await
            .code,
        0
    );
    assert!(lite.owner_runs(&["compose", "restart"]).status.success());
    tokio::time::sleep(STARTING * 2).await;
    let r = lite.famsync(&["check"], &vars).await;
    assert_ne!(r.code, 0, "{}", r.stdout);
    says(
        &r.stdout,
        &[
            "the running server uses region US, the settings name EU.",
            "docker compose restart does not read settings.env again",
            "famsync restart, which runs docker compose up -d",
        ],
    );
    // Once famsync applies it, the server and the file agree.
    let r = lite.famsync(&["restart", "--yes", "--wait", "20"], &vars).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = lite.famsync(&["check"], &vars).await;
    assert!(!r.stdout.contains("docker compose restart"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn what_runs_is_shown_before_the_owner_agrees_and_nothing_runs_without_it() {
    let lite = Lite::new();
    let before = lite.calls();
    let r = lite.famsync(&["restart"], &[]).await;
    assert_eq!(r.code, 7, "{}{}", r.stdout, r.stderr);
    let compose = lite.folder().join("docker-compose.yml").canonicalize().unwrap();
    says(
        &r.stdout,
        &[
            "famsync will run, in ",
            "\n  docker compose up -d\n",
            &format!(", with {} (owner ", compose.display()),
        ],
    );
    assert!(!r.stdout.contains("asks root to confirm"), "{}", r.stdout);
    assert_eq!(lite.calls(), before, "docker ran");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_docker_on_the_path_famsync_says_so() {
    let lite = Lite::new();
    fs::remove_file(lite.bin.path().join("docker")).unwrap();
    let r = lite
        .famsync(&["restart", "--yes", "--json"], &[("PATH", "/nonexistent")])
        .await;
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "tool_missing", "{}", r.stdout);
    assert_eq!(r.json()["error"]["tool"], "docker");
}
