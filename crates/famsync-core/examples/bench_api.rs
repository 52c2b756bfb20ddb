//! Benchmark: steps 4 and 5 by the server's API, against the server and cloud stand-ins over
//! loopback HTTP, with the real keyring. "Save on my server" (`api::apply_token`: sign in, read
//! the billing sync connection, create or update it, read it back) and "Sync license now"
//! (`api::sync`: sign in, the license sync, which has the server call the cloud twice, then the
//! connection and sync-status), each against as many bare HTTP round trips as it makes,
//! counted from the stand-ins' request logs. Needs the Secret Service: run with `make bench` or
//! `scripts/with-keyring.sh cargo run --release -p famsync-core --example bench_api`.

#[path = "../tests/support/mod.rs"]
mod support;
use famsync_core::api::{self, ApiKey, Holds};
use famsync_core::{install, token};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::api_standin::CloudLink;
use support::cloud_standin::CloudStandin;
use support::server_standin::{Behaviour, Standin};
use support::us_world::{self, INSTALLATION, ORG};

const OWNER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";
const T1: &str = "BiLLingSyncT0kenNumberOne00001";
const RUNS: usize = 40;

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

/// Nearest rank.
fn p95(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[(v.len() * 95).div_ceil(100) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A cloud stand-in that issues ORG's license for T1. A new one for every license sync: the
/// cloud lets 10 token requests a minute through (and so does its stand-in).
async fn cloud(license: &serde_json::Value) -> CloudStandin {
    CloudStandin::start(us_world::cloud(license.clone(), T1)).await
}

fn link(cloud: &CloudStandin) -> CloudLink {
    us_world::link(&cloud.base)
}

/// The requests `log` saw since it was last taken, as "METHOD /path".
fn take(log: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
        .into_iter()
        .map(|l| l.rsplit_once(' ').map_or(l.clone(), |(r, _)| r.to_string()))
        .collect()
}

/// `n` plain GETs of the server stand-in's /api/alive, one after another.
async fn bare(http: &reqwest::Client, base: &str, n: usize) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        let r = http.get(format!("{base}/api/alive")).send().await.unwrap();
        assert!(r.status().is_success());
        r.bytes().await.unwrap();
    }
    t.elapsed()
}

fn main() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run under scripts/with-keyring.sh (make bench does)"
    );
    // The stand-ins run on their own threads, as servers would; famsync runs as the CLI runs
    // it (commands::block_on): a current-thread runtime on this thread.
    let servers = tokio::runtime::Runtime::new().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let dir = support::fixture::copy("us");
    let data = tempfile::tempdir().unwrap();
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    let licenses = famsync_core::licenses::folder(&inst.bwdata);
    let license = us_world::license(&inst.bwdata);
    let server = servers.block_on(Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    }));
    {
        let mut id = server.identity.lock().unwrap();
        id.add_user(OWNER, SECRET);
        id.owners.push((OWNER.into(), ORG.into()));
        id.cloud_communication = true;
        id.license_dir = Some(licenses);
    }
    std::env::set_var("FAMSYNC_SERVER_URL", &server.base);

    // `famsync login` (the key kept in the keyring) and the token in the keyring, untimed.
    let key = ApiKey::parse(&format!("user.{OWNER}"), SECRET).unwrap();
    rt.block_on(api::log_in(&inst, data.path(), &key, true)).unwrap();
    let slot = token::Slot::new(INSTALLATION, ORG).unwrap();
    token::store(&slot, &token::parse(T1).unwrap()).unwrap();
    let data_dir: &Path = data.path();

    // One of each first, untimed: the connection is created, and its routes are counted.
    take(&server.requests);
    let held = rt.block_on(save_on_server(&inst, data_dir)).unwrap();
    assert_eq!(held.holds, Holds::ThisToken);
    let apply_created = take(&server.requests);
    rt.block_on(save_on_server(&inst, data_dir)).unwrap();
    let apply_routes = take(&server.requests);
    let c = servers.block_on(cloud(&license));
    server.identity.lock().unwrap().cloud = Some(link(&c));
    let synced = rt.block_on(sync_now(&inst, data_dir)).unwrap();
    assert!(synced.billing_sync.last_license_sync.is_some(), "{synced:?}");
    let sync_routes = take(&server.requests);
    let cloud_routes = take(&c.requests);

    let plain = reqwest::Client::new();
    let (n_apply, n_sync) = (apply_routes.len(), sync_routes.len() + cloud_routes.len());
    let (mut apply, mut apply_bare, mut sync, mut sync_bare) = (vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        take(&server.requests); // the bare GETs of the run before
        let t = Instant::now();
        let held = rt.block_on(save_on_server(&inst, data_dir)).unwrap();
        apply.push(t.elapsed());
        assert_eq!(held.holds, Holds::ThisToken);
        assert_eq!(take(&server.requests).len(), n_apply);
        apply_bare.push(rt.block_on(bare(&plain, &server.base, n_apply)));

        let c = servers.block_on(cloud(&license));
        server.identity.lock().unwrap().cloud = Some(link(&c));
        take(&server.requests);
        let t = Instant::now();
        let synced = rt.block_on(sync_now(&inst, data_dir)).unwrap();
        sync.push(t.elapsed());
        assert_eq!(synced.billing_sync.holds, Holds::ThisToken);
        assert_eq!(take(&server.requests).len() + take(&c.requests).len(), n_sync);
        sync_bare.push(rt.block_on(bare(&plain, &server.base, n_sync)));
    }

    // What famsync does besides HTTP, each measured alone: one keyring read (each operation
    // makes two: the API key, the token) and the client it builds per sign-in (the machine's
    // root certificates loaded); and the client the server stand-in builds for its cloud calls
    // in each license sync (a stand-in's cost, not famsync's).
    let (mut keyring, mut client, mut standin) = (vec![], vec![], vec![]);
    for _ in 0..RUNS {
        let t = Instant::now();
        token::reveal(&slot).unwrap().unwrap();
        keyring.push(t.elapsed());
        let t = Instant::now();
        drop(famsync_core::http::for_secrets(api::login::TIMEOUT, None));
        client.push(t.elapsed());
        let t = Instant::now();
        drop(reqwest::Client::new());
        standin.push(t.elapsed());
    }
    token::delete(&slot).unwrap();
    api::log_out(data_dir, INSTALLATION).unwrap();

    println!("steps 4 and 5 by the server's API, stand-ins over loopback HTTP, real keyring, {RUNS} runs");
    println!("(scripts/with-keyring.sh cargo run --release -p famsync-core --example bench_api)");
    println!("  requests, from the stand-ins' logs:");
    println!(
        "    Save on my server (first, creating): {}",
        apply_created.join(", ")
    );
    println!("    Save on my server ({n_apply}): {}", apply_routes.join(", "));
    println!(
        "    Sync license now ({n_sync}): {} (the server to the cloud, within the POST: {})",
        sync_routes.join(", "),
        cloud_routes.join(", ")
    );
    println!(
        "  {:<40} {:>9} {:>9} {:>14} {:>8}",
        "operation", "median", "p95", "bare (median)", "ratio"
    );
    for (name, op, base, n) in [
        (
            "Save on my server (api::apply_token)",
            &apply,
            &apply_bare,
            n_apply,
        ),
        ("Sync license now (api::sync)", &sync, &sync_bare, n_sync),
    ] {
        println!(
            "  {:<40} {:>6.2} ms {:>6.2} ms {:>3} = {:>5.2} ms {:>7.2}x",
            name,
            ms(median(op)),
            ms(p95(op)),
            n,
            ms(median(base)),
            ms(median(op)) / ms(median(base))
        );
    }
    println!(
        "  measured alone (medians): a keyring read {:.2} ms (two per operation), the sign-in's client {:.2} ms (one per operation), the stand-in server's client for the cloud {:.2} ms (one per sync)",
        ms(median(&keyring)),
        ms(median(&client)),
        ms(median(&standin))
    );
}

/// "Save on my server" as `famsync token apply` does it: a sign-in with the kept key, then step 4.
async fn save_on_server(
    inst: &famsync_core::Installation,
    data: &Path,
) -> famsync_core::Result<api::BillingSync> {
    let session = api::resume(inst, data).await?;
    api::apply_token(&session, ORG).await
}

/// "Sync license now" as `famsync sync` does it: a sign-in with the kept key, then step 5.
async fn sync_now(inst: &famsync_core::Installation, data: &Path) -> famsync_core::Result<api::Synced> {
    let session = api::resume(inst, data).await?;
    api::sync(&session, ORG).await
}
