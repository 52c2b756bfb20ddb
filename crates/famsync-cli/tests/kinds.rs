//! The kind of installation, named in `status` and `status --json` (`installation.kind`):
//! bitwarden.sh beside bwdata is the standard kind, bitwarden.ps1 a Windows host.

mod common;
use common::*;

#[test]
fn the_script_beside_bwdata_names_the_kind_in_the_status() {
    let f = fixture("us");
    let r = run(&f, &["status", "--json"]);
    assert_eq!(r.json()["installation"]["kind"], "standard", "{}", r.stdout);
    says(
        &run(&f, &["status"]).stdout,
        &["kind            standard (bitwarden.sh)"],
    );
    std::fs::rename(
        f.dir.path().join("bitwarden.sh"),
        f.dir.path().join("bitwarden.ps1"),
    )
    .unwrap();
    let r = run(&f, &["status", "--json"]);
    assert_eq!(r.json()["installation"]["kind"], "windows_host", "{}", r.stdout);
    says(
        &run(&f, &["status"]).stdout,
        &["kind            Windows host (bitwarden.ps1)"],
    );
}

/// Away from Windows, bitwarden.ps1 is the owner's to run on the Windows host (there, famsync
/// runs it through PowerShell: famsync-core's windows_host.rs).
#[cfg(not(windows))]
#[test]
fn a_windows_host_seen_from_elsewhere_is_applied_by_its_owner() {
    let f = fixture("us");
    let script = f.dir.path().join("bitwarden.ps1");
    std::fs::rename(f.dir.path().join("bitwarden.sh"), script).unwrap();
    let r = run(&f, &["restart", "--json"]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "apply_by_hand");
    assert_eq!(r.json()["error"]["command"], ".\\bitwarden.ps1 -restart");
}
