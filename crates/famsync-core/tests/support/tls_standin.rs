//! Certificates for the HTTPS stand-ins, generated per run (rcgen): a self-signed one, as
//! Bitwarden's installer makes, and a private CA that issues good, expired and misnamed ones.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

/// A certificate and its key, ready to serve.
pub struct Identity {
    pub der: CertificateDer<'static>,
    key: Vec<u8>,
}

impl Identity {
    pub fn acceptor(&self) -> TlsAcceptor {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()));
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![self.der.clone()], key)
            .unwrap();
        TlsAcceptor::from(Arc::new(config))
    }

    pub fn fingerprint(&self) -> String {
        famsync_core::tls::fingerprint(&self.der)
    }
}

/// Self-signed for `host`, like `openssl req -x509` in Bitwarden's installer.
pub fn self_signed(host: &str) -> Identity {
    let key = KeyPair::generate().unwrap();
    let cert = params(host).self_signed(&key).unwrap();
    identity(&cert, &key)
}

pub struct Ca {
    cert: Certificate,
    key: KeyPair,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name.push(DnType::CommonName, name);
        let cert = p.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    pub fn issue(&self, host: &str) -> Identity {
        self.sign(params(host))
    }

    pub fn issue_expired(&self, host: &str) -> Identity {
        let mut p = params(host);
        p.not_before = rcgen::date_time_ymd(2020, 1, 1);
        p.not_after = rcgen::date_time_ymd(2021, 1, 1);
        self.sign(p)
    }

    fn sign(&self, p: CertificateParams) -> Identity {
        let key = KeyPair::generate().unwrap();
        let cert = p.signed_by(&key, &self.cert, &self.key).unwrap();
        identity(&cert, &key)
    }
}

fn params(host: &str) -> CertificateParams {
    let mut p = CertificateParams::new(vec![host.to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, host);
    p
}

fn identity(cert: &Certificate, key: &KeyPair) -> Identity {
    Identity {
        der: cert.der().clone(),
        key: key.serialize_der(),
    }
}
