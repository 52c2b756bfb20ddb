//! famsync writers take turns over SSH too (a lock on env/, as on famsync's own machine, held
//! on the server for the backup, the write and the pruning): several writing at once leave
//! exactly the newest ten backups, and a writer on the server holding the lock makes the one
//! over SSH wait.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{backup, install, Error, Installation};
use std::fs;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::sshd::Sshd;

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

/// Applies `action`, reading again while another writer wrote in between (as an owner would);
/// the backup made, if any (none when another writer already made the same change).
fn apply_until_done(inst: &Installation, action: Action) -> Option<String> {
    loop {
        match plan::apply(inst, action, None) {
            Ok(a) => return a.backup,
            Err(Error::EnvFileChanged { .. }) => continue,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn writers_over_ssh_at_the_same_time_leave_the_newest_ten() {
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let made = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for t in 0..3 {
            let (sshd, bwdata, made) = (&sshd, &bwdata, &made);
            s.spawn(move || {
                // Each its own connection: separate famsyncs.
                let inst = install::open_on(&sshd.host(), Some(bwdata)).unwrap();
                // Until more backups were made than are kept (a write another writer already
                // made makes none).
                for i in 0..100 {
                    if made.lock().unwrap().len() >= 2 * backup::KEPT {
                        break;
                    }
                    let action = if (t + i) % 2 == 0 { EU } else { Action::Disable };
                    if let Some(name) = apply_until_done(&inst, action) {
                        made.lock().unwrap().push(name);
                    }
                }
            });
        }
    });
    let mut made = made.into_inner().unwrap();
    made.sort_by_key(|n| order(n));
    let local = install::open(&bwdata).unwrap();
    let kept: Vec<String> = backup::list(&local)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(kept.len(), backup::KEPT, "{kept:?}");
    assert_eq!(kept, made[made.len() - backup::KEPT..].to_vec());
}

#[test]
fn a_writer_on_the_server_holding_the_lock_makes_the_one_over_ssh_wait() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let before = fs::read(&local.env_file).unwrap();
    // As plan.rs's writers_turn takes it on famsync's own machine.
    let folder = fs::File::open(local.env_file.parent().unwrap()).unwrap();
    folder.lock().unwrap();
    let started = Instant::now();
    std::thread::scope(|s| {
        let writer = s.spawn(|| apply_until_done(&remote, EU));
        std::thread::sleep(Duration::from_secs(2));
        assert!(
            !writer.is_finished(),
            "the remote writer did not wait for the lock"
        );
        assert_eq!(fs::read(&local.env_file).unwrap(), before);
        assert!(backup::list(&local).unwrap().is_empty());
        folder.unlock().unwrap();
        let applied = writer.join().unwrap();
        assert!(started.elapsed() >= Duration::from_secs(2));
        assert_eq!(
            fs::read(local.env_file.with_file_name(applied.unwrap())).unwrap(),
            before
        );
    });
    assert_ne!(fs::read(&local.env_file).unwrap(), before);
}

/// `…famsync-<stamp>[-<counter>].bak` → (stamp, counter).
fn order(name: &str) -> (String, u32) {
    let middle = name.split("famsync-").nth(1).unwrap().trim_end_matches(".bak");
    match middle.split_once('-') {
        Some((stamp, n)) => (stamp.to_string(), n.parse().unwrap()),
        None => (middle.to_string(), 1),
    }
}
