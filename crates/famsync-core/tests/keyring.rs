//! The billing sync token in the real store: on Linux the Secret Service (gnome-keyring in a
//! private D-Bus session: run under scripts/with-keyring.sh, as `make test` does), checked with
//! secret-tool; on Windows the Credential Manager (Wine's, under `make test-windows-suite`),
//! checked with CredReadW. Either way a mock store could not pass.

use famsync_core::token::{self, Slot, SERVICE};
use std::sync::atomic::{AtomicU32, Ordering};

const INSTALLATION: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";

/// A fresh organization id per call, so tests (and runs) never see each other's entries.
fn org() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!(
        "{:08x}-{n:04x}-4000-8000-{:012x}",
        std::process::id(),
        nanos & 0xffff_ffff_ffff
    )
}

/// What the Secret Service itself holds for this entry, through libsecret's own tool.
#[cfg(unix)]
fn secret_tool(org: &str) -> Option<String> {
    let out = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            SERVICE,
            "username",
            &format!("{INSTALLATION}/{org}"),
        ])
        .output()
        .expect("secret-tool (libsecret-tools) must be installed");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).to_string())
}

/// What the Credential Manager itself holds for this entry, read with Win32's CredReadW: the
/// generic credential keyring 3 names `<user>.<service>`, its blob the token in UTF-16.
#[cfg(windows)]
fn secret_tool(org: &str) -> Option<String> {
    use windows_sys::Win32::Security::Credentials::{CredFree, CredReadW, CREDENTIALW, CRED_TYPE_GENERIC};
    let target: Vec<u16> = format!("{INSTALLATION}/{org}.{SERVICE}")
        .encode_utf16()
        .chain([0])
        .collect();
    let mut cred: *mut CREDENTIALW = std::ptr::null_mut();
    // SAFETY: a NUL-terminated name; on success the call gives a credential freed below.
    if unsafe { CredReadW(target.as_ptr(), CRED_TYPE_GENERIC, 0, &mut cred) } == 0 {
        return None;
    }
    // SAFETY: the credential and its blob stay valid until CredFree.
    let text = unsafe {
        let c = &*cred;
        let blob =
            std::slice::from_raw_parts(c.CredentialBlob as *const u16, c.CredentialBlobSize as usize / 2);
        String::from_utf16_lossy(blob)
    };
    unsafe { CredFree(cred as _) };
    Some(text)
}

#[cfg(windows)]
fn require_secret_service() {}

#[cfg(unix)]
fn require_secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run these tests under scripts/with-keyring.sh (make test does)"
    );
}

const A: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";
const B: &str = "ZyXwVuTsRqPoNmLkJiHgFeDcBa9876";

#[test]
fn a_token_is_stored_replaced_revealed_and_deleted_in_the_secret_service() {
    require_secret_service();
    let org = org();
    let slot = Slot::new(INSTALLATION, &org).unwrap();
    assert!(!token::present(&slot).unwrap());
    token::store(&slot, &famsync_core::token::parse(A).unwrap()).unwrap();
    assert_eq!(
        secret_tool(&org).as_deref(),
        Some(A),
        "not in the real Secret Service"
    );
    token::store(&slot, &famsync_core::token::parse(B).unwrap()).unwrap();
    assert_eq!(token::reveal(&slot).unwrap().unwrap().expose(), B);
    assert_eq!(secret_tool(&org).as_deref(), Some(B));
    assert!(token::delete(&slot).unwrap());
    assert_eq!(secret_tool(&org), None);
    assert!(!token::delete(&slot).unwrap());
    assert!(token::reveal(&slot).unwrap().is_none());
}

#[test]
fn each_organization_and_installation_has_its_own_entry() {
    require_secret_service();
    let (one, two) = (org(), org());
    assert_ne!(one, two);
    let a = Slot::new(INSTALLATION, &one).unwrap();
    let b = Slot::new(INSTALLATION, &two).unwrap();
    let elsewhere = Slot::new("00000000-0000-4000-8000-000000000000", &one).unwrap();
    token::store(&a, &famsync_core::token::parse(A).unwrap()).unwrap();
    assert!(!token::present(&b).unwrap());
    assert!(!token::present(&elsewhere).unwrap());
    // The id is matched as Bitwarden does: in any letter case.
    let upper = Slot::new(INSTALLATION, &one.to_uppercase()).unwrap();
    assert_eq!(token::reveal(&upper).unwrap().unwrap().expose(), A);
    token::delete(&a).unwrap();
}

// Windows always has its Credential Manager (tests/not-on-windows.txt).
#[cfg(unix)]
#[test]
fn without_a_secret_service_the_error_says_so_and_nothing_is_written() {
    // A child process, so the D-Bus address of this one is left alone.
    if std::env::var_os("FAMSYNC_KEYRING_CHILD").is_some() {
        let slot = Slot::new(INSTALLATION, "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c").unwrap();
        let err = token::store(&slot, &famsync_core::token::parse(A).unwrap()).unwrap_err();
        assert_eq!(err, famsync_core::Error::KeyringUnavailable);
        assert_eq!(
            token::present(&slot).unwrap_err(),
            famsync_core::Error::KeyringUnavailable
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "without_a_secret_service_the_error_says_so_and_nothing_is_written",
        ])
        .env("FAMSYNC_KEYRING_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-bus", dir.path().display()),
        )
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
    // No plaintext fallback: nothing was written anywhere under the child's home.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
