//! Applying a Helm values file: `famsync restart --release R --namespace N` asks the owner's
//! helm which chart version the release runs, upgrades it with the values file at that
//! version (never a newer chart), then restarts its deployments (the chart's pods carry no
//! checksum of the config map), and checks the server. Against the stand-in helm and kubectl
//! (tests/standin/helm, kubectl: a cluster whose pods read the config map when they start)
//! and the loopback server stand-in following them.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::server_standin::{Behaviour, Standin};

/// A values file, the owner's helm and kubectl (the stand-ins), and a cluster running the
/// release "bitwarden" of chart 2.4.0 in namespace "vault".
struct Cluster {
    _dir: tempfile::TempDir,
    values: PathBuf,
    bin: tempfile::TempDir,
    k8s: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Cluster {
    fn new() -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let values = dir.path().join("my-values.yaml");
        fs::copy(fixtures_dir().join("helm/my-values.yaml"), &values).unwrap();
        let c = Cluster {
            values: values.canonicalize().unwrap(),
            _dir: dir,
            bin: tempfile::tempdir().unwrap(),
            k8s: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        for tool in ["helm", "kubectl"] {
            let to = c.bin.path().join(tool);
            fs::copy(fixtures_dir().join("../standin").join(tool), &to).unwrap();
            common::modes::set_mode(&to, 0o755);
        }
        fs::create_dir(c.k8s.path().join("vault")).unwrap();
        fs::write(c.release(), "2.4.0 1\n").unwrap();
        // Set at install with --set: an upgrade must keep it.
        fs::write(
            c.k8s.path().join("vault/bitwarden.set"),
            "secrets.secretName=bw-secrets\n",
        )
        .unwrap();
        fs::write(c.k8s.path().join("context"), "prod-eu\n").unwrap();
        c
    }

    fn release(&self) -> PathBuf {
        self.k8s.path().join("vault/bitwarden.release")
    }

    fn served(&self) -> PathBuf {
        self.k8s.path().join("served.env")
    }

    fn calls(&self) -> String {
        fs::read_to_string(self.k8s.path().join("calls")).unwrap_or_default()
    }

    async fn famsync(&self, args: &[&str], server: &str) -> Run {
        let path = format!("{}:{}", self.bin.path().display(), std::env::var("PATH").unwrap());
        let mut cmd = Command::new(bin());
        cmd.args(args)
            .arg("--bwdata")
            .arg(&self.values)
            .env("PATH", path)
            .env("STANDIN_K8S", self.k8s.path())
            .env("STANDIN_STATE", self.served())
            .env("FAMSYNC_SERVER_URL", server)
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("FAMSYNC_DATA_DIR", self.home.path().join("data/famsync"))
            .env_remove("FAMSYNC_BWDATA")
            .stdin(Stdio::null());
        tokio::task::spawn_blocking(move || cmd.output().unwrap().into())
            .await
            .unwrap()
    }
}

const NAMED: [&str; 4] = ["--release", "bitwarden", "--namespace", "vault"];

#[tokio::test(flavor = "multi_thread")]
async fn restart_upgrades_the_release_at_its_chart_version_then_restarts_its_pods() {
    let c = Cluster::new();
    let server = Standin::start(Behaviour::Follows(c.served())).await;
    let enable = c
        .famsync(&["enable", "--region", "eu", "--yes"], &server.base)
        .await;
    assert_eq!(enable.code, 0, "{}", enable.stderr);
    let args = [&["restart", "--yes", "--wait", "20"][..], &NAMED].concat();
    let r = c.famsync(&args, &server.base).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let values = c.values.display();
    let upgrade = format!(
        "helm upgrade bitwarden bitwarden/self-host --kube-context prod-eu --namespace vault --reuse-values --values {values} --version 2.4.0"
    );
    let restart = "kubectl --context prod-eu rollout restart deployment --namespace vault --selector app.kubernetes.io/instance=bitwarden";
    says(
        &r.stdout,
        &[
            &format!("\n  {upgrade}\n  then {restart}\n"),
            "Release \"bitwarden\" has been upgraded.",
            "deployment.apps/bitwarden-self-host-api restarted",
            "is up: version 2026.8.0, region EU.",
        ],
    );
    let calls: Vec<String> = c.calls().lines().map(String::from).collect();
    assert_eq!(
        calls,
        [
            "kubectl config current-context".to_string(),
            "helm list --kube-context prod-eu --namespace vault --filter ^bitwarden$ --output json"
                .to_string(),
            upgrade,
            restart.to_string(),
        ]
    );
    // The values changed; the chart did not, nor what was set at install.
    assert_eq!(fs::read_to_string(c.release()).unwrap(), "2.4.0 2\n");
    let set = fs::read_to_string(c.k8s.path().join("vault/bitwarden.set")).unwrap();
    assert_eq!(set, "secrets.secretName=bw-secrets\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_current_kubectl_context_nothing_is_asked_or_run() {
    let c = Cluster::new();
    fs::remove_file(c.k8s.path().join("context")).unwrap();
    let args = [&["restart", "--yes", "--json"][..], &NAMED].concat();
    let r = c.famsync(&args, "http://127.0.0.1:9").await;
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "kube_context_missing");
    assert_eq!(c.calls(), "kubectl config current-context\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_values_file_is_applied_only_to_a_release_the_owner_names() {
    let c = Cluster::new();
    let r = c
        .famsync(&["restart", "--yes", "--json"], "http://127.0.0.1:9")
        .await;
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "helm_release_needed");
    let words = c.famsync(&["restart", "--yes"], "http://127.0.0.1:9").await;
    says(
        &words.stderr,
        &["--release NAME --namespace NAMESPACE", "never another"],
    );
    assert_eq!(c.calls(), "", "helm or kubectl ran");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_that_is_not_there_changes_nothing() {
    let c = Cluster::new();
    let args = [
        "restart",
        "--yes",
        "--json",
        "--release",
        "bitwarden",
        "--namespace",
        "other",
    ];
    let r = c.famsync(&args, "http://127.0.0.1:9").await;
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "helm_release_not_found");
    assert!(!c.calls().contains("upgrade"), "{}", c.calls());
    assert!(!Path::new(&c.k8s.path().join("vault/bitwarden.values")).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_consent_nothing_runs_but_the_question_names_both_commands() {
    let c = Cluster::new();
    let args = [&["restart"][..], &NAMED].concat();
    let r = c.famsync(&args, "http://127.0.0.1:9").await;
    assert_eq!(r.code, 7, "{}{}", r.stdout, r.stderr);
    says(
        &r.stdout,
        &[
            "\n  helm upgrade bitwarden",
            "\n  then kubectl --context prod-eu rollout restart",
        ],
    );
    assert!(!c.calls().contains("upgrade"), "{}", c.calls());
    assert_eq!(fs::read_to_string(c.release()).unwrap(), "2.4.0 1\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_whose_last_upgrade_failed_is_not_upgraded_again() {
    let c = Cluster::new();
    fs::write(c.release(), "2.5.0 2 failed\n").unwrap();
    let args = [&["restart", "--yes", "--json"][..], &NAMED].concat();
    let r = c.famsync(&args, "http://127.0.0.1:9").await;
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "helm_release_not_found");
    assert_eq!(r.json()["error"]["said"], "its status is failed");
    assert!(!c.calls().contains("upgrade"), "{}", c.calls());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_name_helm_could_read_as_an_option_is_refused() {
    let c = Cluster::new();
    let args = [
        "restart",
        "--yes",
        "--release=--post-renderer=x",
        "--namespace",
        "vault",
    ];
    let r = c.famsync(&args, "http://127.0.0.1:9").await;
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    says(&r.stderr, &["a Kubernetes name"]);
    assert_eq!(c.calls(), "", "helm or kubectl ran");
}
