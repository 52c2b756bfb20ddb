//! The env parser and editor over arbitrary files (`make fuzz`): parsing then writing gives the
//! same bytes; every plan (enable US or EU, with and without the push relay, disable) either
//! refuses with a code or leaves every line it does not manage byte for byte and in order,
//! names the region it was asked for, and is idempotent.
#![no_main]

use famsync_core::envfile::{split_assignment, EnvDoc, Snapshot};
use famsync_core::plan::{plan_for, Action};
use famsync_core::region::{self, Region};
use libfuzzer_sys::fuzz_target;

const ACTIONS: [Action; 5] = [
    Action::Enable {
        region: Region::Us,
        push_relay: false,
    },
    Action::Enable {
        region: Region::Eu,
        push_relay: false,
    },
    Action::Enable {
        region: Region::Eu,
        push_relay: true,
    },
    Action::Enable {
        region: Region::Us,
        push_relay: true,
    },
    Action::Disable,
];

fn snapshot(bytes: &[u8]) -> Snapshot {
    Snapshot {
        path: "/fuzz/bwdata/env/global.override.env".into(),
        bytes: bytes.to_vec(),
        mode: 0o600,
        uid: 0,
        gid: 0,
    }
}

/// The lines of `text` that hold none of the keys famsync manages, with their terminators.
fn unmanaged(text: &str) -> Vec<&str> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    body.split_inclusive('\n')
        .filter(|l| {
            let line = l.trim_end_matches('\n').trim_end_matches('\r');
            !split_assignment(line)
                .is_some_and(|(k, _)| region::MANAGED.iter().any(|m| m.eq_ignore_ascii_case(k)))
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    // What famsync's reader refuses (not UTF-8, NUL bytes) never reaches the editor.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.contains('\0') {
        return;
    }
    assert_eq!(
        EnvDoc::parse(text).to_bytes(),
        data,
        "parse then write changed the bytes"
    );
    let before = unmanaged(text);
    for action in ACTIONS {
        let Ok(plan) = plan_for(&snapshot(data), action) else {
            continue;
        };
        let out = std::str::from_utf8(&plan.new_bytes()).expect("the editor wrote invalid UTF-8");
        let after = unmanaged(out);
        assert_eq!(
            before.len(),
            after.len(),
            "{action:?} dropped or added an unmanaged line"
        );
        for (b, a) in before.iter().zip(&after) {
            // A last line without a terminator may gain one when a line is appended after it:
            // every byte it had stays (a bare CR at the end becomes CR LF).
            let terminated = a
                .strip_prefix(*b)
                .is_some_and(|rest| rest == "\n" || rest == "\r\n");
            assert!(a == b || terminated, "{action:?} changed {b:?} into {a:?}");
        }
        let state = region::read_state(&EnvDoc::parse(out));
        if let Action::Enable { region, .. } = action {
            assert!(
                state.enabled && state.region == region,
                "{action:?} did not take: {state:?}"
            );
        } else {
            assert!(!state.enabled, "disable left it enabled");
        }
        let again = plan_for(&snapshot(plan.new_bytes()), action).expect("a plan's own output is refused");
        assert_eq!(
            again.new_bytes(),
            plan.new_bytes(),
            "{action:?} is not idempotent"
        );
    }
});
