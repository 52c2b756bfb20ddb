//! `famsync watch`: JSON lines for outside changes, as they happen.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn an_outside_edit_that_turns_cloud_communication_off_is_a_json_line() {
    let f = fixture("eu");
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args(["watch", "--bwdata", f.bwdata.to_str().unwrap()])
        .env("HOME", home.path())
        .env("FAMSYNC_DATA_DIR", home.path().join("data"))
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    // Someone turns it off with an editor that saves by rename; again every half second until
    // famsync, which may still be starting (slowly under Wine), reports it.
    let env = f.bwdata.join("env/global.override.env");
    let text = std::fs::read_to_string(&env).unwrap().replace(
        "globalSettings__enableCloudCommunication=true",
        "globalSettings__enableCloudCommunication=false",
    );
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(lines.next()));
    let temp = env.with_file_name(".global.override.env.swp");
    let line = (0..60)
        .find_map(|_| {
            // Windows refuses a rename over a file open at that moment (famsync reading it).
            std::fs::write(&temp, &text).unwrap();
            let _ = std::fs::rename(&temp, &env);
            rx.recv_timeout(std::time::Duration::from_millis(500)).ok()
        })
        .expect("no event within 30 s")
        .expect("famsync watch ended without an event")
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let j: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(j["change"], "env_file", "{line}");
    assert_eq!(j["cloud_communication"]["enabled"], false, "{line}");
    assert!(j["at"].as_str().unwrap().ends_with('Z'));
}
