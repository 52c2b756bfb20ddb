//! `famsync check`: the cloud preflight and the server check, at once, read-only.

use crate::args::Cli;
use crate::check_words::{cloud_line, server_lines, Line};
use crate::commands::{block_on, Failure};
use crate::locate;
use crate::messages::exit;
use famsync_core::cloud::{Clouds, Preflight};
use famsync_core::install::installation_id;
use famsync_core::keycheck;
use famsync_core::kind::Kind;
use famsync_core::readiness::{self, Readiness};
use famsync_core::region::{self, Region};
use famsync_core::server::ServerReport;
use famsync_core::Installation;
use serde_json::json;

pub fn run(cli: &Cli, region: Option<Region>) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let clouds = Clouds::from_env();
    let r = readiness(&inst, region, &clouds)?;
    let code = if r.passed() { exit::OK } else { exit::CHECK_FAILED };
    if cli.global.json {
        let out = json!({ "cloud": r.cloud, "server": r.server, "exit_code": code });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print!(
            "{}",
            crate::render::visible(&report(&r.cloud, r.server.as_ref(), &clouds, inst.kind))
        );
    }
    Ok(code)
}

/// The preflight for `region` (default: the one the settings name), honouring the owner's pin
/// and the cloud's last answer about the key (keycheck.rs). Also used by `famsync report`.
pub fn readiness(inst: &Installation, region: Option<Region>, clouds: &Clouds) -> Result<Readiness, Failure> {
    let snapshot = inst.read_env()?;
    let doc = inst.kind.view(&snapshot.bytes);
    let id = installation_id(&doc, &inst.env_file)?;
    let region = match region {
        Some(r) => r,
        None => region::served(&region::read_state(&doc))?,
    };
    let url = famsync_core::server::url_override();
    let r = block_on(readiness::check(
        inst,
        region,
        clouds,
        url.as_deref(),
        famsync_core::trust::pinned(&locate::data_dir(), &id).as_ref(),
        keycheck::remembered(&locate::data_dir(), &id),
    ))?;
    if let Some(answer) = &r.cloud.asked {
        // Not kept only means the cloud is asked again next time.
        let _ = keycheck::remember(&locate::data_dir(), &id, answer);
    }
    Ok(r)
}

fn report(p: &Preflight, server: Option<&ServerReport>, clouds: &Clouds, kind: Kind) -> String {
    let mut out = String::new();
    if clouds.us.overridden || clouds.eu.overridden {
        out.push_str(
            "NOTE: stand-in cloud hosts from FAMSYNC_CLOUD_US / FAMSYNC_CLOUD_EU, not Bitwarden's.\n",
        );
    }
    out.push_str(&format!(
        "Bitwarden cloud, {} region ({}, {}, {})\n",
        p.region.code(),
        p.hosts.api,
        p.hosts.identity,
        p.hosts.push
    ));
    let lines: Vec<Line> = p.checks.iter().map(|c| cloud_line(c, &p.hosts)).collect();
    push_lines(&mut out, &lines);
    match server {
        Some(s) => {
            out.push_str(&format!("\nYour server ({})\n", s.url));
            push_lines(&mut out, &server_lines(s, kind));
        }
        None => out.push_str("\nYour server: no URL in config.yml, so not checked.\n"),
    }
    out
}

/// Each line, and its fix unless the line above already gave the same one.
fn push_lines(out: &mut String, lines: &[Line]) {
    let mut last_fix: Option<&str> = None;
    for l in lines {
        out.push_str(&format!("  {:<5} {}\n", l.status, l.message));
        if let Some(fix) = l.fix.as_deref().filter(|f| Some(*f) != last_fix) {
            out.push_str(&format!("        {fix}\n"));
        }
        last_fix = l.fix.as_deref();
    }
}
