//! The loopback cloud and server stand-ins the network cases pick from.

use crate::case::{CloudIs, ServerIs};
use crate::common::INSTALL_ID;
use crate::support::cloud_standin::{knowing, Cloud, CloudStandin, Fault};
use crate::support::server_standin::{refused_base, Behaviour, Standin};
use crate::support::tls_standin::self_signed;
use std::collections::HashMap;

const KEY: &str = "FIXTUREinstallationKey";

/// The loopback stand-ins every network case picks from, started once; any kind not here is
/// a closed port.
pub struct Nets {
    clouds: HashMap<CloudIs, CloudStandin>,
    servers: HashMap<ServerIs, Standin>,
    pub refused: String,
}

impl Nets {
    pub async fn start() -> Nets {
        let faulty = |fault| Cloud {
            fault: Some(fault),
            ..Cloud::default()
        };
        let mut clouds = HashMap::new();
        for (kind, cloud) in [
            (CloudIs::Reset, faulty(Fault::Reset)),
            (CloudIs::Unavailable, faulty(Fault::Status(503))),
            (CloudIs::KnowsOtherKey, knowing(INSTALL_ID, true, "anotherKey")),
            (CloudIs::IdDisabled, knowing(INSTALL_ID, false, KEY)),
            (CloudIs::IdUnknown, Cloud::default()),
            (CloudIs::Knows, knowing(INSTALL_ID, true, KEY)),
        ] {
            clouds.insert(kind, CloudStandin::start(cloud).await);
        }
        let bitwarden = |version: &str| Behaviour::Bitwarden {
            version: version.into(),
            region: Some("US".into()),
        };
        let mut servers = HashMap::new();
        for (kind, behaviour) in [
            (ServerIs::BadGateway, Behaviour::Status(502)),
            (ServerIs::NotBitwarden, Behaviour::NotBitwarden),
            (ServerIs::TooOld, bitwarden("2022.1.0")),
            (ServerIs::Healthy, bitwarden("2026.8.0")),
        ] {
            servers.insert(kind, Standin::start(behaviour).await);
        }
        let tls = Some(self_signed("127.0.0.1").acceptor());
        let signed = Standin::start_with(bitwarden("2026.8.0"), tls).await;
        servers.insert(ServerIs::SelfSigned, signed);
        let refused = refused_base().await;
        Nets {
            clouds,
            servers,
            refused,
        }
    }

    pub fn cloud(&self, which: CloudIs) -> &str {
        self.clouds.get(&which).map_or(&self.refused, |s| &s.base)
    }

    pub fn server(&self, which: ServerIs) -> &str {
        self.servers.get(&which).map_or(&self.refused, |s| &s.base)
    }
}
