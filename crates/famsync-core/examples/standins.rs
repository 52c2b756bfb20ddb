//! The loopback stand-ins as one process, for the window tests (tests/e2e/run.sh): a US cloud
//! that knows the fixture installation (tests/fixtures/us) but whose push host answers 503,
//! and a healthy US server (or, with STANDIN_STATE, one that follows the stand-in bitwarden.sh:
//! down while its containers are stopped, in the region it loaded). Prints the environment to
//! point famsync at them, then serves until killed. `cargo run -p famsync-core --example standins`

#[path = "../tests/support/mod.rs"]
mod support;
use support::cloud_standin::{knowing, CloudStandin};
use support::server_standin::{Behaviour, Standin};

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
    let server = Standin::start(behaviour).await;
    println!("FAMSYNC_CLOUD_US={}", us.base);
    println!("FAMSYNC_SERVER_URL={}", server.base);
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::future::pending::<()>().await;
}
