//! The Helm release a values file is applied to, asked of the owner's own tools before
//! anything is changed: the kubectl context they use now (the plan names it and pins every
//! command to it), and which chart version the release runs. `helm upgrade` without
//! `--version` takes the newest chart in the local repository cache, which would upgrade
//! Bitwarden along with the two values; with the deployed version, only the values change.

use super::Release;
use crate::error::{Error, Result};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Bitwarden's chart (bitwarden/helm-charts charts/self-host/Chart.yaml `name`).
pub const CHART: &str = "self-host";
/// `helm list` prints a few hundred bytes per release; famsync reads at most this much.
const MAX_OUTPUT: u64 = 1024 * 1024;
/// helm asks the cluster; an unreachable one is given this long.
const WAIT: Duration = Duration::from_secs(60);

/// Asking the owner's tools, as the account the apply runs as (its kubeconfig and HOME).
pub struct Ask<'a> {
    pub account: Option<&'a crate::runner::Account>,
}

impl Ask<'_> {
    /// The owner's current kubectl context (`kubectl config current-context`).
    pub fn current_context(&self) -> Result<String> {
        let (ok, out, err) = self.output("kubectl", &["config", "current-context"])?;
        let context = String::from_utf8_lossy(&out).trim().to_string();
        if ok && !context.is_empty() {
            return Ok(context);
        }
        Err(Error::KubeContextMissing {
            said: first_line(&err),
        })
    }

    /// The chart version `release` runs in `context` (from `helm list --output json`: `"chart":
    /// "self-host-2.4.0"`).
    pub fn deployed_version(&self, release: &Release, context: &str) -> Result<String> {
        let filter = format!("^{}$", release.name.replace('.', "\\."));
        let namespace = release.namespace.as_str();
        let args = [
            "list",
            "--kube-context",
            context,
            "--namespace",
            namespace,
            "--filter",
            &filter,
            "--output",
            "json",
        ];
        let (ok, out, err) = self.output("helm", &args)?;
        let not_found = |chart: Option<String>, said: Option<String>| Error::HelmReleaseNotFound {
            release: release.name.clone(),
            namespace: release.namespace.clone(),
            chart,
            said,
        };
        if !ok {
            return Err(not_found(None, first_line(&err).or(Some(String::new()))));
        }
        let listed: Vec<Listed> = serde_json::from_slice(&out).map_err(|_| not_found(None, None))?;
        let Some(found) = listed.into_iter().find(|l| l.name == release.name) else {
            return Err(not_found(None, None));
        };
        // A failed or pending upgrade is listed with the chart it tried: not what runs.
        if found.status != "deployed" {
            return Err(not_found(None, Some(format!("its status is {}", found.status))));
        }
        match found.chart.strip_prefix(CHART).and_then(|v| v.strip_prefix('-')) {
            Some(version) if !version.is_empty() => Ok(version.into()),
            _ => Err(not_found(Some(found.chart), None)),
        }
    }

    /// The tool's success, its stdout and stderr, each bounded, within WAIT (then it is
    /// stopped, and what it printed is not waited for: a helper it started may hold the pipes).
    /// A tool that is not there is `tool_missing`.
    fn output(&self, tool: &str, args: &[&str]) -> Result<(bool, Vec<u8>, Vec<u8>)> {
        let io = |e: std::io::Error| Error::from_io(&e, std::path::Path::new(tool));
        let mut cmd = Command::new(tool);
        if let Some(account) = self.account {
            account.apply(&mut cmd);
        }
        let mut child = cmd
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::ToolMissing { tool: tool.into() },
                _ => io(e),
            })?;
        let out = bounded(child.stdout.take());
        let err = bounded(child.stderr.take());
        let until = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(io)? {
                break Some(status);
            }
            if Instant::now() >= until {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let Some(status) = status else {
            return Ok((false, Vec::new(), Vec::new()));
        };
        let (out, err) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
        Ok((status.success(), out, err))
    }
}

fn bounded(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = pipe {
            let _ = p.take(MAX_OUTPUT).read_to_end(&mut buf);
        }
        buf
    })
}

/// One release as `helm list --output json` prints it (the fields famsync reads).
#[derive(serde::Deserialize)]
struct Listed {
    name: String,
    chart: String,
    status: String,
}

fn first_line(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes).lines().next().map(String::from)
}
