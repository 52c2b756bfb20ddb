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
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // Someone turns it off with an editor that saves by rename.
    let env = f.bwdata.join("env/global.override.env");
    let text = std::fs::read_to_string(&env).unwrap().replace(
        "globalSettings__enableCloudCommunication=true",
        "globalSettings__enableCloudCommunication=false",
    );
    let temp = env.with_file_name(".global.override.env.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &env).unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().expect("no event").unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let j: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(j["change"], "env_file", "{line}");
    assert_eq!(j["cloud_communication"]["enabled"], false, "{line}");
    assert!(j["at"].as_str().unwrap().ends_with('Z'));
}
