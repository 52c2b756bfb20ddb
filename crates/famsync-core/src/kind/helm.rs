//! Kubernetes with Bitwarden's Helm chart (bitwarden/helm-charts `charts/self-host`): the
//! owner's values file holds `general.enableCloudCommunication` and `general.cloudRegion`, and
//! the chart's config map turns them into the server's settings (adding the EU URIs for
//! exactly `EU`). famsync edits only those two scalars (helm_values.rs) and reads the file as
//! the lines the config map gives the server, so status, the preview and the region checks are
//! the same as for the other kinds. The installation id and key are in the Kubernetes secret
//! named by `secrets.secretName`, not in the file.

use super::{Apply, Done, Licenses, Program, Release, Rules};
use crate::envfile::{EnvDoc, Snapshot};
use crate::error::{Error, Result};
use crate::helm_values;
use crate::host::Host;
use crate::install::Installation;
use crate::plan::{Action, PlanNote};
use crate::runner::ScriptCommand;
use std::path::{Path, PathBuf};

/// Where the chart mounts the licenses (`globalSettings__licenseDirectory` in its config map),
/// on its licenses volume.
const LICENSES: &str = "/etc/bitwarden/core/licenses";

pub struct Helm;

impl Rules for Helm {
    fn settings_file(&self, root: &Path) -> PathBuf {
        root.join("values.yaml")
    }

    /// Any YAML file the owner names: values files are called what the owner likes.
    fn is_settings_file(&self, path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")
    }

    fn id_missing(&self, path: &Path) -> Error {
        Error::InstallationIdInSecret { path: path.into() }
    }

    /// The chart's application logs volume (mounted at /etc/bitwarden/logs in the pods).
    fn logs_inside(&self) -> Option<&'static str> {
        Some("/etc/bitwarden/logs")
    }

    fn licenses(&self, _root: &Path) -> Licenses {
        Licenses::InCluster { path: LICENSES }
    }

    /// A file helm would not read shows no settings; writing to it is refused (see `edit`).
    fn view(&self, text: &str) -> EnvDoc {
        EnvDoc::parse(&super::helm_config_map::as_env_lines(text).unwrap_or_default())
    }

    fn edit(&self, snapshot: &Snapshot, action: Action) -> Result<(Vec<u8>, Vec<PlanNote>)> {
        let text = snapshot.text();
        let refused = |reason| Error::HelmValuesRefused {
            path: snapshot.path.clone(),
            reason,
        };
        let (enable, region) = match action {
            Action::Enable { region, .. } => (true, region.code().to_string()),
            // Off keeps the region the file names (the chart's default, US, when none).
            Action::Disable => {
                let current = helm_values::read(text).map_err(refused)?.region;
                let region = current.and_then(|r| r.as_str().map(String::from));
                (false, region.unwrap_or_else(|| "US".into()))
            }
        };
        let new = helm_values::set(text, enable, &region).map_err(refused)?;
        Ok((new.into_bytes(), Vec::new()))
    }

    /// `helm upgrade` of the owner's release with the values file over the values it runs
    /// with (`--reuse-values`: what was set at install with `--set` or another file stays), at
    /// the chart version it runs, then the rollout restart the chart needs: its pods carry no checksum of the
    /// config map, so running ones keep the old settings until restarted. Both in the owner's
    /// current kubectl context (named in the plan and pinned: a context switched meanwhile
    /// changes nothing), in the namespace the owner named.
    fn apply(&self, inst: &Installation, _command: ScriptCommand) -> Result<Apply> {
        let values = inst.env_file.clone();
        let Some(release) = inst.release.clone() else {
            return Err(Error::HelmReleaseNeeded { values });
        };
        if let Host::Ssh(_) = inst.host {
            return Err(by_hand(inst, &release));
        }
        // Asked as whoever runs the upgrade (its kubeconfig), after the same checks.
        let account = crate::runner::switch_for_file(&values)?;
        let ask = super::helm_release::Ask {
            account: account.as_ref(),
        };
        let context = ask.current_context()?;
        let version = ask.deployed_version(&release, &context)?;
        let (name, namespace) = (release.name.clone(), release.namespace.clone());
        let step = |program, args: Vec<String>, then| Apply {
            trusted: values.clone(),
            also_trusted: None,
            program: Program::OnPath(program),
            args,
            folder: inst.bwdata.clone(),
            done: Done::ExitZero,
            asks_root: false,
            then,
        };
        let mut restart = vec!["--context".to_string(), context.clone()];
        restart.extend(restart_args(&release));
        let restart = step("kubectl", restart, None);
        let values_arg = values.display().to_string();
        let upgrade = [
            "upgrade",
            &name,
            CHART_REF,
            "--kube-context",
            &context,
            "--namespace",
            &namespace,
            "--reuse-values",
            "--values",
            &values_arg,
            "--version",
            &version,
        ];
        let upgrade = upgrade.map(String::from).to_vec();
        Ok(step("helm", upgrade, Some(Box::new(restart))))
    }

    fn trusted(&self, inst: &Installation) -> Option<(PathBuf, Option<PathBuf>)> {
        inst.release.as_ref().map(|_| (inst.env_file.clone(), None))
    }

    fn runs(&self, inst: &Installation) -> Option<String> {
        inst.release
            .as_ref()
            .map(|_| "helm upgrade, kubectl rollout restart".into())
    }
}

/// The chart as Bitwarden's guide has the owner add its repository (`helm repo add bitwarden
/// https://charts.bitwarden.com/`).
const CHART_REF: &str = "bitwarden/self-host";

/// Every deployment of the release (the chart labels them `app.kubernetes.io/instance`).
fn restart_args(release: &Release) -> Vec<String> {
    let selector = format!("app.kubernetes.io/instance={}", release.name);
    [
        "rollout",
        "restart",
        "deployment",
        "--namespace",
        &release.namespace,
        "--selector",
        &selector,
    ]
    .map(String::from)
    .to_vec()
}

/// Over SSH, helm and kubectl are the owner's to run where their context is.
fn by_hand(inst: &Installation, release: &Release) -> Error {
    Error::ApplyByHand {
        command: format!(
            "helm upgrade {} {CHART_REF} --namespace {} --values {} --version <the deployed chart version>, then kubectl {}",
            release.name,
            release.namespace,
            inst.env_file.display(),
            restart_args(release).join(" ")
        ),
        folder: inst.bwdata.clone(),
    }
}
