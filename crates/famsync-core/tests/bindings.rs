//! The window's TypeScript types (ui/src/lib/ipc.ts) are exactly what famsync-core sends.
//! Run `make bindings` (FAMSYNC_WRITE_BINDINGS=1) to regenerate them after changing a type.
#![cfg(feature = "ts")]

#[test]
fn ipc_types_for_the_window_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc.ts");
    let fresh = famsync_core::bindings::typescript();
    if std::env::var_os("FAMSYNC_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let mut names: Vec<&str> = fresh
        .lines()
        .filter_map(|l| l.strip_prefix("export type ")?.split(' ').next())
        .collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        count,
        "two Rust types export the same TypeScript name"
    );
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `make bindings` and commit it",
        path.display()
    );
}
