// Generated from famsync-core by `make bindings`. Do not edit.

export type Kind = "standard" | "windows_host" | "lite" | "helm";

export type HelmRefusal = "not_yaml" | "not_one_mapping" | "general_not_a_mapping" | "duplicate_key" | "value_not_plain" | "flow_mapping" | "would_change_more";

export type Region = "us" | "eu";

export type OtherCloud = "gov";

export type PushRelay = "default" | "disabled" | "enabled";

export type RegionProblem = { "code": "region_line_mismatch", key: string, expected: string | null, found: string | null, } | { "code": "region_value_unknown", key: string, found: string, } | { "code": "enable_value_unknown", key: string, found: string, };

export type CloudState = { enabled: boolean, 
/**
 * The region the server would use; None when the settings name another cloud.
 */
region: Region | null, 
/**
 * That other cloud.
 */
other_cloud: OtherCloud | null, consistent: boolean, problems: Array<RegionProblem>, push_relay: PushRelay, };

export type PlanFamily = "free" | "families" | "teams" | "enterprise" | "custom" | "unknown";

export type LicenseWarning = { "code": "installation_mismatch", license: string, installation: string, } | { "code": "plan_cannot_sponsor", plan_type: number | null, } | { "code": "expired", expires: string, } | { "code": "expiry_unreadable", expires: string, } | { "code": "trial" } | { "code": "disabled" } | { "code": "version_not_supported", version: number, newest: number, };

export type LicenseWrite = { 
/**
 * Unix seconds.
 */
at: number, synced: boolean, };

export type Organization = { id: string, name: string | null, file: string, plan_type: number | null, plan: PlanFamily, version: number | null, expires: string | null, 
/**
 * When the cloud issued this license (`Issued`, as written).
 */
issued: string | null, 
/**
 * When the file was last written (None where the server's `stat` could not say).
 */
written: LicenseWrite | null, warnings: Array<LicenseWarning>, };

export type LicenseEntry = Organization | { file: string, error: CoreError, } | { file: string, being_written: boolean, };

export type CoreError = { "code": "path_missing", path: string, } | { "code": "not_a_bwdata", path: string, } | { "code": "cloud_not_served", cloud: string, domain: string, } | { "code": "no_installation_found", searched: Array<string>, } | { "code": "permission_denied", path: string, owner: string | null, user: string | null, } | { "code": "env_file_missing", path: string, } | { "code": "env_file_empty", path: string, } | { "code": "env_file_not_utf8", path: string, line: number, } | { "code": "env_file_binary", path: string, offset: number, } | { "code": "env_file_too_large", path: string, size: number, limit: number, } | { "code": "env_file_symlink", path: string, target: string, } | { "code": "env_folder_link", path: string, target: string, } | { "code": "env_file_not_regular", path: string, } | { "code": "read_only_filesystem", path: string, } | { "code": "env_file_refused_by_compose", path: string, line: number, reason: Refusal, } | { "code": "env_value_from_environment", path: string, key: string, line: number, } | { "code": "env_file_changed", path: string, } | { "code": "immutable", path: string, } | { "code": "folder_not_writable", folder: string, 
/**
 * Octal, as chmod and ls write it.
 */
mode: string, } | { "code": "file_not_readable", path: string, 
/**
 * Octal, as chmod and ls write it.
 */
mode: string, } | { "code": "file_not_writable", path: string, 
/**
 * Octal, as chmod and ls write it.
 */
mode: string, } | { "code": "owner_not_kept", path: string, owner: string | null, } | { "code": "access_not_kept", path: string, attribute: string, } | { "code": "env_file_world_writable", path: string, } | { "code": "license_invalid", path: string, line: number, column: number, } | { "code": "license_field_invalid", path: string, field: string, } | { "code": "installation_id_missing", path: string, 
/**
 * The key the id is read from: the kind's (install::INSTALLATION_ID, lite's BW_INSTALLATION_ID).
 */
key: string, } | { "code": "installation_id_in_secret", path: string, } | { "code": "helm_release_needed", values: string, } | { "code": "helm_release_not_found", release: string, namespace: string, chart: string | null, said: string | null, } | { "code": "kube_context_missing", said: string | null, } | { "code": "helm_values_refused", path: string, reason: HelmRefusal, } | { "code": "apply_by_hand", command: string, folder: string, } | { "code": "licenses_in_container", volume: string, path: string, } | { "code": "logs_in_container", path: string, } | { "code": "licenses_in_cluster", path: string, } | { "code": "installation_id_invalid", path: string, line: number, } | { "code": "backup_not_found", name: string, dir: string, } | { "code": "script_missing", dir: string, } | { "code": "script_not_executable", script: string, } | { "code": "script_not_trusted", path: string, script: string, owner: string, mode: string, runner: string, } | { "code": "page_refused", url: string, } | { "code": "no_private_folder", runtime: string | null, variable: string, } | { "code": "root_consent_required", script: string, } | { "code": "token_invalid", reason: TokenReason, } | { "code": "organization_id_invalid", text: string, } | { "code": "keyring_unavailable" } | { "code": "keyring_locked" } | { "code": "keyring_refused" } | { "code": "ssh_target_invalid", field: TargetField, text: string, } | { "code": "ssh_host_key_unknown", host: string, fingerprint: string, } | { "code": "ssh_host_key_changed", host: string, } | { "code": "ssh_auth_failed", host: string, } | { "code": "ssh_unreachable", host: string, } | { "code": "ssh_connection_lost", host: string, } | { "code": "ssh_no_answer", host: string, seconds: bigint, } | { "code": "ssh_path_unusable", path: string, } | { "code": "ssh_tool_missing", tool: string, } | { "code": "tool_missing", tool: string, } | { "code": "remote_helper_failed", host: string, } | { "code": "restart_in_progress", bwdata: string, 
/**
 * The process holding the lock, where this machine shows it (any user who may read
 * the script's folder can take it): its pid, command and user.
 */
holder: LockHolder | null, } | { "code": "fingerprint_invalid", text: string, } | { "code": "server_url_missing", config: string, } | { "code": "output_exists", path: string, } | { "code": "output_not_a_file", path: string, } | { "code": "output_folder_missing", folder: string, } | { "code": "output_inside_installation", path: string, bwdata: string, } | { "code": "not_a_regular_file", path: string, } | { "code": "file_too_large", path: string, size: number, limit: number, } | { "code": "disk_full", path: string, } | { "code": "api_client_id_invalid", reason: ClientIdReason, } | { "code": "api_secret_invalid", reason: TokenReason, } | { "code": "api_key_rejected", server: string, } | { "code": "api_sign_in_refused", server: string, error: string, } | { "code": "license_sync_not_possible", organization: string, } | { "code": "license_sync_failed", organization: string, } | { "code": "server_cloud_communication_off", server: string, } | { "code": "license_in_use", organization: string, } | { "code": "license_version_unsupported", organization: string, version: number, } | { "code": "token_missing", organization: string, } | { "code": "api_plain_http", server: string, } | { "code": "api_server_changed", kept: string, now: string, } | { "code": "api_not_signed_in", server: string, } | { "code": "api_not_owner", organization: string, } | { "code": "api_license_not_verified", organization: string, } | { "code": "api_refused", server: string, message: string, } | { "code": "server_request_failed", failure: HttpFailure, } | { "code": "io", path: string, kind: string, os_code: number | null, };

export type Duplicate = { key: string, lines: Array<number>, };

export type Refusal = "space_in_key" | "character_in_key" | "unterminated_quote" | "interpolation";

export type StartRecord = { 
/**
 * The env file's revision (see envfile::revision) when the server was started.
 */
env_revision: string, 
/**
 * Unix seconds.
 */
at: number, };

export type EnvFileView = { revision: string, duplicates: Array<Duplicate>, 
/**
 * What the running server was last started with, when famsync knows (see `with_applied`).
 */
applied: StartRecord | null, 
/**
 * True: the file changed since that start, so the server has not loaded it yet.
 */
pending_restart: boolean | null, };

export type InstallationView = { 
/**
 * The SSH target when the installation is on another machine.
 */
host: string | null, kind: Kind, bwdata: string, env_file: string, script: string | null, 
/**
 * Who owns the script and who famsync would run it as (on this machine), to show before
 * the owner agrees to a restart.
 */
script_account: ScriptAccount | null, 
/**
 * What famsync runs to apply the settings ("bitwarden.sh", "bitwarden.ps1", "docker
 * compose up -d"); None where it is the owner's to run.
 */
apply: string | null, url: string | null, installation_id: string | null, sample: boolean, };

export type StatusReport = { installation: InstallationView, cloud_communication: CloudState, organizations: Array<LicenseEntry>, env_file: EnvFileView, 
/**
 * Things wrong with the installation that do not stop famsync from describing it.
 */
problems: Array<CoreError>, };

export type Action = { "action": "enable", region: Region, push_relay: boolean, } | { "action": "disable" };

export type PlanNote = { "code": "push_relay_stays_disabled", key: string, would_be: string, } | { "code": "replaces_damaged_file", problem: string, } | { "code": "backup_is_damaged", problem: string, } | { "code": "recreates_missing_file" } | { "code": "moves_aside", problem: string, } | { "code": "splits_hard_link", links: bigint, } | { "code": "only_other_lines_differ" };

export type Plan = { 
/**
 * The revision of the file this plan was computed from; `apply` insists on it.
 */
revision: string, changes: Array<Change>, notes: Array<PlanNote>, 
/**
 * Whether applying it writes anything (a restore may write with no key changed).
 */
writes: boolean, };

export type Applied = { changes: Array<Change>, 
/**
 * None when nothing needed to change (and so nothing was written).
 */
backup: string | null, revision: string, 
/**
 * Old backups that should have been deleted (all but the newest ten) and could not be.
 */
not_pruned: Array<string>, };

export type Backup = { name: string, 
/**
 * UTC, as in the name: `2026-11-22T10:15:00Z`.
 */
created: string, size: number, };

export type Broken = { env_file: string, 
/**
 * Why the env file cannot be read: the error `status` gave.
 */
problem: CoreError, 
/**
 * Oldest first, as `backups list` shows them.
 */
backups: Array<Backup>, };

export type ChangeKind = "added" | "changed" | "removed" | "deduplicated";

export type ChangeNote = "turns_push_relay_on";

export type Change = { key: string, kind: ChangeKind, 
/**
 * `None` when absent or hidden.
 */
before: string | null, after: string | null, hidden: boolean, note: ChangeNote | null, };

export type ScriptCommand = "restart" | "start";

export type Stream = "stdout" | "stderr";

export type OutputLine = { stream: Stream, text: string, };

export type FailureCause = "no_installation" | "unknown_command" | "no_compose" | "unknown";

export type Outcome = { "outcome": "up_and_running", env_revision: string | null, } | { "outcome": "failed", exit_code: number | null, cause: FailureCause, server_down: boolean, } | { "outcome": "timed_out", server_down: boolean, } | { "outcome": "cancelled", server_down: boolean, };

export type ScriptAccount = { 
/**
 * The script as it will be run (links resolved).
 */
script: string, 
/**
 * The user name owning it ("uid N" when it has none).
 */
owner: string, 
/**
 * The account bitwarden.sh runs as.
 */
runs_as: string, 
/**
 * True when that account is root (bitwarden.sh then asks root to confirm).
 */
as_root: boolean, };

export type LockHolder = { pid: number, 
/**
 * Its command line (or name), as /proc shows it.
 */
command: string | null, 
/**
 * The user it runs as.
 */
user: string | null, };

export type TokenReason = { "reason": "empty" } | { "reason": "wrong_length", length: number, } | { "reason": "not_alphanumeric", position: number, };

export type ClientIdReason = { "reason": "empty" } | { "reason": "organization_key" } | { "reason": "not_user_id" } | { "reason": "looks_like_secret" };

export type Holds = "this_token" | "other_token" | "no_token";

export type BillingSync = { 
/**
 * A connection exists.
 */
configured: boolean, enabled: boolean, holds: Holds, 
/**
 * When the server last synced the license with it (the server's local time, as stored).
 */
last_license_sync: string | null, };

export type Synced = { billing_sync: BillingSync, sponsorships_synced: string | null, };

export type SignedIn = { 
/**
 * The user's id (the guid of `user.<guid>`).
 */
user: string, 
/**
 * The key is in the OS keyring (else only in famsync's memory, until it quits).
 */
kept: boolean, 
/**
 * The server's URL the requests go to.
 */
server: string, };

export type OrganizationWord = { id: string, billing_sync: BillingSync, 
/**
 * When the sponsorships last synced with the cloud (None: never, or none to sync yet).
 */
sponsorships_synced: string | null, };

export type ServerWord = { 
/**
 * When famsync asked (unix seconds).
 */
asked_at: number, 
/**
 * The server asked, and the user famsync signed in as.
 */
server: string, user: string, 
/**
 * `GET organizations/connections/enabled`: cloud communication in the running server.
 */
cloud_communication: boolean, 
/**
 * The chosen organization's side, when one is chosen.
 */
organization: OrganizationWord | null, };

export type Links = { 
/**
 * Step 3: the organization's subscription page in the cloud web vault.
 */
cloud_billing: string, 
/**
 * Step 4: the same page on the self-hosted server (None without a server URL).
 */
self_hosted_billing: string | null, 
/**
 * Step 5: the organization in the System Administrator Portal ("Manually Sync").
 */
admin_organization: string | null, 
/**
 * Why there are no pages on the server although it has a URL: that URL is no web page
 * famsync opens (`page_refused`).
 */
problem: CoreError | null, };

export type InstallationChange = "env_file" | "licenses" | "logs";

export type StepId = "installation" | "region" | "restart" | "token" | "apply_token" | "sync" | "done";

export type StepStatus = "todo" | "in_progress" | "done" | "attention";

export type Why = { "why": "installation_readable" } | { "why": "installation_has_problems" } | { "why": "cloud_communication_on" } | { "why": "cloud_communication_off" } | { "why": "region_lines_disagree" } | { "why": "server_started_with_file" } | { "why": "file_changed_since_start" } | { "why": "no_start_seen" } | { "why": "no_organization_chosen" } | { "why": "token_in_keyring" } | { "why": "no_token" } | { "why": "keyring_unavailable" } | { "why": "confirmed", at: number, } | { "why": "token_changed_since_confirmed" } | { "why": "license_synced", at: number, } | { "why": "server_holds_token", at: number, } | { "why": "server_holds_other_token", at: number, } | { "why": "server_holds_no_token", at: number, } | { "why": "sponsorships_synced", at: number, } | { "why": "license_sync_failed", at: number, } | { "why": "not_confirmed" } | { "why": "all_done" } | { "why": "steps_left" };

export type Step = { id: StepId, status: StepStatus, why: Why, };

export type Progress = { steps: Array<Step>, 
/**
 * The first step that is not done.
 */
next: StepId, };

export type SeenToken = { at: number, holds: Holds, };

export type SeenSync = { at: number, synced: boolean, };

export type ProgressRecord = { 
/**
 * The organization being set up (its id, lower-case GUID).
 */
organization: string | null, 
/**
 * When the token was last saved to the keyring (unix seconds).
 */
token_saved_at: number | null, 
/**
 * The owner's confirmations, by step, with their time (unix seconds).
 */
confirmed: { [step in StepId]?: number }, 
/**
 * The step the owner last looked at, to open there again.
 */
last_step: StepId | null, 
/**
 * What the server's billing sync connection held when famsync last read it.
 */
server_token: SeenToken | null, 
/**
 * How the last license sync famsync asked the server for ended.
 */
license_sync: SeenSync | null, 
/**
 * When the server last said the sponsorships synced (unix seconds), as it said it.
 */
sponsorships_synced_at: number | null, };

export type Pin = { 
/**
 * Lower-case host name or IP address, without port.
 */
host: string, 
/**
 * SHA-256 of the certificate's DER, as `AB:CD:…` (what `openssl x509 -fingerprint -sha256` prints).
 */
sha256: string, };

export type CertProblem = "self_signed" | "unknown_issuer" | "expired" | "not_yet_valid" | "wrong_name" | "other";

export type Presented = { host: string, sha256: string, problem: CertProblem, };

export type Stage = "dns" | "connect" | "tls" | "timeout" | "http" | "body";

export type HttpFailure = { stage: Stage, url: string, status: number | null, 
/**
 * At the TLS stage: the certificate that was refused, and why.
 */
certificate: Presented | null, };

export type CloudHosts = { api: string, identity: string, push: string, 
/**
 * True when a stand-in replaces the real hosts: front ends must say so.
 */
overridden: boolean, };

export type CheckId = "api_reachable" | "identity_reachable" | "push_reachable" | "installation_id" | "installation_key";

export type CheckResult = { "code": "ok" } | { "code": "unreachable", failure: HttpFailure, } | { "code": "installation_unknown", region: string, belongs_to: string | null, } | { "code": "installation_disabled", region: string, } | { "code": "key_rejected", region: string, } | { "code": "key_checked_recently", again_in_secs: bigint, } | { "code": "key_rate_limited", again_in_secs: bigint, } | { "code": "key_missing" };

export type Check = { id: CheckId, result: CheckResult, };

export type Preflight = { region: Region, hosts: CloudHosts, checks: Array<Check>, };

export type ServerConfig = { version: string, 
/**
 * The region the running server loaded: `environment.cloudRegion` as configured (any
 * case), or US when a server that reports it (2023.8 and later) has none set, since its
 * cloud URIs then default to the US ones (src/Core/Settings/GlobalSettings.cs,
 * `InstallationSettings`, in bitwarden/server). None when the server is too old to say.
 */
cloud_region: string | null, };

export type ServerWarning = { "code": "too_old_for_sponsorships", version: string, minimum: string, } | { "code": "too_old_for_sync_license", version: string, minimum: string, } | { "code": "region_not_reported", version: string, } | { "code": "region_mismatch", expected: string, reported: string, } | { "code": "pinned_certificate_expired", host: string, not_after: string, };

export type ServerReport = { url: string, 
/**
 * None when /api/alive answered.
 */
alive_error: HttpFailure | null, config: ServerConfig | null, config_error: HttpFailure | null, warnings: Array<ServerWarning>, };

export type Readiness = { cloud: Preflight, 
/**
 * None when the installation names no URL (config.yml).
 */
server: ServerReport | null, };

export type RestartEvent = { "event": "line", line: OutputLine, } | { "event": "waiting_for_server", url: string, };

export type Finished = { outcome: Outcome, 
/**
 * After a successful run: what the server said at the end of the wait.
 */
health: ServerReport | null, 
/**
 * The URL checked, and whether FAMSYNC_SERVER_URL chose it (front ends say so).
 */
url: string | null, overridden: boolean, };

export type Confirmation = { server: ServerReport, 
/**
 * True when the server answered in the expected region, so the file as it is now was
 * recorded as what it runs with.
 */
recorded: boolean, };

export type TargetField = "host" | "user" | "port";

export type ServerForm = { 
/**
 * A host name, an address, or an alias from ~/.ssh/config.
 */
host: string, 
/**
 * Empty: ssh_config's User, else the local user name.
 */
user: string, 
/**
 * Empty: ssh_config's Port, else 22.
 */
port: string, 
/**
 * A private key file on this machine; empty: the SSH agent and ssh_config.
 */
identity: string, 
/**
 * The bwdata folder on the server; empty: looked for in the usual places there.
 */
bwdata: string, };

export type SshPrompt = { "kind": "passphrase", key: string, } | { "kind": "password", account: string, } | { "kind": "other", text: string, };

export type SshQuestion = { id: number, prompt: SshPrompt, };

export type Place = { 
/**
 * None: this computer. Else the SSH target as the owner gave it (an ssh_config alias,
 * host, user@host or user@host:port).
 */
host: string | null, 
/**
 * The key file chosen for that server; None: the SSH agent and ssh_config.
 */
identity: string | null, 
/**
 * The bwdata folder on that host, as found.
 */
bwdata: string, 
/**
 * What the last opening showed, to tell the places apart in the list.
 */
installation_id: string | null, url: string | null, };

export type WatchEvent = { "kind": "changed", change: InstallationChange, } | { "kind": "lost", error: CoreError, } | { "kind": "reconnected" } | { "kind": "failed", error: CoreError, };

export type LogProblem = "sponsorship_sync_failed" | "license_not_verified" | "cloud_unreachable" | "key_rejected" | "sync_error";

export type LogFinding = { service: string, file: string, 
/**
 * The entry's timestamp as the server wrote it.
 */
time: string | null, problem: LogProblem, 
/**
 * The entry's first line, as written, with token- and password-shaped text removed.
 */
line: string, 
/**
 * The line after it when it is not an entry: the logged exception's type and message.
 */
detail: string | null, };

export type UnreadLog = { file: string, error: CoreError, };

export type JobRun = { 
/**
 * The timestamp of its "Starting job" entry, as the server wrote it.
 */
started: string, 
/**
 * The timestamp of its "Finished job" entry; None while it runs (or if it never ended).
 */
finished: string | null, 
/**
 * How many "Sponsorship sync for organization … Failed" entries fell in the run.
 */
failed_organizations: number, 
/**
 * "Error performing SelfHostedSponsorshipSyncJob." fell in the run: the job itself threw.
 */
job_failed: boolean, 
/**
 * The job said it skipped the sync because cloud communication is disabled.
 */
cloud_communication_disabled: boolean, };

export type LogScan = { 
/**
 * The day read, `yyyyMMdd` as in the file names.
 */
day: string, findings: Array<LogFinding>, unread: Array<UnreadLog>, 
/**
 * The last run of the daily sponsorship sync job in the api's log of the day, None when
 * none started that day (it runs once a day, at an hour chosen when the api starts).
 */
sponsorship_job: JobRun | null, };

export type Language = "en" | "ja" | "zh-CN" | "nl" | "fr" | "sv";

export type Theme = "system" | "light" | "dark";

export type Preferences = { language: Language | null, theme: Theme, };

export type Display = { preferences: Preferences, system_language: Language, };
