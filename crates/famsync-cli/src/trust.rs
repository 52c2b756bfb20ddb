//! `famsync trust`: pin the server's own certificate by its fingerprint, forget the pin, or
//! show it. Pins apply to the installation's server host only, never to the cloud.

use crate::args::Cli;
use crate::commands::Failure;
use crate::locate;
use crate::messages::exit;
use famsync_core::install;
use famsync_core::trust;
use serde_json::json;

pub fn run(cli: &Cli, fingerprint: Option<&str>, forget: bool) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let data = locate::data_dir();
    let id = install::id_of(&inst)?;
    let (pin, text) = match (fingerprint, forget) {
        (_, true) => {
            trust::forget(&data, &id)?;
            (
                None,
                "famsync trusts no pinned certificate for this installation now.\n".to_string(),
            )
        }
        (Some(fp), false) => {
            let pin = trust::trust(&data, &inst, fp)?;
            let text = format!(
                "Trusted for {}, this certificate only:\n  SHA-256 {}\nSee it pass with: famsync check\n",
                pin.host, pin.sha256
            );
            (Some(pin), text)
        }
        (None, false) => {
            let pin = trust::pinned(&data, &id);
            let text = match &pin {
                Some(p) => format!("Trusted for {}:\n  SHA-256 {}\nForget it with: famsync trust --forget\n", p.host, p.sha256),
                None => "No certificate is pinned for this installation: famsync trusts what this machine trusts.\n".into(),
            };
            (pin, text)
        }
    };
    if cli.global.json {
        println!("{}", json!({ "trusted": pin }));
    } else {
        print!("{text}");
    }
    Ok(exit::OK)
}
