//! The CLI's words for check results: what was checked, what happened, and what to do.

use famsync_core::cloud::{Check, CheckId, CheckResult, CloudHosts};
use famsync_core::http::{HttpFailure, Stage};
use famsync_core::kind::Kind;
use famsync_core::server::{ServerReport, ServerWarning};
use famsync_core::tls::CertProblem;

pub struct Line {
    pub status: &'static str,
    pub message: String,
    pub fix: Option<String>,
}

fn ok(message: String) -> Line {
    Line {
        status: "ok",
        message,
        fix: None,
    }
}

fn fail(message: String, fix: String) -> Line {
    Line {
        status: "FAIL",
        message,
        fix: Some(fix),
    }
}

fn what(id: CheckId, hosts: &CloudHosts) -> String {
    match id {
        CheckId::ApiReachable => format!("reach {}", hosts.api),
        CheckId::IdentityReachable => format!("reach {}", hosts.identity),
        CheckId::PushReachable => format!("reach {}", hosts.push),
        CheckId::InstallationId => "installation id known to this region".into(),
        CheckId::InstallationKey => "installation key accepted".into(),
    }
}

pub fn cloud_line(check: &Check, hosts: &CloudHosts) -> Line {
    let what = what(check.id, hosts);
    match &check.result {
        CheckResult::Ok => ok(what),
        CheckResult::Unreachable { failure } => unreachable(&what, failure, Side::Cloud),
        CheckResult::InstallationUnknown { region, belongs_to: Some(other) } => fail(
            format!("{what}: no. This installation id belongs to the {other} cloud, not {region}."),
            format!("Choose the {other} region: famsync enable --region {}", other.to_lowercase()),
        ),
        CheckResult::InstallationUnknown { region, belongs_to: None } => fail(
            format!("{what}: no. Neither the {region} cloud nor the other region knows this installation id."),
            "Compare globalSettings__installation__id with the id you got from bitwarden.com/host (or bitwarden.eu/host).".into(),
        ),
        CheckResult::InstallationDisabled { region } => fail(
            format!("{what}: it is disabled in the {region} cloud."),
            "Contact Bitwarden support, or request a new id and key at bitwarden.com/host.".into(),
        ),
        CheckResult::KeyRejected { region } => fail(
            format!("{what}: no, the {region} cloud answered invalid_client."),
            "The key is wrong, or the id and key come from the other region. Compare globalSettings__installation__key (Bitwarden lite: BW_INSTALLATION_KEY) with the key you got with the id.".into(),
        ),
        CheckResult::KeyCheckedRecently { again_in_secs } => Line {
            status: "wait",
            message: format!("{what}: accepted less than a minute ago, not asked again (the cloud limits how often)."),
            fix: Some(format!("Run famsync check again in {again_in_secs} s for a fresh answer.")),
        },
        CheckResult::KeyRateLimited { again_in_secs } => Line {
            status: "wait",
            message: format!("{what}: not answered, the cloud limits token requests from this address (10 a minute)."),
            fix: Some(format!("Run famsync check again in {again_in_secs} s.")),
        },
        CheckResult::KeyMissing => fail(
            format!("{what}: there is no installation key in the env file."),
            "Add globalSettings__installation__key (Bitwarden lite: BW_INSTALLATION_KEY), the key you got with the id from bitwarden.com/host.".into(),
        ),
    }
}

/// Which end could not be reached: the advice differs.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Cloud,
    Server,
}

fn unreachable(what: &str, f: &HttpFailure, side: Side) -> Line {
    let host = f.url.split('/').nth(2).unwrap_or(&f.url).to_string();
    let (stage, fix) = match f.stage {
        Stage::Dns => ("DNS", format!("This machine cannot resolve {host}: check its DNS settings.")),
        Stage::Connect if side == Side::Server => (
            "connect",
            format!("Nothing answers at {host}: is Bitwarden running (famsync start)? Can this machine reach it?"),
        ),
        Stage::Connect => (
            "connect",
            format!("Allow outbound HTTPS (port 443) from this server to {host}: a firewall or proxy blocks it (HTTPS_PROXY and NO_PROXY are honoured)."),
        ),
        Stage::Tls => ("TLS", tls_fix(&host, f, side)),
        Stage::Timeout if side == Side::Server => (
            "timeout",
            format!("{host} did not answer in time: is it starting or overloaded (famsync status), or is a firewall dropping the traffic?"),
        ),
        Stage::Timeout => ("timeout", format!("{host} did not answer in time: a firewall may be dropping the traffic.")),
        Stage::Http if side == Side::Server => (
            "HTTP status",
            format!("{host} answered with an error, not Bitwarden's api: is its reverse proxy forwarding /api and /identity, and is Bitwarden up (famsync status)?"),
        ),
        Stage::Http => ("HTTP status", format!("{host} answered with an error: try again later, and check status.bitwarden.com.")),
        Stage::Body => ("answer", format!("Something other than Bitwarden answered for {host}: a proxy or captive portal may be in the way.")),
    };
    let status = f.status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
    let cert = f
        .certificate
        .as_ref()
        .map(|c| format!("\n        {}", problem(c.problem)))
        .unwrap_or_default();
    fail(
        format!("{what}: failed at {stage}{status} ({}){cert}", f.url),
        fix,
    )
}

/// A request to the server's own API that failed (`server_request_failed`): what and the fix.
pub fn server_request(f: &HttpFailure) -> (String, String) {
    let line = unreachable("The server's API", f, Side::Server);
    (line.message, line.fix.unwrap_or_default())
}

fn problem(p: CertProblem) -> &'static str {
    match p {
        CertProblem::SelfSigned => "The certificate is self-signed.",
        CertProblem::UnknownIssuer => "The certificate was issued by an authority this machine does not trust (a private CA, or a missing intermediate).",
        CertProblem::Expired => "The certificate has expired.",
        CertProblem::NotYetValid => "The certificate is not valid yet: check the clocks.",
        CertProblem::WrongName => "The certificate is not for this host name.",
        CertProblem::Other => "The certificate was refused.",
    }
}

/// Your own server's certificate may be trusted by fingerprint; the cloud's never is.
fn tls_fix(host: &str, f: &HttpFailure, side: Side) -> String {
    match (&f.certificate, side) {
        (Some(c), Side::Server) => format!(
            "If this is your server's certificate, compare SHA-256 {} with\n        openssl x509 -noout -fingerprint -sha256 -in bwdata/ssl/<your domain>/certificate.crt\n        on the server; then trust exactly this certificate for {}: famsync trust {}",
            c.sha256, c.host, c.sha256
        ),
        (None, Side::Server) => format!("{host} does not speak HTTPS here: check the URL in config.yml (http:// or https://, and the port)."),
        (_, Side::Cloud) => format!("This machine does not trust the certificate {host} presents: a TLS-inspecting proxy? Install its CA in the system's trust store (update-ca-certificates)."),
    }
}

pub fn server_lines(r: &ServerReport, kind: Kind) -> Vec<Line> {
    let mut out = vec![match &r.alive_error {
        None => ok("/api/alive answers".into()),
        Some(f) => unreachable("/api/alive", f, Side::Server),
    }];
    out.push(match (&r.config, &r.config_error) {
        (Some(c), _) => ok(format!(
            "/api/config: version {}, region {}",
            c.version,
            c.cloud_region.as_deref().unwrap_or("not reported")
        )),
        (None, Some(f)) => unreachable("/api/config", f, Side::Server),
        (None, None) => ok("/api/config".into()),
    });
    out.extend(r.warnings.iter().map(|w| warning(w, kind)));
    out
}

fn warning(w: &ServerWarning, kind: Kind) -> Line {
    let (message, fix) = warning_words(w, kind);
    Line {
        status: "warn",
        message,
        fix: Some(fix),
    }
}

/// What is wrong, and what to do, for a server warning on an installation of `kind`.
pub fn warning_words(w: &ServerWarning, kind: Kind) -> (String, String) {
    match w {
        ServerWarning::TooOldForSponsorships { version, minimum } => (
            format!("server version {version} is older than {minimum}: it has no Families sponsorships."),
            "Back up bwdata, then update: ./bitwarden.sh updateself && ./bitwarden.sh update".to_string(),
        ),
        ServerWarning::TooOldForSyncLicense { version, minimum } => (
            format!("server version {version} is older than {minimum}: no \"Sync license\" button."),
            "Use the System Administrator Portal's Manually Sync, or update the server.".to_string(),
        ),
        ServerWarning::RegionNotReported { version } => (
            format!("server version {version} does not report its cloud region."),
            "famsync cannot confirm the region from outside; update the server to 2023.8 or later."
                .to_string(),
        ),
        ServerWarning::RegionMismatch { expected, reported } => (
            format!("the running server uses region {reported}, the settings name {expected}."),
            match kind {
                // bitwarden/self-host bitwarden-lite: env_file is read when the container is
                // created, and `restart` keeps the container.
                Kind::Lite => "The container still runs with the settings it was created with (docker compose restart does not read settings.env again): famsync restart, which runs docker compose up -d".to_string(),
                _ => "The server has not loaded the settings yet: famsync restart".to_string(),
            },
        ),
        ServerWarning::PinnedCertificateExpired { host, not_after } => (
            format!("the certificate you trusted for {host} expired on {not_after}: famsync still accepts it (it is the one you pinned), browsers do not."),
            "Renew the server's certificate (bwdata/ssl), then trust the new one: famsync trust <fingerprint>".to_string(),
        ),
    }
}
