//! Benchmark: the cloud preflight is concurrent. Every stand-in host answers after 200 ms; the
//! whole preflight (5 checks) should take about as long as its slowest single check, and a hung
//! host should cost no more than the timeout. Run with `make bench` or
//! `cargo run --release -p famsync-core --example bench_preflight`.

#[path = "../tests/support/mod.rs"]
mod support;
use famsync_core::cloud::{self, CloudHosts, Clouds, Identity};
use famsync_core::region::Region;
use std::time::{Duration, Instant};
use support::cloud_standin::{knowing, Cloud, CloudStandin, Fault};

const ID: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
const KEY: &str = "benchmark-key";
/// As many as the stand-in identity answers in a minute: like the cloud's, it refuses the 11th
/// token request (429), which the preflight then reports, rightly, as not passed.
const RUNS: usize = 10;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let us = CloudStandin::start(knowing(ID, true, KEY)).await;
    let eu = CloudStandin::start(Cloud::default()).await;
    let clouds = Clouds {
        us: CloudHosts::standin(&us.base),
        eu: CloudHosts::standin(&eu.base),
    };
    us.set_fault(Some(Fault::Slow(Duration::from_millis(200))));
    let client = famsync_core::http::client(Duration::from_secs(2));
    let who = Identity {
        installation_id: ID,
        key: Some(KEY),
        last_key_check: None,
    };

    let mut single = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let _ = client
            .get(format!("{}/installations/{ID}", clouds.us.api))
            .send()
            .await;
        single.push(t.elapsed());
        let t = Instant::now();
        let p = cloud::preflight(&client, &clouds, Region::Us, &who).await;
        whole.push(t.elapsed());
        assert!(p.checks.iter().all(|c| c.passed()), "{p:?}");
    }
    let (s, w) = (median(single), median(whole));
    println!("cloud preflight, every host answering after 200 ms, {RUNS} runs (cargo run --release -p famsync-core --example bench_preflight)");
    println!("  slowest single check   median {:>7.1} ms", ms(s));
    println!(
        "  whole preflight (5)    median {:>7.1} ms   = {:.2}x the single check",
        ms(w),
        ms(w) / ms(s)
    );

    us.set_fault(Some(Fault::Hang));
    let timeout = Duration::from_secs(1);
    let client = famsync_core::http::client(timeout);
    let t = Instant::now();
    let _ = cloud::preflight(&client, &clouds, Region::Us, &who).await;
    println!(
        "  with a hung host, timeout {} ms: {:>7.1} ms",
        timeout.as_millis(),
        ms(t.elapsed())
    );
}
