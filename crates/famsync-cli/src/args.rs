//! The command line, as clap sees it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use famsync_core::region::Region;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "famsync",
    version,
    about = "Turn on Families sponsorships for a self-hosted Bitwarden installation"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The installation's bwdata folder (or the folder holding bitwarden.sh); with --host, a
    /// path on that server (~/ is your home there)
    #[arg(long, global = true, env = "FAMSYNC_BWDATA", value_name = "DIR")]
    pub bwdata: Option<PathBuf>,
    /// Work on an installation on another machine, over SSH: user@server, user@server:port, or
    /// a Host alias from ~/.ssh/config
    #[arg(long, global = true, env = "FAMSYNC_HOST", value_name = "TARGET")]
    pub host: Option<String>,
    /// Use famsync's sample installation (no Bitwarden server needed)
    #[arg(long, global = true, conflicts_with_all = ["bwdata", "host"])]
    pub sample: bool,
    /// Print JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// For a Helm values file: the release it is applied to (helm list --all-namespaces)
    #[arg(long, global = true, requires = "namespace", value_name = "NAME", value_parser = kube_name)]
    pub release: Option<String>,
    /// For a Helm values file: the release's namespace; helm and kubectl use your current
    /// context
    #[arg(long, global = true, requires = "release", value_name = "NAMESPACE", value_parser = kube_name)]
    pub namespace: Option<String>,
}

/// A Helm release or namespace name as Kubernetes allows them (DNS-1123): nothing that helm
/// or kubectl could read as an option, and never empty (which would mean their default).
fn kube_name(s: &str) -> Result<String, String> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.';
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let bytes = s.as_bytes();
    if s.len() <= 63 && bytes.iter().all(|&b| allowed(b)) && edge(bytes.first()) && edge(bytes.last()) {
        return Ok(s.to_string());
    }
    Err("a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending with a letter or a digit, at most 63 characters".into())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the installation, cloud communication, and organization licenses
    Status {
        /// Also ask your own server now, signed in with the kept API key (famsync login); this
        /// adds a "Logged in" event to your account's event log
        #[arg(long)]
        ask_server: bool,
    },
    /// Turn cloud communication on for a cloud region
    Enable {
        /// The cloud region your organization lives in
        #[arg(long, value_enum)]
        region: RegionArg,
        /// Also set the push relay when it is disabled (this turns push relay on)
        #[arg(long)]
        push_relay: bool,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Turn cloud communication off
    Disable {
        #[command(flatten)]
        write: WriteArgs,
    },
    /// List or restore the backups famsync made of global.override.env
    Backups {
        #[command(subcommand)]
        command: BackupsCommand,
    },
    /// The pages for steps 3 to 5 (cloud billing, self-hosted billing, admin portal) and what to click there
    Links {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Tell famsync you did a step it cannot see: pasted the token in the Admin Console, or synced
    Confirm {
        #[arg(value_enum)]
        step: ConfirmStep,
        #[command(flatten)]
        org: OrgArg,
    },
    /// Print a JSON line for every change to the env file, the licenses or the server's logs, until Ctrl-C
    Watch,
    /// The billing sync token, kept in the OS keyring (one per installation and organization)
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Sign in to your own server with your personal API key (Account settings → Security →
    /// Keys → View API key in its web vault): the secret is read from standard input or typed
    /// hidden, and kept only in the OS keyring
    Login {
        /// client_id from that page (user.…); asked for when not given
        #[arg(long, value_name = "ID")]
        client_id: Option<String>,
    },
    /// Forget the API key kept for this installation
    Logout,
    /// Step 5 through your server's API: sync the organization's license from the cloud now
    /// (proves the region, the firewall, the installation key and the token at once), then
    /// show when the sponsorships last synced
    Sync {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Check, without changing anything, that the cloud and the server are ready for the region
    Check {
        /// The region to check for (default: the one the settings name)
        #[arg(long, value_enum)]
        region: Option<RegionArg>,
    },
    /// Restart Bitwarden so it reads the settings (bitwarden.sh restart; Bitwarden lite: docker
    /// compose up -d; a Windows host: bitwarden.ps1 -restart), then wait until it is healthy
    Restart {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Start Bitwarden (bitwarden.sh start; lite: docker compose up -d), for example after a
    /// restart left it down
    Start {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Trust your server's own certificate (self-signed or from a private CA) by its SHA-256
    /// fingerprint, for this installation only; with no argument, show what is trusted
    Trust {
        /// The fingerprint famsync check printed (AB:CD:… or plain hex)
        fingerprint: Option<String>,
        /// Stop trusting the pinned certificate
        #[arg(long, conflicts_with = "fingerprint")]
        forget: bool,
    },
    /// Accept the SSH host key of --host, after comparing its fingerprint with the server's own
    /// (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, run there)
    AcceptHostKey {
        /// The fingerprint famsync showed (SHA256:...)
        fingerprint: String,
    },
    /// Write a diagnostics report for a support ticket (JSON): the installation, the checks,
    /// the progress and today's server log findings, with every secret left out
    Report {
        /// Write it to this new file (mode 0600, never inside bwdata) instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Replace FILE if it exists
        #[arg(long, requires = "output")]
        force: bool,
        /// Leave out the cloud and server checks (no network)
        #[arg(long)]
        no_checks: bool,
    },
    /// Create the sample installation (or start it afresh) and print where it is
    Sample {
        /// Start the sample afresh, dropping your edits to it
        #[arg(long)]
        reset: bool,
    },
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Show what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run without asking (as root this also answers bitwarden.sh's root question with yes)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Give up on bitwarden.sh after this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub timeout: u64,
    /// Then wait up to this many seconds for the server to answer in the right region
    #[arg(long, value_name = "SECS", default_value_t = 180)]
    pub wait: u64,
}

#[derive(Debug, Subcommand)]
pub enum BackupsCommand {
    /// List backups, oldest first
    List,
    /// Put a backup back (the current file is backed up first)
    Restore {
        /// The backup's name, as `famsync backups list` prints it
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RegionArg {
    Us,
    Eu,
}

impl From<RegionArg> for Region {
    fn from(r: RegionArg) -> Region {
        match r {
            RegionArg::Us => Region::Us,
            RegionArg::Eu => Region::Eu,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Save (or replace) the token: read from standard input, or typed at a hidden prompt;
    /// never from the command line, where other users and the shell history could see it
    Set {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Say whether a token is saved (never the token)
    Status {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Print the saved token, on request only (for example to paste it on another machine)
    Reveal {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Save the token on your own server (step 4), through its API: signed in with the key
    /// famsync login kept, then read back and compared
    Apply {
        #[command(flatten)]
        org: OrgArg,
    },
    /// Delete the saved token
    Clear {
        #[command(flatten)]
        org: OrgArg,
    },
}

#[derive(Debug, Args)]
pub struct OrgArg {
    /// The organization's id (famsync status lists them)
    #[arg(long = "org", value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ConfirmStep {
    /// Step 4: the token is saved in the self-hosted Admin Console (Manage Billing Token)
    ApplyToken,
    /// Step 5: the first sync ran (Manually Sync, or Sync license)
    Sync,
}
