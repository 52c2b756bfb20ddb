//! The loopback stand-ins as one process, for the window tests (tests/e2e/run.sh): a US cloud
//! that knows the fixture installation (tests/fixtures/us) but whose push host answers 503,
//! and a healthy US server (or, with STANDIN_STATE, one that follows the stand-in bitwarden.sh:
//! refusing connections while its containers are stopped, answering nginx's 502 for a moment
//! after they start, then in the region it loaded, as written). The cloud answers 429 past 10
//! token requests a minute, as the real identity does. With STANDIN_SSHD, also a
//! real OpenSSH server on loopback (support/sshd.rs) whose host key famsync does not know yet.
//! Prints the environment to point famsync at them, then serves until SIGTERM. `cargo run -p famsync-core --example standins`

#[path = "../tests/support/mod.rs"]
mod support;
use support::cloud_standin::{knowing, CloudStandin};
use support::server_standin::{Behaviour, Standin};
use support::tls_standin::self_signed;

const FIXTURE_ID: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
const FIXTURE_KEY: &str = "FIXTUREinstallationKey";

#[tokio::main]
async fn main() {
    let mut cloud = knowing(FIXTURE_ID, true, FIXTURE_KEY);
    cloud.failing = vec!["/push".into()];
    let us = CloudStandin::start(cloud).await;
    // With STANDIN_STATE, the server follows what the stand-in bitwarden.sh did (restart tests).
    let behaviour = match std::env::var_os("STANDIN_STATE") {
        Some(state) => Behaviour::Follows(state.into()),
        None => Behaviour::Bitwarden {
            version: "2026.8.0".into(),
            region: Some("US".into()),
        },
    };
    // With STANDIN_SERVER_TLS, the server speaks HTTPS with a self-signed certificate, as
    // Bitwarden's installer can make one (trust tests); its fingerprint is printed too.
    let cert = std::env::var_os("STANDIN_SERVER_TLS").map(|_| self_signed("127.0.0.1"));
    let server = Standin::start_with(behaviour, cert.as_ref().map(|c| c.acceptor())).await;
    let mut env = format!(
        "FAMSYNC_CLOUD_US={}\nFAMSYNC_SERVER_URL={}\n",
        us.base, server.base
    );
    if let Some(c) = &cert {
        env.push_str(&format!("STANDIN_SERVER_FINGERPRINT={}\n", c.fingerprint()));
    }
    let sshd = std::env::var_os("STANDIN_SSHD").map(|_| support::sshd::Sshd::start());
    if let Some(s) = &sshd {
        env.push_str(&format!(
            "FAMSYNC_SSH_CONFIG={}\nSTANDIN_SSH_HOST={}\nSTANDIN_SSH_FINGERPRINT={}\nSTANDIN_SSHD_PID={}\n",
            s.dir.path().join("ssh_config").display(),
            support::sshd::ALIAS,
            s.host_fingerprint(),
            s.pid()
        ));
        // A key with a passphrase (quoted: it has spaces), reached without the alias.
        env.push_str(&format!(
            "STANDIN_SSH_PORT={}\nSTANDIN_SSH_LOCKED_KEY={}\nSTANDIN_SSH_PASSPHRASE='{}'\n",
            s.port,
            s.dir.path().join("locked").display(),
            support::sshd::PASSPHRASE
        ));
    }
    // One write, so run.sh never reads half of it.
    print!("{env}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // Until run.sh's kill: then the sshd and its folder go with `sshd`'s drop.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
    term.recv().await;
    drop(sshd);
}
