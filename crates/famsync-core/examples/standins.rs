//! The loopback stand-ins as one process, for the window tests (tests/e2e/run.sh): a US cloud
//! that knows the fixture installation (tests/fixtures/us) but whose push host answers 503,
//! and a healthy US server (or, with STANDIN_STATE, one that follows the stand-in bitwarden.sh:
//! refusing connections while its containers are stopped, answering nginx's 502 for a moment
//! after they start, then in the region it loaded, as written). The cloud answers 429 past 10
//! token requests a minute, as the real identity does. With STANDIN_SSHD, also a
//! real OpenSSH server on loopback (support/sshd.rs) whose host key famsync does not know yet.
//! For steps 4 and 5 by the server's API: a copy of the us fixture whose licenses the server
//! syncs from the cloud, an owner with a personal API key, and the billing sync token the cloud
//! accepts, all named in the file STANDIN_API (the secrets never go through an environment,
//! which the secrecy checks search); SIGUSR1 rotates that token in the cloud, SIGUSR2 writes
//! the access tokens the server issued to the file the first one names.
//! Prints the environment to point famsync at them, then serves until SIGTERM. `cargo run -p famsync-core --example standins`

#[path = "../tests/support/mod.rs"]
mod support;
use support::cloud_standin::CloudStandin;
use support::server_standin::{Behaviour, Standin};
use support::tls_standin::self_signed;
use support::us_world::{self, ORG};

const OWNER: &str = "3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d";
const OWNER_SECRET: &str = "E2eApiKeySecretThirtyChars0123";
const BILLING_TOKEN: &str = "E2eBillingSyncTokenAbCdEf01234";
const ROTATED_TOKEN: &str = "E2eRotatedInTheCloudToken98765";

/// The us fixture, copied for the API tests, with cloud communication on: its env file
/// private, as an install leaves it.
fn api_installation() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = support::fixture::copy("us");
    let env = dir.path().join("bwdata/env/global.override.env");
    // Cloud communication on in the file too, as the running server stand-in has it.
    let text = std::fs::read_to_string(&env).unwrap();
    std::fs::write(
        &env,
        format!("{text}globalSettings__enableCloudCommunication=true\n"),
    )
    .unwrap();
    std::fs::set_permissions(env, std::fs::Permissions::from_mode(0o600)).unwrap();
    dir
}

fn licenses(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("bwdata/core/licenses/organization")
}

#[tokio::main]
async fn main() {
    let api_dir = api_installation();
    let license = us_world::license(&api_dir.path().join("bwdata"));
    let mut cloud = us_world::cloud(license, BILLING_TOKEN);
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
    {
        let mut id = server.identity.lock().unwrap();
        id.add_user(OWNER, OWNER_SECRET);
        id.owners.push((OWNER.into(), ORG.into()));
        id.cloud_communication = true;
        id.license_dir = Some(licenses(&api_dir));
        id.cloud = Some(us_world::link(&us.base));
    }
    let secrets = tempfile::tempdir().unwrap();
    let tokens_file = secrets.path().join("access-tokens");
    let api = serde_json::json!({
        "pid": std::process::id(),
        "bwdata": api_dir.path().join("bwdata"),
        "client_id": format!("user.{OWNER}"),
        "client_secret": OWNER_SECRET,
        "billing_token": BILLING_TOKEN,
        "access_tokens": tokens_file,
    });
    let api_file = secrets.path().join("api.json");
    std::fs::write(&api_file, api.to_string()).unwrap();
    let mut env = format!(
        "FAMSYNC_CLOUD_US={}\nFAMSYNC_SERVER_URL={}\n",
        us.base, server.base
    );
    env.push_str(&format!("STANDIN_API={}\n", api_file.display()));
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
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).unwrap();
    let (mut rotate, mut tell) = (
        signal(SignalKind::user_defined1()).unwrap(),
        signal(SignalKind::user_defined2()).unwrap(),
    );
    loop {
        tokio::select! {
            _ = term.recv() => break,
            _ = rotate.recv() => us.set_billing_sync_key(ORG, ROTATED_TOKEN),
            _ = tell.recv() => {
                let issued: Vec<String> = server.identity.lock().unwrap().tokens.keys().cloned().collect();
                let _ = std::fs::write(&tokens_file, issued.join("\n"));
            }
        }
    }
    drop(sshd);
    drop((api_dir, secrets));
}
