//! Benchmark: editing a 10,000-line env file. Run with `make bench` or
//! `cargo run --release -p famsync-core --example bench_edit`.
//! Prints the median and p95 of (a) parse + enable-EU edit + serialize in memory and
//! (b) a preview (read, checks, plan and key-level diff, no write) and (c) the whole apply on disk: read, checks, backup, temp write, fsync, rename, fsync dir.

use famsync_core::envfile::EnvDoc;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{install, region};
use std::time::{Duration, Instant};

const LINES: usize = 10_000;
const RUNS: usize = 200;

fn big_env() -> String {
    let mut s = String::from("globalSettings__installation__id=9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c\n");
    s.push_str("globalSettings__baseServiceUri__cloudRegion=US\n");
    for i in 0..LINES - 2 {
        s.push_str(&format!(
            "globalSettings__custom__setting{i}=value-{i}-abcdefghijklmnop\n"
        ));
    }
    s
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() * 95 / 100])
}

fn main() {
    let text = big_env();
    let in_memory: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let mut doc = EnvDoc::parse(&text);
            doc.set(region::ENABLE, "true");
            doc.set(region::CLOUD_REGION, "EU");
            doc.set(region::IDENTITY_URI, &Region::Eu.identity_uri());
            doc.set(region::API_URI, &Region::Eu.api_uri());
            doc.set(region::PUSH_RELAY, &Region::Eu.push_uri());
            std::hint::black_box(doc.to_bytes());
            t.elapsed()
        })
        .collect();

    let dir = tempfile::tempdir().expect("temp dir");
    let bw = dir.path().join("bwdata");
    std::fs::create_dir_all(bw.join("env")).unwrap();
    let env = bw.join("env/global.override.env");
    let inst = install::open(&bw).unwrap();
    std::fs::write(&env, &text).unwrap();
    let preview: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(
                plan::preview(
                    &inst,
                    Action::Enable {
                        region: Region::Eu,
                        push_relay: false,
                    },
                )
                .unwrap(),
            );
            t.elapsed()
        })
        .collect();
    let on_disk: Vec<Duration> = (0..RUNS)
        .map(|i| {
            std::fs::write(&env, &text).unwrap();
            let action = if i % 2 == 0 {
                Action::Enable {
                    region: Region::Eu,
                    push_relay: false,
                }
            } else {
                Action::Disable
            };
            let t = Instant::now();
            plan::apply(&inst, action, None).unwrap();
            t.elapsed()
        })
        .collect();

    let (m1, p1) = stats(in_memory);
    let (m2, p2) = stats(on_disk);
    let (m3, p3) = stats(preview);
    println!(
        "env edit, {LINES} lines, {RUNS} runs (cargo run --release -p famsync-core --example bench_edit)"
    );
    println!(
        "  parse + edit + serialize   median {:>8.3} ms   p95 {:>8.3} ms",
        ms(m1),
        ms(p1)
    );
    println!(
        "  preview (read, checks, diff) median {:>6.3} ms   p95 {:>8.3} ms",
        ms(m3),
        ms(p3)
    );
    println!(
        "  full apply on disk (fsync) median {:>8.3} ms   p95 {:>8.3} ms",
        ms(m2),
        ms(p2)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
