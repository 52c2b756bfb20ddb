//! One error type for the whole engine. Each variant has a stable code (its serde tag) and
//! structured fields; front ends turn the code into words (the CLI in English, the UI from its
//! catalogs), so nothing here is prose meant for a person.

use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "CoreError"))]
pub enum Error {
    /// The path the user gave does not exist.
    PathMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// A folder that holds neither `config.yml` nor `env/`.
    NotABwdata {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// The settings name a Bitwarden cloud the Families sponsorship page does not cover (Gov):
    /// famsync has no check, link or sponsorship step for it.
    CloudNotServed { cloud: String, domain: String },
    /// Discovery looked in these places and found nothing.
    NoInstallationFound {
        #[serde(serialize_with = "crate::lossy::paths")]
        searched: Vec<PathBuf>,
    },
    /// The OS refused access; `owner` is who owns the path, `user` who famsync runs as.
    PermissionDenied {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        owner: Option<String>,
        user: Option<String>,
    },
    EnvFileMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    EnvFileEmpty {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    EnvFileNotUtf8 {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        line: usize,
    },
    EnvFileBinary {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        offset: usize,
    },
    EnvFileTooLarge {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        size: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        limit: u64,
    },
    EnvFileSymlink {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[serde(serialize_with = "crate::lossy::path")]
        target: PathBuf,
    },
    /// The folder the env file is in (`bwdata/env`) is a symbolic link: famsync would write
    /// the file and its backups wherever it points, maybe a folder of another account's.
    EnvFolderLink {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[serde(serialize_with = "crate::lossy::path")]
        target: PathBuf,
    },
    EnvFileNotRegular {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    ReadOnlyFilesystem {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// docker compose refuses to read the env file from `line` on (compose.rs), so no
    /// container of the installation starts with it.
    EnvFileRefusedByCompose {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        line: usize,
        reason: crate::envfile::Refusal,
    },
    /// The value of `key` (line `line`) names a `$` variable the file does not set before it:
    /// it takes that from the environment docker compose runs in, which famsync cannot see.
    EnvValueFromEnvironment {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        key: String,
        line: usize,
    },
    /// Compare-and-swap failed: someone else wrote the file after famsync read it.
    EnvFileChanged {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// `path` (a file or its folder) carries the immutable or append-only flag (chattr +i, +a):
    /// not even root may change it.
    Immutable {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// famsync runs as the folder's owner, and the folder has no write permission for them.
    FolderNotWritable {
        #[serde(serialize_with = "crate::lossy::path")]
        folder: PathBuf,
        /// Octal, as chmod and ls write it.
        mode: String,
    },
    /// famsync runs as the file's owner, and the file has no read permission for them.
    FileNotReadable {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        /// Octal, as chmod and ls write it.
        mode: String,
    },
    /// famsync runs as the file's owner, and the file has no write permission for them.
    FileNotWritable {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        /// Octal, as chmod and ls write it.
        mode: String,
    },
    /// famsync could not give the new file the old file's owner (it is not root).
    OwnerNotKept {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        owner: Option<String>,
    },
    /// famsync could not give the new file (or a backup) the env file's ACL or security label
    /// `attribute`, so it wrote nothing rather than widen who may read the secrets.
    AccessNotKept {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        attribute: String,
    },
    /// Any account on the machine may write the env file (and so change the server's settings
    /// or plant its own secrets).
    EnvFileWorldWritable {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    LicenseInvalid {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// A license's `field` holds the wrong kind of value (a number where a string belongs).
    LicenseFieldInvalid {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        field: String,
    },
    InstallationIdMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        /// The key the id is read from: the kind's (install::INSTALLATION_ID, lite's BW_INSTALLATION_ID).
        key: String,
    },
    /// The Helm chart keeps the installation id in the Kubernetes secret named by
    /// `secrets.secretName`, not in the values file at `path`.
    InstallationIdInSecret {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// A values file is applied to a Helm release the owner names (`--release`, `--namespace`).
    HelmReleaseNeeded {
        #[serde(serialize_with = "crate::lossy::path")]
        values: PathBuf,
    },
    /// `helm list` in `namespace` has no release `release` of Bitwarden's chart (`chart`: the
    /// chart it is, when it is another; `said`: helm's first line of error, when it failed).
    HelmReleaseNotFound {
        release: String,
        namespace: String,
        chart: Option<String>,
        said: Option<String>,
    },
    /// `kubectl config current-context` names no context (`said`: kubectl's first line).
    KubeContextMissing { said: Option<String> },
    /// famsync leaves the Helm values file at `path` as it is (`reason`: helm_values.rs).
    HelmValuesRefused {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        reason: crate::helm_values::Refusal,
    },
    /// famsync does not apply a change to this kind of installation itself: the owner runs
    /// `command` in `folder` (Bitwarden lite: `docker compose up -d`; a Windows host:
    /// `.\bitwarden.ps1 -restart`).
    ApplyByHand {
        command: String,
        #[serde(serialize_with = "crate::lossy::path")]
        folder: PathBuf,
    },
    /// Bitwarden lite keeps its licenses in the container's named volume `volume`, at `path`
    /// inside it, which famsync does not read from the host.
    LicensesInContainer { volume: String, path: String },
    /// The server's logs are inside its containers, at `path` there (Bitwarden lite's logs
    /// volume, the Helm chart's), which famsync does not read.
    LogsInContainer { path: String },
    /// The Helm chart keeps the licenses on its licenses volume in the cluster, at `path` in
    /// the pods, which famsync does not read.
    LicensesInCluster { path: String },
    InstallationIdInvalid {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        line: usize,
    },
    BackupNotFound {
        name: String,
        #[serde(serialize_with = "crate::lossy::path")]
        dir: PathBuf,
    },
    /// No bitwarden.sh (or .ps1) beside bwdata.
    ScriptMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        dir: PathBuf,
    },
    /// bitwarden.sh is there but has no execute permission (copied without its mode).
    ScriptNotExecutable {
        #[serde(serialize_with = "crate::lossy::path")]
        script: PathBuf,
    },
    /// `path` (bitwarden.sh, bwdata/scripts/run.sh or a folder above them) can be changed by
    /// someone other than root and `runner`, who would run `script`: anyone who may change it
    /// would run code as `runner`. `mode` is its octal mode (`0777`), `owner` its owner.
    ScriptNotTrusted {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[serde(serialize_with = "crate::lossy::path")]
        script: PathBuf,
        // Boxed, not String: with Windows' larger PathBuf, every Result would grow otherwise.
        owner: Box<str>,
        mode: String,
        runner: Box<str>,
    },
    /// A page famsync would open is not `https:` with a host (or `http:` to this machine):
    /// `file:`, `smb:`, `javascript:`… from config.yml's `url:`. Never handed to the opener.
    PageRefused { url: String },
    /// famsync found no folder of its own: no data folder (no home) and no private runtime
    /// folder (`runtime`: what `variable` names, $XDG_RUNTIME_DIR on Linux and $TMPDIR on
    /// macOS, not this user's 0700 folder, or unset). It never falls back to a shared one such
    /// as /tmp.
    NoPrivateFolder {
        #[serde(serialize_with = "crate::lossy::opt_path")]
        runtime: Option<PathBuf>,
        variable: String,
    },
    /// famsync runs as root and the owner has not agreed to answer bitwarden.sh's root question.
    RootConsentRequired {
        #[serde(serialize_with = "crate::lossy::path")]
        script: PathBuf,
    },
    /// What was pasted is not a billing sync token; `reason` says why (never the text).
    TokenInvalid { reason: crate::token::TokenReason },
    /// An organization id must be a GUID (as in the license file and the web vault's URL).
    OrganizationIdInvalid { text: String },
    /// No OS keyring to keep the token in (no D-Bus session or no Secret Service on Linux).
    KeyringUnavailable,
    /// The keyring is there but locked, or its unlock prompt was dismissed.
    KeyringLocked,
    /// The keyring refused the entry for another reason.
    KeyringRefused,
    /// A field of the SSH connection form is not a host name, user name or port.
    SshTargetInvalid {
        field: crate::remote::TargetField,
        text: String,
    },
    /// The SSH server's host key is not known yet: compare `fingerprint` and accept it.
    SshHostKeyUnknown { host: String, fingerprint: String },
    /// The SSH server's host key is not the one known for it: refused.
    SshHostKeyChanged { host: String },
    /// The SSH server refused every key offered (agent and key files).
    SshAuthFailed { host: String },
    /// No SSH connection could be made (name, network, server down).
    SshUnreachable { host: String },
    /// The SSH connection dropped while famsync was working; a write it was making did not
    /// happen (the file is as it was, or wholly new), and the backup is kept.
    SshConnectionLost { host: String },
    /// The login worked, but the shell on the server sent nothing for `seconds`: it stopped,
    /// or waits for input that never comes (a login script that reads stdin). Nothing was
    /// written in that step.
    SshNoAnswer { host: String, seconds: u64 },
    /// A path famsync names for ssh (a known_hosts file under HOME, the connection's socket, a
    /// key file) holds what ssh would read as something else whatever the quoting (a double
    /// quote, a backslash, a control character, `${`): refused rather than have ssh read
    /// another file.
    SshPathUnusable {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// The OpenSSH client famsync runs (`tool`: ssh, ssh-keyscan or ssh-keygen) is not on this
    /// machine's PATH (on Windows: the optional feature "OpenSSH Client" is not installed).
    SshToolMissing { tool: String },
    /// The tool a kind of installation applies its settings with (`docker`, for Bitwarden
    /// lite) is not on this machine's PATH.
    ToolMissing { tool: String },
    /// The server's answer could not be understood: it lacks a POSIX shell or a coreutils tool
    /// (stat, base64, sha256sum).
    RemoteHelperFailed { host: String },
    /// A restart of this installation is already running: from this window, or from another
    /// famsync here or on the server (runner/lock.rs).
    RestartInProgress {
        #[serde(serialize_with = "crate::lossy::path")]
        bwdata: PathBuf,
        /// The process holding the lock, where this machine shows it (any user who may read
        /// the script's folder can take it): its pid, command and user.
        holder: Option<crate::runner::LockHolder>,
    },
    /// What the owner gave as a certificate fingerprint is not a SHA-256 fingerprint.
    FingerprintInvalid { text: String },
    /// The installation names no server URL (config.yml `url`), so there is no server to check.
    ServerUrlMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        config: PathBuf,
    },
    /// A file famsync was asked to create exists already; it is replaced only when the owner
    /// says so (`--force`).
    OutputExists {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// A folder, FIFO or device is where famsync was asked to create a file: never replaced.
    OutputNotAFile {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// The folder famsync was asked to create a file in does not exist.
    OutputFolderMissing {
        #[serde(serialize_with = "crate::lossy::path")]
        folder: PathBuf,
    },
    /// famsync was asked to create a file inside the installation's bwdata, where it writes
    /// only the env file (and its backups).
    OutputInsideInstallation {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[serde(serialize_with = "crate::lossy::path")]
        bwdata: PathBuf,
    },
    /// A file of the installation (a license, config.yml, a log) is a folder, a FIFO, a device
    /// or a link to one: famsync does not read it.
    NotARegularFile {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// A file of the installation is far larger than the one Bitwarden writes there.
    FileTooLarge {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        size: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        limit: u64,
    },
    /// The disk holding `path` is full; nothing was changed.
    DiskFull {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
    },
    /// What was given as a personal API key's `client_id` is not `user.<guid>` (never the
    /// text: it may be the secret, pasted in the wrong field).
    ApiClientIdInvalid { reason: crate::api::ClientIdReason },
    /// What was given as a personal API key's `client_secret` is not 30 letters and digits.
    ApiSecretInvalid { reason: crate::token::TokenReason },
    /// The server's identity service refused the API key (`invalid_client`): a wrong or
    /// rotated secret, or a user this server does not have.
    ApiKeyRejected { server: String },
    /// The server's identity service refused the sign-in for another reason: `error` is its
    /// OAuth error id (`version_header_missing`, `device_error`, `invalid_client_version`, ...).
    ApiSignInRefused { server: String, error: String },
    /// The server will not sync `organization`'s license: the signed-in user is not an owner,
    /// or the server has no billing sync connection for it (it says only "Resource not found.").
    LicenseSyncNotPossible { organization: String },
    /// The server could not get the license from the cloud: the billing sync token (rotated?),
    /// the region lines, or a firewall (the server's one message for all of them).
    LicenseSyncFailed { organization: String },
    /// Cloud communication is off in the server that runs (whatever the file says).
    ServerCloudCommunicationOff { server: String },
    /// The license the cloud sent is held by another organization on this server ("License
    /// is already in use by another organization vault.").
    LicenseInUse { organization: String },
    /// The server is older than the license format the cloud sent ("Version N is not
    /// supported."): it must be updated before it can take it.
    LicenseVersionUnsupported { organization: String, version: u32 },
    /// No billing sync token is kept in the keyring for `organization`.
    TokenMissing { organization: String },
    /// The server's URL is plain http to another machine: the API key and the token would
    /// cross the network readable by anyone on the way, so famsync sends neither.
    ApiPlainHttp { server: String },
    /// The API key was kept for the server at `kept`, and the installation's URL is now `now`:
    /// famsync does not send it to a URL it was not given for.
    ApiServerChanged { kept: String, now: String },
    /// The server's api wants a sign-in: no session, or one that expired (an hour).
    ApiNotSignedIn { server: String },
    /// The signed-in user is not an owner of `organization` on the server.
    ApiNotOwner { organization: String },
    /// The server cannot verify the organization's license file ("Cannot verify license
    /// file."): it saves no billing sync connection until a valid license is uploaded.
    ApiLicenseNotVerified { organization: String },
    /// The server refused the request with its own words (`message`, Bitwarden's English).
    ApiRefused { server: String, message: String },
    /// A request to the server's own API got no usable answer (`failure` says where it
    /// failed: DNS, connect, TLS, timeout, an HTTP status, a body that is not Bitwarden's).
    ServerRequestFailed { failure: crate::http::HttpFailure },
    /// Any other OS error; `kind` is the std::io::ErrorKind name, `os_code` the errno.
    Io {
        #[serde(serialize_with = "crate::lossy::path")]
        path: PathBuf,
        kind: String,
        os_code: Option<i32>,
    },
}

impl Error {
    /// The server answered a license sync, and its answer was no (not a request that got no
    /// answer, nor a sign-in that failed).
    pub fn is_sync_refusal(&self) -> bool {
        matches!(
            self,
            Error::LicenseSyncNotPossible { .. }
                | Error::LicenseSyncFailed { .. }
                | Error::ServerCloudCommunicationOff { .. }
                | Error::LicenseInUse { .. }
                | Error::LicenseVersionUnsupported { .. }
                | Error::ApiLicenseNotVerified { .. }
                | Error::ApiRefused { .. }
        )
    }

    /// The stable code, the same string the JSON `code` field carries.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PathMissing { .. } => "path_missing",
            Error::NotABwdata { .. } => "not_a_bwdata",
            Error::NoInstallationFound { .. } => "no_installation_found",
            Error::CloudNotServed { .. } => "cloud_not_served",
            Error::PermissionDenied { .. } => "permission_denied",
            Error::EnvFileMissing { .. } => "env_file_missing",
            Error::EnvFileEmpty { .. } => "env_file_empty",
            Error::EnvFileNotUtf8 { .. } => "env_file_not_utf8",
            Error::EnvFileBinary { .. } => "env_file_binary",
            Error::EnvFileTooLarge { .. } => "env_file_too_large",
            Error::EnvFileSymlink { .. } => "env_file_symlink",
            Error::EnvFolderLink { .. } => "env_folder_link",
            Error::EnvFileNotRegular { .. } => "env_file_not_regular",
            Error::ReadOnlyFilesystem { .. } => "read_only_filesystem",
            Error::EnvFileChanged { .. } => "env_file_changed",
            Error::EnvFileRefusedByCompose { .. } => "env_file_refused_by_compose",
            Error::EnvValueFromEnvironment { .. } => "env_value_from_environment",
            Error::OwnerNotKept { .. } => "owner_not_kept",
            Error::Immutable { .. } => "immutable",
            Error::FolderNotWritable { .. } => "folder_not_writable",
            Error::FileNotWritable { .. } => "file_not_writable",
            Error::FileNotReadable { .. } => "file_not_readable",
            Error::AccessNotKept { .. } => "access_not_kept",
            Error::EnvFileWorldWritable { .. } => "env_file_world_writable",
            Error::LicenseInvalid { .. } => "license_invalid",
            Error::LicenseFieldInvalid { .. } => "license_field_invalid",
            Error::InstallationIdMissing { .. } => "installation_id_missing",
            Error::InstallationIdInSecret { .. } => "installation_id_in_secret",
            Error::HelmValuesRefused { .. } => "helm_values_refused",
            Error::HelmReleaseNeeded { .. } => "helm_release_needed",
            Error::KubeContextMissing { .. } => "kube_context_missing",
            Error::HelmReleaseNotFound { .. } => "helm_release_not_found",
            Error::LicensesInContainer { .. } => "licenses_in_container",
            Error::LicensesInCluster { .. } => "licenses_in_cluster",
            Error::LogsInContainer { .. } => "logs_in_container",
            Error::ApplyByHand { .. } => "apply_by_hand",
            Error::InstallationIdInvalid { .. } => "installation_id_invalid",
            Error::BackupNotFound { .. } => "backup_not_found",
            Error::ScriptMissing { .. } => "script_missing",
            Error::ScriptNotExecutable { .. } => "script_not_executable",
            Error::ScriptNotTrusted { .. } => "script_not_trusted",
            Error::PageRefused { .. } => "page_refused",
            Error::NoPrivateFolder { .. } => "no_private_folder",
            Error::RootConsentRequired { .. } => "root_consent_required",
            Error::TokenInvalid { .. } => "token_invalid",
            Error::OrganizationIdInvalid { .. } => "organization_id_invalid",
            Error::KeyringUnavailable => "keyring_unavailable",
            Error::KeyringLocked => "keyring_locked",
            Error::KeyringRefused => "keyring_refused",
            Error::SshTargetInvalid { .. } => "ssh_target_invalid",
            Error::SshHostKeyUnknown { .. } => "ssh_host_key_unknown",
            Error::SshHostKeyChanged { .. } => "ssh_host_key_changed",
            Error::SshAuthFailed { .. } => "ssh_auth_failed",
            Error::SshUnreachable { .. } => "ssh_unreachable",
            Error::SshConnectionLost { .. } => "ssh_connection_lost",
            Error::SshNoAnswer { .. } => "ssh_no_answer",
            Error::SshPathUnusable { .. } => "ssh_path_unusable",
            Error::SshToolMissing { .. } => "ssh_tool_missing",
            Error::ToolMissing { .. } => "tool_missing",
            Error::RemoteHelperFailed { .. } => "remote_helper_failed",
            Error::RestartInProgress { .. } => "restart_in_progress",
            Error::FingerprintInvalid { .. } => "fingerprint_invalid",
            Error::ServerUrlMissing { .. } => "server_url_missing",
            Error::OutputExists { .. } => "output_exists",
            Error::OutputNotAFile { .. } => "output_not_a_file",
            Error::OutputFolderMissing { .. } => "output_folder_missing",
            Error::OutputInsideInstallation { .. } => "output_inside_installation",
            Error::DiskFull { .. } => "disk_full",
            Error::NotARegularFile { .. } => "not_a_regular_file",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::ApiClientIdInvalid { .. } => "api_client_id_invalid",
            Error::ApiSecretInvalid { .. } => "api_secret_invalid",
            Error::ApiKeyRejected { .. } => "api_key_rejected",
            Error::ApiSignInRefused { .. } => "api_sign_in_refused",
            Error::ServerRequestFailed { .. } => "server_request_failed",
            Error::ApiNotSignedIn { .. } => "api_not_signed_in",
            Error::TokenMissing { .. } => "token_missing",
            Error::LicenseSyncNotPossible { .. } => "license_sync_not_possible",
            Error::LicenseSyncFailed { .. } => "license_sync_failed",
            Error::ServerCloudCommunicationOff { .. } => "server_cloud_communication_off",
            Error::LicenseInUse { .. } => "license_in_use",
            Error::ApiPlainHttp { .. } => "api_plain_http",
            Error::ApiServerChanged { .. } => "api_server_changed",
            Error::LicenseVersionUnsupported { .. } => "license_version_unsupported",
            Error::ApiNotOwner { .. } => "api_not_owner",
            Error::ApiLicenseNotVerified { .. } => "api_license_not_verified",
            Error::ApiRefused { .. } => "api_refused",
            Error::Io { .. } => "io",
        }
    }

    /// Maps an OS error on `path` to the most precise variant we have.
    pub fn from_io(err: &io::Error, path: &Path) -> Error {
        match err.kind() {
            io::ErrorKind::NotFound => Error::PathMissing { path: path.into() },
            io::ErrorKind::PermissionDenied => permission_denied(path),
            io::ErrorKind::ReadOnlyFilesystem => Error::ReadOnlyFilesystem { path: path.into() },
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                Error::DiskFull { path: path.into() }
            }
            kind => Error::Io {
                path: path.into(),
                kind: format!("{kind:?}"),
                os_code: err.raw_os_error(),
            },
        }
    }
}

/// Names who owns `path` (or the nearest existing parent) and who we are, so the message can
/// say "run as that user" instead of a bare EACCES.
pub fn permission_denied(path: &Path) -> Error {
    // famsync runs as the owner or as root, and was refused all the same: say what refused it.
    if let Some(precise) = crate::refusal::for_owner(path) {
        return precise;
    }
    Error::PermissionDenied {
        path: path.into(),
        owner: crate::owner::owner_name(path),
        user: crate::owner::current_user_name(),
    }
}

impl std::fmt::Display for Error {
    // Technical one-liner for logs; people see the front ends' localized text instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| std::fmt::Error)?;
        write!(f, "{}: {json}", self.code())
    }
}

impl std::error::Error for Error {}
