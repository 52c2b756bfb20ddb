//! TLS for every request famsync makes. Certificates are verified against the machine's own
//! trust roots (so a private CA the admin installed is trusted, as by every other tool there).
//! On top of that the owner may pin one certificate of their own server: a pin is a SHA-256
//! fingerprint for one host. It never switches verification off, and no other host is affected.
//! When a certificate is refused, the verifier remembers what it saw, so the failure can name
//! the problem (self-signed, unknown authority, expired, wrong name) and the fingerprint.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One certificate the owner trusts for one host (their self-hosted server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pin {
    /// Lower-case host name or IP address, without port.
    pub host: String,
    /// SHA-256 of the certificate's DER, as `AB:CD:…` (what `openssl x509 -fingerprint -sha256` prints).
    pub sha256: String,
}

/// Why a certificate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CertProblem {
    /// Issued by itself: Bitwarden's installer offers to make one.
    SelfSigned,
    /// Issued by an authority this machine does not trust: a private CA, or a missing intermediate.
    UnknownIssuer,
    Expired,
    NotYetValid,
    /// Valid, but not for the host name in the URL.
    WrongName,
    Other,
}

/// The certificate a host presented and why it was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Presented {
    pub host: String,
    pub sha256: String,
    pub problem: CertProblem,
}

/// What the verifier refused, by host (shared with the client that made the request), and
/// the pinned certificates it accepted although they have expired (host → their notAfter).
#[derive(Debug, Default)]
pub struct Refusals {
    refused: Mutex<HashMap<String, Presented>>,
    expired_pins: Mutex<HashMap<String, String>>,
}

impl Refusals {
    pub fn of(&self, host: &str) -> Option<Presented> {
        lock(&self.refused).get(&host.to_ascii_lowercase()).cloned()
    }

    /// When the pinned certificate `host` presented had expired: its notAfter (RFC 3339).
    pub fn expired_pin(&self, host: &str) -> Option<String> {
        lock(&self.expired_pins).get(&host.to_ascii_lowercase()).cloned()
    }

    fn record(&self, presented: Presented) {
        lock(&self.refused).insert(presented.host.clone(), presented);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The certificate's notAfter (RFC 3339) when it is before `now`; None when it is still valid
/// or cannot be read (the pin is exact either way: this only says so).
fn expired_at(der: &CertificateDer<'_>, now: UnixTime) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let not_after = cert.validity().not_after.timestamp();
    if not_after >= now.as_secs() as i64 {
        return None;
    }
    chrono::DateTime::from_timestamp(not_after, 0).map(|t| t.to_rfc3339())
}

/// `AB:CD:…`, the form browsers and openssl show.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    let hex: Vec<String> = digest.iter().map(|b| format!("{b:02X}")).collect();
    hex.join(":")
}

/// Accepts `AB:CD:…`, `abcd…` or `sha256 Fingerprint=AB:…` (openssl's output) and returns the
/// canonical form, or None when it is not a SHA-256 fingerprint.
pub fn normalize_fingerprint(text: &str) -> Option<String> {
    let text = text.rsplit('=').next().unwrap_or(text);
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Vec<String> = hex
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect();
    Some(bytes.join(":"))
}

/// A rustls configuration with the machine's roots and the owner's `pin`, and where its
/// refusals go.
pub fn config(pin: Option<&Pin>) -> (rustls::ClientConfig, Arc<Refusals>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let refused = Arc::new(Refusals::default());
    let verifier = Verifier {
        roots: system_roots(&provider),
        pin: pin.cloned(),
        refused: refused.clone(),
        provider: provider.clone(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .dangerous() // a custom verifier: it verifies, and adds only the owner's pins
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    (config, refused)
}

/// None when the machine trusts no authority at all (then only pinned certificates pass).
fn system_roots(provider: &Arc<CryptoProvider>) -> Option<Arc<WebPkiServerVerifier>> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .ok()
}

#[derive(Debug)]
struct Verifier {
    roots: Option<Arc<WebPkiServerVerifier>>,
    pin: Option<Pin>,
    refused: Arc<Refusals>,
    provider: Arc<CryptoProvider>,
}

impl Verifier {
    fn pinned(&self, host: &str, sha256: &str) -> bool {
        self.pin
            .as_ref()
            .is_some_and(|p| p.host.eq_ignore_ascii_case(host) && p.sha256 == sha256)
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let verdict = match &self.roots {
            Some(roots) => roots.verify_server_cert(end_entity, intermediates, server_name, ocsp, now),
            None => Err(TlsError::InvalidCertificate(CertificateError::UnknownIssuer)),
        };
        let Err(err) = verdict else {
            return verdict;
        };
        let host = server_name.to_str().to_ascii_lowercase();
        let sha256 = fingerprint(end_entity);
        if self.pinned(&host, &sha256) {
            // The pin stays exact (the owner chose this very certificate), but an expired one
            // is said: browsers refuse it, and it is time to renew it.
            if let Some(not_after) = expired_at(end_entity, now) {
                lock(&self.refused.expired_pins).insert(host, not_after);
            }
            return Ok(ServerCertVerified::assertion());
        }
        let problem = problem_of(&err, end_entity);
        self.refused.record(Presented {
            host,
            sha256,
            problem,
        });
        Err(err)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Self-signed wins over the other reasons: it is what the owner has to decide about.
fn problem_of(err: &TlsError, cert: &CertificateDer<'_>) -> CertProblem {
    if self_signed(cert) {
        return CertProblem::SelfSigned;
    }
    let TlsError::InvalidCertificate(reason) = err else {
        return CertProblem::Other;
    };
    match reason {
        CertificateError::UnknownIssuer => CertProblem::UnknownIssuer,
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => CertProblem::Expired,
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            CertProblem::NotYetValid
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            CertProblem::WrongName
        }
        _ => CertProblem::Other,
    }
}

fn self_signed(cert: &CertificateDer<'_>) -> bool {
    webpki::EndEntityCert::try_from(cert).is_ok_and(|c| c.issuer() == c.subject())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_read_in_every_common_form() {
        let canonical = fingerprint(b"certificate");
        assert_eq!(canonical.len(), 95);
        let plain = canonical.replace(':', "").to_ascii_lowercase();
        assert_eq!(normalize_fingerprint(&plain).as_deref(), Some(canonical.as_str()));
        let openssl = format!("sha256 Fingerprint={canonical}");
        assert_eq!(
            normalize_fingerprint(&openssl).as_deref(),
            Some(canonical.as_str())
        );
        assert_eq!(normalize_fingerprint("AB:CD"), None);
        assert_eq!(normalize_fingerprint(&"zz".repeat(32)), None);
    }
}
