//! A plan's diff looks only at the keys famsync manages (diff_keys). It must equal the full
//! key-level diff whenever the edits touch only those keys, which is all a plan ever does.

use famsync_core::diff::{diff, diff_keys, Change};
use famsync_core::envfile::EnvDoc;
use famsync_core::region::MANAGED;
use proptest::prelude::*;

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..MANAGED.len(), any::<bool>()).prop_map(|(i, up)| if up {
            MANAGED[i].to_uppercase()
        } else {
            MANAGED[i].into()
        }),
        "globalSettings__[a-z]{1,8}".prop_map(String::from),
    ]
}

fn file() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (key(), "[a-zA-Z0-9:/.]{0,12}").prop_map(|(k, v)| format!("{k}={v}\n")),
        Just("\n".to_string()),
        "# [a-z ]{0,10}\n".prop_map(String::from),
    ];
    prop::collection::vec(line, 0..30).prop_map(|l| l.concat())
}

fn edits() -> impl Strategy<Value = Vec<(usize, Option<String>)>> {
    prop::collection::btree_map(0..MANAGED.len(), prop::option::of("[A-Za-z0-9:/.]{0,10}"), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

/// Changes compared without regard to key spelling or order.
fn normalized(mut changes: Vec<Change>) -> Vec<Change> {
    for c in &mut changes {
        c.key = c.key.to_ascii_lowercase();
    }
    changes.sort_by(|a, b| a.key.cmp(&b.key));
    changes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_managed_key_diff_equals_the_full_diff(text in file(), edits in edits()) {
        let before = EnvDoc::parse(&text);
        let mut after = before.clone();
        for (k, v) in &edits {
            match v {
                Some(v) => after.set(MANAGED[*k], v),
                None => after.remove(MANAGED[*k]),
            }
        }
        prop_assert_eq!(normalized(diff_keys(&before, &after, &MANAGED)), normalized(diff(&before, &after)));
    }
}
