//! A standard installation on a Windows host: a restart is `bitwarden.ps1 -restart` run by the
//! system's Windows PowerShell (never one found on PATH), as famsync's own user, with no
//! profile, nothing interactive and no execution policy of famsync's; then the server is
//! checked as for every kind. Run under Wine, against the stand-in powershell.exe
//! (examples/standin_powershell.rs, following bitwarden.ps1 and run.ps1) put where Windows
//! keeps PowerShell, below a SystemRoot of the test's own.
#![cfg(windows)] // the Windows side: on other systems bitwarden.ps1 is the owner's to run (kinds.rs)

mod support;
use famsync_core::kind::Kind;
use famsync_core::runner::{Outcome, RunOptions, ScriptCommand};
use famsync_core::{install, restart};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::server_standin::{Behaviour, Standin};

/// The stand-in, built beside this test (`cargo build --example standin_powershell`).
fn standin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().and_then(Path::parent).unwrap();
    let standin = debug.join("examples").join("standin_powershell.exe");
    assert!(
        standin.is_file(),
        "{} is missing: scripts/test-windows.sh builds it (cargo build --example standin_powershell)",
        standin.display()
    );
    standin
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_runs_bitwarden_ps1_through_the_systems_windows_powershell() {
    let system_root = tempfile::tempdir().unwrap();
    let folder = system_root.path().join(r"System32\WindowsPowerShell\v1.0");
    fs::create_dir_all(&folder).unwrap();
    let standin = standin();
    fs::copy(&standin, folder.join("powershell.exe")).unwrap();
    // Under Wine 8, the ProcessPrng stand-in that scripts/wine/run.sh puts beside the tests
    // (Rust's std needs it) must be beside this program too.
    let prng = standin
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("bcryptprimitives.dll");
    if prng.is_file() {
        fs::copy(&prng, folder.join("bcryptprimitives.dll")).unwrap();
    }
    let f = support::fixture::copy("us");
    fs::rename(f.path().join("bitwarden.sh"), f.path().join("bitwarden.ps1")).unwrap();
    let state = f.path().join("served.env");
    // Only this test in this binary: the process's environment is its own.
    std::env::set_var("SystemRoot", system_root.path());
    std::env::set_var("STANDIN_STATE", &state);
    let inst = install::open(&f.path().join("bwdata")).unwrap();
    assert_eq!(inst.kind, Kind::WindowsHost);
    let server = Standin::start(Behaviour::Follows(state)).await;
    let data = tempfile::tempdir().unwrap();
    let target = restart::target(&inst, data.path(), Some(server.base.clone()));
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = lines.clone();
    let apply = inst.kind.apply(&inst, ScriptCommand::Restart).unwrap();
    let run = (apply, RunOptions::default(), Duration::from_secs(20));
    let finished = restart::run_and_wait(&inst, &target, data.path(), run, &Default::default(), move |e| {
        seen.lock().unwrap().push(format!("{e:?}"))
    })
    .await
    .unwrap();
    let lines = lines.lock().unwrap().join("\n");
    assert!(
        matches!(finished.outcome, Outcome::UpAndRunning { .. }),
        "{:?}\n{lines}",
        finished.outcome
    );
    let health = finished.health.unwrap();
    assert!(health.healthy(), "{health:?}");
    assert!(lines.contains("bitwarden.ps1 version 2026.8.0"), "{lines}");
    let script = inst.script.clone().unwrap();
    let log = fs::read_to_string(f.path().join("standin-powershell.log")).unwrap();
    let want = format!(
        "-NoProfile\n-NonInteractive\n-File\n{}\n-restart\n--\n",
        script.display()
    );
    assert_eq!(log, want);
}
