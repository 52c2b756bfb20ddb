//! The CLI's English words for the engine's error codes: what is wrong, where, and what to do.
//! Every message names the file or folder; every fix is a thing the admin can do next.

use famsync_core::Error;
use std::path::Path;

/// Stable exit codes (documented in the README).
pub mod exit {
    pub const OK: u8 = 0;
    pub const INTERNAL: u8 = 1;
    pub const NOT_FOUND: u8 = 3;
    pub const PERMISSION: u8 = 4;
    pub const INVALID: u8 = 5;
    pub const WRITE_REFUSED: u8 = 6;
    pub const NOT_CONFIRMED: u8 = 7;
    pub const NO_BACKUP: u8 = 8;
    // How `restart` / `start` ended.
    pub const RESTART_FAILED: u8 = 9;
    pub const SERVER_DOWN: u8 = 10;
    pub const TIMED_OUT: u8 = 11;
    pub const CANCELLED: u8 = 12;
    pub const UNHEALTHY: u8 = 13;
    /// `check`: at least one check failed.
    pub const CHECK_FAILED: u8 = 14;
    /// The OS keyring is missing, locked or refused.
    pub const KEYRING: u8 = 15;
    /// The server refused the personal API key, or the sign-in with it.
    pub const SIGN_IN_REFUSED: u8 = 16;
}

pub fn exit_code(err: &Error) -> u8 {
    match err {
        Error::PathMissing { .. } | Error::NotABwdata { .. } | Error::NoInstallationFound { .. } => {
            exit::NOT_FOUND
        }
        Error::PermissionDenied { .. } | Error::OwnerNotKept { .. } | Error::AccessNotKept { .. } => {
            exit::PERMISSION
        }
        Error::EnvFileWorldWritable { .. } | Error::CloudNotServed { .. } => exit::INVALID,
        Error::Immutable { .. }
        | Error::FolderNotWritable { .. }
        | Error::FileNotWritable { .. }
        | Error::FileNotReadable { .. } => exit::PERMISSION,
        Error::EnvFileMissing { .. }
        | Error::EnvFileEmpty { .. }
        | Error::EnvFileNotUtf8 { .. }
        | Error::EnvFileBinary { .. }
        | Error::EnvFileTooLarge { .. }
        | Error::EnvFileSymlink { .. }
        | Error::EnvFolderLink { .. }
        | Error::EnvFileNotRegular { .. }
        | Error::LicenseInvalid { .. }
        | Error::LicenseFieldInvalid { .. }
        | Error::InstallationIdMissing { .. }
        | Error::LicensesInContainer { .. }
        | Error::LicensesInCluster { .. }
        | Error::LogsInContainer { .. }
        | Error::InstallationIdInvalid { .. } => exit::INVALID,
        Error::ReadOnlyFilesystem { .. } | Error::EnvFileChanged { .. } => exit::WRITE_REFUSED,
        Error::EnvFileRefusedByCompose { .. } | Error::EnvValueFromEnvironment { .. } => exit::INVALID,
        Error::BackupNotFound { .. } => exit::NO_BACKUP,
        Error::ScriptMissing { .. } | Error::ApplyByHand { .. } | Error::InstallationIdInSecret { .. } => {
            exit::NOT_FOUND
        }
        Error::HelmValuesRefused { .. } => exit::INVALID,
        Error::HelmReleaseNeeded { .. }
        | Error::HelmReleaseNotFound { .. }
        | Error::KubeContextMissing { .. } => exit::NOT_FOUND,
        Error::ScriptNotExecutable { .. } => exit::PERMISSION,
        Error::ScriptNotTrusted { .. } => exit::PERMISSION,
        Error::PageRefused { .. } => exit::INVALID,
        Error::NoPrivateFolder { .. } => exit::NOT_FOUND,
        Error::RootConsentRequired { .. } => exit::NOT_CONFIRMED,
        Error::TokenInvalid { .. } | Error::OrganizationIdInvalid { .. } => exit::INVALID,
        Error::KeyringUnavailable | Error::KeyringLocked | Error::KeyringRefused => exit::KEYRING,
        Error::SshTargetInvalid { .. } => exit::INVALID,
        Error::SshHostKeyUnknown { .. } | Error::SshHostKeyChanged { .. } => exit::NOT_CONFIRMED,
        Error::SshAuthFailed { .. } => exit::PERMISSION,
        Error::SshUnreachable { .. } | Error::SshConnectionLost { .. } => exit::NOT_FOUND,
        Error::SshPathUnusable { .. } => exit::INVALID,
        Error::SshToolMissing { .. } | Error::ToolMissing { .. } => exit::NOT_FOUND,
        Error::RemoteHelperFailed { .. } | Error::SshNoAnswer { .. } => exit::INTERNAL,
        Error::RestartInProgress { .. } => exit::RESTART_FAILED,
        Error::FingerprintInvalid { .. } => exit::INVALID,
        Error::ServerUrlMissing { .. } => exit::INVALID,
        Error::OutputExists { .. }
        | Error::OutputNotAFile { .. }
        | Error::OutputFolderMissing { .. }
        | Error::OutputInsideInstallation { .. }
        | Error::DiskFull { .. } => exit::WRITE_REFUSED,
        Error::NotARegularFile { .. } | Error::FileTooLarge { .. } => exit::INVALID,
        Error::ApiClientIdInvalid { .. } | Error::ApiSecretInvalid { .. } => exit::INVALID,
        Error::ApiKeyRejected { .. } | Error::ApiSignInRefused { .. } => exit::SIGN_IN_REFUSED,
        Error::ServerRequestFailed { .. } => exit::SERVER_DOWN,
        Error::ApiNotSignedIn { .. } | Error::ApiRefused { .. } => exit::SIGN_IN_REFUSED,
        Error::ApiNotOwner { .. } => exit::PERMISSION,
        Error::TokenMissing { .. } => exit::NOT_FOUND,
        Error::LicenseSyncNotPossible { .. } => exit::NOT_FOUND,
        Error::ApiPlainHttp { .. } | Error::ApiServerChanged { .. } => exit::INVALID,
        Error::LicenseSyncFailed { .. }
        | Error::ServerCloudCommunicationOff { .. }
        | Error::LicenseInUse { .. }
        | Error::LicenseVersionUnsupported { .. } => exit::CHECK_FAILED,
        Error::ApiLicenseNotVerified { .. } => exit::INVALID,
        Error::Io { .. } => exit::INTERNAL,
    }
}

const RESTORE: &str = "Restore it from your bwdata backup, or put back one famsync made (this works whatever the file holds now): famsync backups list, then famsync backups restore NAME";

fn p(path: &Path) -> String {
    path.display().to_string()
}

/// (what is wrong, what to do)
pub fn describe(err: &Error) -> (String, String) {
    match err {
        Error::PathMissing { path } => (
            format!("{} does not exist.", p(path)),
            "Check the path. Point famsync at the bwdata folder beside bitwarden.sh (default /opt/bitwarden/bwdata) with --bwdata DIR.".into(),
        ),
        Error::NotABwdata { path } => (
            format!("{} is not a Bitwarden bwdata folder: it has neither config.yml nor env/.", p(path)),
            "Point --bwdata at the bwdata folder beside bitwarden.sh (default /opt/bitwarden/bwdata).".into(),
        ),
        Error::CloudNotServed { cloud, domain } => (
            format!("The settings name Bitwarden's {cloud} cloud ({domain}), which Bitwarden's Families sponsorship page does not cover: it covers the US and EU clouds only."),
            "famsync has no check, link or sponsorship step for that cloud. If this installation belongs in the US or EU cloud (its installation id must come from there), choose that region: famsync enable --region us or --region eu.".into(),
        ),
        Error::NoInstallationFound { searched } => (
            format!(
                "No Bitwarden installation found. famsync looked in: {}.",
                searched.iter().map(|s| p(s)).collect::<Vec<_>>().join(", ")
            ),
            "Pass --bwdata DIR or set FAMSYNC_BWDATA (as root famsync does not look in the current folder, which another account may have prepared). To try famsync without a server, use the sample installation: famsync --sample status".into(),
        ),
        Error::PermissionDenied { path, owner, user } => permission(path, owner.as_deref(), user.as_deref()),
        Error::OwnerNotKept { path, owner } => owner_not_kept(path, owner.as_deref()),
        Error::EnvFileMissing { path } => (format!("{} is missing.", p(path)), RESTORE.into()),
        Error::EnvFileEmpty { path } => (format!("{} is empty; Bitwarden never leaves it empty.", p(path)), RESTORE.into()),
        Error::EnvFileNotUtf8 { path, line } => (
            format!("{} is not UTF-8 text (the first bad byte is on line {line}).", p(path)),
            format!("Bitwarden writes this file as UTF-8: fix line {line} in an editor, or restore a backup. {RESTORE}"),
        ),
        Error::EnvFileBinary { path, offset } => (
            format!("{} holds binary data (a NUL byte at offset {offset}); it is not an env file.", p(path)),
            RESTORE.into(),
        ),
        Error::EnvFileTooLarge { path, size, limit } => (
            format!("{} is {size} bytes; a real global.override.env is a few KiB (famsync reads up to {limit}).", p(path)),
            RESTORE.into(),
        ),
        Error::EnvFileSymlink { path, target } => (
            format!("{} is a symbolic link to {}.", p(path), p(target)),
            format!("famsync edits only the real file inside bwdata. If {0} is the env file itself (a regular file of this installation's), move it in place of the link; if it is anything else (a device, another installation's or another account's file), put a backup back instead (famsync backups list, then famsync backups restore NAME: the link is moved aside).", p(target)),
        ),
        Error::EnvFolderLink { path, target } => (
            format!("{} is a symbolic link to {}, not the installation's own folder.", p(path), p(target)),
            format!("famsync writes the env file and its backups only in a real folder inside bwdata, never through a link, which anyone who may write bwdata could point at another account's files. Make {} a folder again, or name the installation where its files are with --bwdata.", p(path)),
        ),
        Error::EnvFileNotRegular { path } => (
            format!("{} is not a regular file (a folder, a named pipe or a device).", p(path)),
            "Put a backup back: famsync backups list, then famsync backups restore NAME (what is there now is moved aside, unread).".to_string(),
        ),
        Error::ReadOnlyFilesystem { path } => (
            format!("{} is on a read-only filesystem.", p(path)),
            "Remount it read-write, then run famsync again. Nothing was changed.".into(),
        ),
        Error::EnvFileChanged { path } => (
            format!("{} changed after famsync read it: another program or person wrote it.", p(path)),
            "Nothing was written. Run the command again to see the changes against the file as it is now.".into(),
        ),
        Error::EnvFileRefusedByCompose { path, line, reason } => (
            format!("docker compose cannot read {} from line {line} on ({}): no Bitwarden container starts with this file.", p(path), refusal(reason)),
            format!("Correct line {line} (one KEY=VALUE per line; quote a value that holds spaces or #), or put a backup back: famsync backups list"),
        ),
        Error::EnvValueFromEnvironment { path, key, line } => (
            format!("{key} on line {line} of {} takes part of its value from a $ variable the file does not set: docker compose fills it from the environment it runs in, which famsync cannot see.", p(path)),
            "Write the value itself on that line (a dollar sign is written $$).".into(),
        ),
        Error::LicenseInvalid { path, line, column } => (
            format!("The license file {} is damaged (not valid JSON at line {line}, column {column}).", p(path)),
            "Download the license again in the cloud web vault (Admin Console → Billing → Subscription → Download license) and upload it in the self-hosted Admin Console.".into(),
        ),
        Error::AccessNotKept { path, attribute } => (
            format!("famsync cannot give the new {} the access rule {attribute} the file has now, so it wrote nothing (it never lets more people read the file).", p(path)),
            "On a server: install the acl package (getfacl, setfacl). Here: check that the filesystem keeps extended attributes, and run famsync as the file's owner or as root.".into(),
        ),
        Error::Immutable { path } => (
            format!("{} is marked immutable or append-only (chattr +i or +a): no one may change it, not even root.", p(path)),
            format!("If you set that on purpose, lift it for the change (chattr -i -a {}) and set it again after. Nothing was changed.", p(path)),
        ),
        Error::FolderNotWritable { folder, mode } => (
            format!("The folder {} does not let its owner write in it (mode {mode}).", p(folder)),
            format!("Give it back its owner's write permission (chmod u+w {}), then try again. Nothing was changed.", p(folder)),
        ),
        Error::FileNotReadable { path, mode } => (
            format!("{} does not let its owner read it (mode {mode}).", p(path)),
            format!("Give its owner back read and write permission (chmod u+rw {}), then try again. Nothing was changed.", p(path)),
        ),
        Error::FileNotWritable { path, mode } => (
            format!("{} does not let its owner write it (mode {mode}).", p(path)),
            format!("Give it back its owner's write permission (chmod u+w {}), then try again. Nothing was changed.", p(path)),
        ),
        Error::EnvFileWorldWritable { path } => (
            format!("Any account on this machine may write {}: it can change the server's settings and secrets.", p(path)),
            format!("Make it private to its owner: chmod 600 {}", p(path)),
        ),
        Error::LicenseFieldInvalid { path, field } => (
            format!("The license file {} is damaged: its field {field} holds the wrong kind of value.", p(path)),
            "Download the license again in the cloud web vault (Admin Console → Billing → Subscription → Download license) and upload it in the self-hosted Admin Console.".into(),
        ),
        Error::ApplyByHand { command, folder } => (
            format!("famsync does not run the apply of this installation itself: {command}, in {}.", p(folder)),
            "Run it there yourself, then famsync status shows whether the server took the change. (Bitwarden lite: not docker compose restart, which does not read settings.env again.)".into(),
        ),
        Error::LicensesInContainer { volume, path } => (
            format!("Bitwarden lite keeps its licenses in the container's volume {volume} ({path}), which famsync does not read from this side of the container."),
            format!("See them in the Admin Console (Billing → Subscription), or list them with: docker compose exec bitwarden ls {path}/organization"),
        ),
        Error::LicensesInCluster { path } => (
            format!("The Helm chart keeps the licenses on its licenses volume in the cluster ({path} in the pods), which famsync does not read."),
            format!("See them in the Admin Console (Billing → Subscription), or list them with: kubectl exec --namespace <namespace> deployment/<release>-self-host-api -- ls {path}/organization"),
        ),
        Error::LogsInContainer { path } => (
            format!("The server's logs are inside its containers ({path} there), which famsync does not read."),
            "Read them there: docker compose logs bitwarden, or docker compose exec bitwarden ls /var/log/bitwarden (Bitwarden lite); kubectl logs --namespace <namespace> deployment/<release>-self-host-api (Helm).".into(),
        ),
        Error::InstallationIdInSecret { path } => (
            format!("The Helm chart keeps the installation id in the Kubernetes secret named by secrets.secretName, not in {}.", p(path)),
            "famsync does not read secrets from the cluster: what needs the id (famsync check, the token) is not available for a values file yet. Status, enable, disable and restore work.".into(),
        ),
        Error::HelmReleaseNeeded { values } => (
            format!("famsync applies {} to a Helm release you name, and none was named.", p(values)),
            "Name it and its namespace: --release NAME --namespace NAMESPACE (helm list --all-namespaces shows them). famsync uses your current kubectl context, never another.".into(),
        ),
        Error::KubeContextMissing { said } => (
            format!("kubectl names no current context{}", said.as_deref().map_or(".".into(), |s| format!(": {s}"))),
            "Choose the cluster that runs Bitwarden yourself (kubectl config use-context NAME), then run famsync restart again.".into(),
        ),
        Error::HelmReleaseNotFound { release, namespace, chart, said } => (
            match (chart, said) {
                (Some(chart), _) => format!("The Helm release {release} in namespace {namespace} is the chart {chart}, not Bitwarden's self-host."),
                (None, Some(said)) => format!("helm list in namespace {namespace} failed: {said}"),
                (None, None) => format!("helm list finds no release {release} in namespace {namespace} (in your current kubectl context)."),
            },
            "Check the names with helm list --all-namespaces, and the context with kubectl config current-context.".into(),
        ),
        Error::HelmValuesRefused { path, reason } => (
            format!("famsync leaves {} as it is: {}.", p(path), helm_refusal(*reason)),
            "Set general.enableCloudCommunication and general.cloudRegion in it yourself, as plain values under general:, then run famsync status.".into(),
        ),
        Error::InstallationIdMissing { path, key } => (
            format!("{} has no {key} line.", p(path)),
            format!("Every installation has the id and key it got from https://bitwarden.com/host. Add them back, or restore a backup. {RESTORE}"),
        ),
        Error::InstallationIdInvalid { path, line } => (
            format!("The installation id on line {line} of {} is not a GUID.", p(path)),
            "It must look like 01234567-89ab-cdef-0123-456789abcdef: compare it with the id you got from https://bitwarden.com/host and correct the line.".into(),
        ),
        Error::BackupNotFound { name, dir } => (
            format!("There is no famsync backup named {name} in {}.", p(dir)),
            "List the backups with: famsync backups list".into(),
        ),
        Error::ScriptMissing { dir } => (
            format!("There is no bitwarden.sh in {}, beside bwdata.", p(dir)),
            "famsync restarts Bitwarden with the installation's own bitwarden.sh: put it back, or restart Bitwarden yourself.".into(),
        ),
        Error::ScriptNotExecutable { script } => (
            format!("{} is not executable.", p(script)),
            format!("Give it back its execute permission, as its owner: chmod +x {}. Then try again.", p(script)),
        ),
        Error::ScriptNotTrusted {
            path,
            script,
            owner,
            mode,
            runner,
        } => {
            // Root runs it: "root" alone, not "root and root".
            let trusted = if &**runner == "root" { "root".to_string() } else { format!("root and {runner}") };
            (
                format!(
                    "famsync does not run {}: {} (owner {owner}, mode {mode}) can be changed by someone other than {trusted}, and {runner} would run it.",
                    p(script),
                    p(path)
                ),
                format!(
                    "As root, make {0} owned by {1} and writable only by its owner (for example: chown {runner} {0}; chmod go-w {0}). Then try again.",
                    p(path),
                    trusted.replace(" and ", " or ")
                ),
            )
        }
        Error::PageRefused { url } => (
            format!("famsync does not open \"{url}\": it opens only https: pages (and http: on this machine)."),
            "Set url: in bwdata/config.yml to your server's https:// address (as root or the installation's owner), then try again.".into(),
        ),
        Error::NoPrivateFolder { runtime, variable } => (
            match runtime {
                Some(r) => format!("famsync has no folder of its own: there is no home folder, and {} ({variable}) is not yours alone (0700).", p(r)),
                None => format!("famsync has no folder of its own: there is no home folder and no {variable}."),
            },
            "Run famsync as a user with a home folder, or set HOME (or XDG_DATA_HOME) to a folder only you may use. famsync never keeps its files in a shared folder such as /tmp.".into(),
        ),
        Error::RootConsentRequired { script } => (
            format!("famsync runs as root, and {} asks root to confirm before it goes on.", p(script)),
            "Run famsync as the installation's owner (usually: sudo -u bitwarden famsync …), or pass --yes to let famsync answer yes.".into(),
        ),
        Error::TokenInvalid { reason } => (
            format!("That is not a billing sync token: {}.", token_reason(reason)),
            "Copy the token again from the cloud web vault (Billing → Subscription → Self-hosting → Set up billing sync): it is 30 letters and digits.".into(),
        ),
        Error::OrganizationIdInvalid { text } => (
            format!("\"{text}\" is not an organization id."),
            "Use the organization's id, a GUID: famsync status lists the organizations on this server with their ids.".into(),
        ),
        Error::KeyringUnavailable => (
            "There is no OS keyring to keep the token in (on Linux: no Secret Service on the D-Bus session).".into(),
            "Install and run a Secret Service provider (gnome-keyring, or KeePassXC with Secret Service integration) in your desktop session. On a server without a desktop: dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; famsync …'. famsync never stores the token anywhere else.".into(),
        ),
        Error::KeyringLocked => (
            "The OS keyring is locked.".into(),
            "Unlock it (sign in to the desktop session, or open your keyring manager), then try again.".into(),
        ),
        Error::KeyringRefused => (
            "The OS keyring refused to store or read the token.".into(),
            "Check your keyring manager for a famsync entry it cannot handle, delete it, and try again.".into(),
        ),
        Error::SshHostKeyUnknown { host, fingerprint } => (
            format!("famsync does not know the host key of {host} yet: {fingerprint}."),
            format!("Compare it with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, run on the server). Only if they match: famsync --host {host} accept-host-key {fingerprint}"),
        ),
        Error::SshTargetInvalid { field, text } => (
            format!("\"{text}\" is not a valid SSH {}.", format!("{field:?}").to_lowercase()),
            "Give the server as host, user@host or user@host:port (a name or address without spaces, a port from 1 to 65535), or an alias from ~/.ssh/config.".into(),
        ),
        Error::SshHostKeyChanged { host } => (
            format!("WARNING: the host key of {host} is not the one known for it. Someone may be intercepting the connection, or the server was reinstalled."),
            "famsync refuses to connect. Check with the server's administrator; if the server really has a new key, remove the old one with ssh-keygen -R and compare the new one.".into(),
        ),
        Error::SshAuthFailed { host } => (
            format!("{host} refused every SSH key offered."),
            "Load your key into the agent (ssh-add), or name it in ~/.ssh/config (IdentityFile); check that it is in the server's authorized_keys. famsync never asks for a password.".into(),
        ),
        Error::SshUnreachable { host } => (
            format!("No SSH connection to {host}."),
            "Check the host name, the port and the network (ssh HOST works from here?), and that sshd runs on the server.".into(),
        ),
        Error::SshPathUnusable { path } => (
            format!("ssh cannot be told the path {} unambiguously.", path.display()),
            "It holds a double quote, a backslash, a control character or a $ before a brace: use a home folder, data folder and key file whose paths have none.".into(),
        ),
        Error::SshToolMissing { tool } => (
            format!("--host needs the OpenSSH client ({tool}), and this machine has none on its PATH."),
            "Install it: on Windows the optional feature \"OpenSSH Client\" (Settings, System, Optional features), on Debian or Ubuntu the package openssh-client, on Fedora openssh-clients.".into(),
        ),
        Error::ToolMissing { tool } => (
            format!("famsync applies the settings with {tool}, and this machine has no {tool} on its PATH."),
            match tool.as_str() {
                "docker" => "Run famsync where docker works for you (docker compose up -d in the installation's folder), or install Docker with its Compose plugin.".into(),
                _ => format!("Run famsync where {tool} works for you, with the context that manages Bitwarden, or install {tool}."),
            },
        ),
        Error::SshConnectionLost { host } => (
            format!("The SSH connection to {host} dropped while famsync was working."),
            "Nothing was half-written: the file is as it was or wholly new, and its backup is kept. Run famsync status to see which, then retry.".into(),
        ),
        Error::SshNoAnswer { host, seconds } => (
            format!("{host} accepted the login, but its shell sent nothing for {seconds} seconds."),
            format!("Nothing was written in that step. A login script there may wait for input (a read or a prompt in ~/.bashrc or ~/.profile), or a process there stopped: check that `ssh {host} true` returns at once, then retry."),
        ),
        Error::RemoteHelperFailed { host } => (
            format!("famsync could not understand the answer from {host}."),
            "famsync needs a POSIX shell (sh) and the coreutils stat, base64 and sha256sum on the server. Install coreutils there, or run famsync on the server itself.".into(),
        ),
        Error::RestartInProgress { bwdata, holder } => (
            format!(
                "A restart of the Bitwarden at {} is already running{}.",
                p(bwdata),
                holder.as_ref().map(held_by).unwrap_or_default()
            ),
            match holder {
                Some(h) => format!("Wait for it to end, or cancel it where it was started (a famsync window or terminal). If process {} is no restart, it only holds the lock on the script's folder: as {} (or root), stop it (kill {}).", h.pid, h.user.as_deref().unwrap_or("its user"), h.pid),
                None => "Wait for it to end, or cancel it where it was started (a famsync window or terminal), before starting another.".into(),
            },
        ),
        Error::FingerprintInvalid { text } => (
            format!("\"{text}\" is not a SHA-256 certificate fingerprint."),
            "Copy the fingerprint famsync check printed (64 hex digits, with or without colons), or take it on the server with: openssl x509 -noout -fingerprint -sha256 -in bwdata/ssl/<your domain>/certificate.crt".into(),
        ),
        Error::ServerUrlMissing { config } => (
            format!("{} names no server URL, so famsync does not know where your server is.", p(config)),
            "Set url: in config.yml (bitwarden.sh rebuild applies it), or point famsync at the server with FAMSYNC_SERVER_URL.".into(),
        ),
        Error::OutputExists { path } => (
            format!("{} exists already; famsync does not replace a file you did not ask it to replace.", p(path)),
            "Choose another file name, or add --force to replace that file.".into(),
        ),
        Error::OutputNotAFile { path } => (
            format!("{} is a link, a folder or a special file, not a file famsync can write: famsync never replaces one.", p(path)),
            "Give the path of a new file, for example famsync-report.json in your home folder.".into(),
        ),
        Error::OutputFolderMissing { folder } => (
            format!("The folder {} does not exist, so famsync cannot write the report there.", p(folder)),
            "Create the folder first (mkdir -p), or give a path in a folder that exists. Nothing was written.".into(),
        ),
        Error::OutputInsideInstallation { path, bwdata } => (
            format!("{} is inside the Bitwarden installation of {} (in bwdata, its env folder, or beside bitwarden.sh).", p(path), p(bwdata)),
            "famsync writes nothing into bwdata but the env file and its backups: write the report elsewhere, for example -o ~/famsync-report.json".into(),
        ),
        Error::NotARegularFile { path } => (
            format!("{} is not a regular file (a folder, a named pipe, a device, or a link to one), so famsync does not read it.", p(path)),
            "Bitwarden writes a plain file there: put the real file back, or move this one away.".into(),
        ),
        Error::FileTooLarge { path, size, limit } => (
            format!("{} is {size} bytes, far more than the file Bitwarden writes there (famsync reads up to {limit}).", p(path)),
            "It is not the file Bitwarden wrote: put the real file back, or move this one away.".into(),
        ),
        Error::DiskFull { path } => (
            format!("The disk holding {} is full.", p(path)),
            "Free some space on that disk (df -h shows how much is left), then try again. Nothing was changed.".into(),
        ),
        Error::ApiClientIdInvalid { reason } => (
            format!("That is not a personal API key's client_id: {}.", client_id_reason(reason)),
            match reason {
                // Given on a command line, the secret is now in the shell's history and was in
                // the process list: only a new key undoes that.
                famsync_core::api::ClientIdReason::LooksLikeSecret => "If that was your client_secret, it is now in your shell's history: rotate the key (web vault: Account settings → Security → Keys → Rotate API key), then famsync login --client-id user.… and give the new secret when asked.",
                _ => "In your self-hosted web vault: Account settings → Security → Keys → View API key. Copy client_id (user.…) and client_secret from there.",
            }
            .into(),
        ),
        Error::ApiSecretInvalid { reason } => (
            format!("That is not a personal API key's client_secret: {}.", token_reason(reason)),
            "Copy client_secret again from Account settings → Security → Keys → View API key in your self-hosted web vault: it is 30 letters and digits.".into(),
        ),
        Error::ApiKeyRejected { server } => (
            format!("{server} refused that API key (invalid_client): the secret is wrong or was rotated, or this server has no such user."),
            "View the API key again in this server's web vault (Account settings → Security → Keys), then famsync login again. A key from another server or from the cloud does not work here.".into(),
        ),
        Error::ApiSignInRefused { server, error } => (
            format!("{server} refused the sign-in ({error})."),
            sign_in_fix(error),
        ),
        Error::ServerRequestFailed { failure } => crate::check_words::server_request(failure),
        Error::ApiNotSignedIn { server } => (
            format!("{server} wants a sign-in: famsync has no session there, or it expired."),
            "Sign in with your personal API key: famsync login".into(),
        ),
        Error::LicenseSyncNotPossible { organization } => (
            format!("Your server will not sync the license of organization {organization}: the signed-in user is not one of its owners, or the server has no billing sync token for it."),
            format!("Save the token on the server first (famsync token apply --org {organization}), signed in as an owner (famsync login)."),
        ),
        Error::LicenseSyncFailed { organization } => (
            format!("Your server could not get the license of organization {organization} from the cloud (\"An error has occurred. Check your internet connection and ensure the billing token is correct.\")."),
            "Run famsync check (region lines, firewall, installation key) and try again in a minute (the cloud refuses too many requests in a minute); if it still fails, the token was probably rotated in the cloud: generate a new one, famsync token set, then famsync token apply.".into(),
        ),
        Error::ServerCloudCommunicationOff { server } => (
            format!("Cloud communication is off in the server that runs at {server}, whatever the settings file says."),
            "Restart Bitwarden so it reads the settings: famsync restart".into(),
        ),
        Error::ApiPlainHttp { server } => (
            format!("{server} is plain http to another machine: your API key and the billing sync token would cross the network readable by anyone on the way, so famsync sends neither."),
            "Give the server an https:// URL (bwdata/config.yml: url, then ./bitwarden.sh rebuild), or do steps 4 and 5 by hand in the web vault.".into(),
        ),
        Error::ApiServerChanged { kept, now } => (
            format!("The API key famsync keeps was given for {kept}, and this installation's server is now {now}: famsync does not send it to a URL it was not given for."),
            "If the new address is right, sign in there: famsync login".into(),
        ),
        Error::LicenseInUse { organization } => (
            format!("Your server will not take the license of organization {organization}: another organization on this server already uses it (\"License is already in use by another organization vault.\")."),
            "Find the organization that holds it in the System Administrator Portal (Organizations), and remove its license, or sync the organization that should have it.".into(),
        ),
        Error::LicenseVersionUnsupported { organization, version } => (
            format!("Your server is too old for the license of organization {organization}: it is in format {version}, which this server does not know (\"Version {version} is not supported.\")."),
            "Update Bitwarden (./bitwarden.sh updateself, then ./bitwarden.sh update), then sync again: famsync sync --org ID".into(),
        ),
        Error::TokenMissing { organization } => (
            format!("No billing sync token is saved for organization {organization}."),
            format!("Save the one from the cloud web vault first: famsync token set --org {organization}"),
        ),
        Error::ApiNotOwner { organization } => (
            format!("The signed-in user is not an owner of organization {organization} on this server."),
            "Sign in with the API key of one of its owners (famsync login): only owners manage billing sync.".into(),
        ),
        Error::ApiLicenseNotVerified { organization } => (
            format!("Your server cannot verify the license of organization {organization} (\"Cannot verify license file.\")."),
            "Download the license again from the cloud web vault (Billing → Subscription) and upload it in the self-hosted Admin Console, then try again.".into(),
        ),
        Error::ApiRefused { server, message } => (
            format!("{server} refused: \"{message}\""),
            "That is the server's own message. Run famsync check; if it does not explain it, famsync report has the details for support.".into(),
        ),
        Error::Io { path, kind, os_code } => (
            format!("{}: the system reported {kind}{}.", p(path), os_code.map(|c| format!(" (OS error {c})")).unwrap_or_default()),
            "Check the disk and the path, then try again. Nothing was changed.".into(),
        ),
    }
}

fn owner_not_kept(path: &Path, owner: Option<&str>) -> (String, String) {
    let owner = owner.unwrap_or("its owner");
    (
        format!(
            "famsync cannot keep {owner} as the owner of {}: only root can give a file to another user.",
            p(path)
        ),
        format!("Run famsync as {owner} (sudo -u {owner} famsync …) or as root. Nothing was changed."),
    )
}

fn permission(path: &Path, owner: Option<&str>, user: Option<&str>) -> (String, String) {
    let owner = owner.unwrap_or("another user");
    let user = user.unwrap_or("this user");
    (
        format!("Permission denied on {}: it belongs to {owner}, and famsync runs as {user}.", p(path)),
        format!("Run famsync as the installation's owner: sudo -u {owner} famsync … (or as root). Nothing was changed."),
    )
}

fn refusal(reason: &famsync_core::envfile::Refusal) -> &'static str {
    use famsync_core::envfile::Refusal;
    match reason {
        Refusal::SpaceInKey => "a name with a space in it",
        Refusal::CharacterInKey => "a character a name may not hold",
        Refusal::UnterminatedQuote => "a quote that is never closed",
        Refusal::Interpolation => "a ${…} it cannot read, or a required variable that is not set",
    }
}

fn client_id_reason(reason: &famsync_core::api::ClientIdReason) -> &'static str {
    use famsync_core::api::ClientIdReason;
    match reason {
        ClientIdReason::Empty => "nothing was given",
        ClientIdReason::OrganizationKey => "it is the organization's API key (organization.…), which cannot manage billing sync; use your own key (user.…)",
        ClientIdReason::NotUserId => "it is not user. followed by your user id",
        ClientIdReason::LooksLikeSecret => "it looks like the client_secret, not the id",
    }
}

/// What to do about the identity service's OAuth error ids (bitwarden/server v2026.8.0:
/// ClientVersionValidator.cs, DeviceValidator.cs).
fn sign_in_fix(error: &str) -> String {
    match error {
        "version_header_missing" | "invalid_client_version" => "This server wants a newer client than this famsync speaks as: update famsync.".into(),
        "device_error" => "famsync sent incomplete device information: please report this famsync bug (famsync report).".into(),
        _ => "Run famsync check, then try again; if it keeps happening, famsync report has the details for support.".into(),
    }
}

/// ` (held by process 4242, flock … sleep 30, user famsync-test)`.
fn held_by(h: &famsync_core::runner::LockHolder) -> String {
    let mut about = vec![format!("process {}", h.pid)];
    about.extend(h.command.as_ref().map(|c| format!("\"{c}\"")));
    about.extend(h.user.as_ref().map(|u| format!("user {u}")));
    format!(" (the lock is held by {})", about.join(", "))
}

fn token_reason(reason: &famsync_core::token::TokenReason) -> String {
    use famsync_core::token::TokenReason;
    match reason {
        TokenReason::Empty => "nothing was given".into(),
        TokenReason::WrongLength { length } => format!("it has {length} characters, not 30"),
        TokenReason::NotAlphanumeric { position } => {
            format!("character {position} is not a letter or a digit")
        }
    }
}

/// Why famsync left a Helm values file alone, in words.
fn helm_refusal(reason: famsync_core::helm_values::Refusal) -> &'static str {
    use famsync_core::helm_values::Refusal;
    match reason {
        Refusal::NotYaml => "it is not YAML helm would read",
        Refusal::NotOneMapping => "it is not one mapping of values",
        Refusal::GeneralNotAMapping => "its general: is not a mapping of its own",
        Refusal::DuplicateKey => "a key is set twice under general:",
        Refusal::ValueNotPlain => "one of the two values is an alias, anchored, tagged or spans lines",
        Refusal::FlowMapping => "general: is written as a { … } mapping",
        Refusal::WouldChangeMore => "the edit would have changed more than the two values",
    }
}
