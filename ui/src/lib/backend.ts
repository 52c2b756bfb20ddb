// The only module that talks to Tauri: everything else imports these functions, so tests can
// replace them.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { Action, Applied, Backup, BillingSync, Broken, ServerWord, SignedIn, Synced, Display, LogScan, Preferences, Confirmation, Finished, Page, Pin, Place, Plan, ProgressView, Readiness, Region, RestartEvent, ScriptCommand, ServerForm, SshQuestion, StatusReport, StepId, WatchEvent } from "./types";

export const backend = {
  /** Closes the window, which ends the app (its shortcut: shortcuts.ts). */
  closeWindow: () => getCurrentWindow().close(),
  /** The first step is painted, at `at` (ms since the epoch): for the log and make bench. */
  firstShown: (at: number, origin: number) => invoke<void>("first_shown", { at, origin }),
  display: () => invoke<Display>("display"),
  serverLog: () => invoke<LogScan>("server_log"),
  createReport: () => invoke<{ path: string; text: string }>("create_report"),
  openLogFolder: () => invoke<string>("open_log_folder"),
  setPreferences: (preferences: Preferences) => invoke<void>("set_preferences", { preferences }),
  /** The installation to start on; ssh's questions (passphrases, passwords) from then on come
   * to `onQuestion`: answer each with answerPrompt. */
  locate: (onQuestion: (q: SshQuestion) => void) => {
    const channel = new Channel<SshQuestion>();
    channel.onmessage = onQuestion;
    return invoke<StatusReport>("locate", { onQuestion: channel });
  },
  openInstallation: (path: string) => invoke<StatusReport>("open_installation", { path }),
  openSample: (reset: boolean) => invoke<StatusReport>("open_sample", { reset }),
  /** An installation on a server over SSH; `ssh_host_key_unknown` asks the owner first. */
  openServer: (form: ServerForm) => invoke<StatusReport>("open_server", { form }),
  openPlace: (place: Place) => invoke<StatusReport>("open_place", { place }),
  places: () => invoke<Place[]>("places"),
  forgetPlace: (place: Place) => invoke<Place[]>("forget_place", { place }),
  acceptHostKey: (form: ServerForm, fingerprint: string) => invoke<void>("accept_host_key", { form, fingerprint }),
  reconnect: () => invoke<StatusReport>("reconnect"),
  /** The owner's answer, or null to cancel. */
  answerPrompt: (id: number, answer: string | null) => invoke<void>("answer_prompt", { id, answer }),
  status: () => invoke<StatusReport>("status"),
  preview: (action: Action) => invoke<Plan>("preview", { action }),
  apply: (action: Action, revision: string) => invoke<Applied>("apply", { action, revision }),
  undo: (backup: string, revision: string) => invoke<Applied>("undo", { backup, revision }),
  /** The open installation's env file problem and backups, when it was opened broken. */
  broken: () => invoke<Broken | null>("broken"),
  backups: () => invoke<Backup[]>("backups"),
  previewRestore: (name: string) => invoke<Plan>("preview_restore", { name }),
  /** Puts backup `name` back if the file still has `revision` (read `status` next). */
  restore: (name: string, revision: string) => invoke<Applied>("restore", { name, revision }),
  preflight: (region: Region) => invoke<Readiness>("preflight", { region }),
  trustCertificate: (fingerprint: string) => invoke<Pin>("trust_certificate", { fingerprint }),
  /** bitwarden.sh restart (or start); `onEvent` gets every line as it comes. */
  restart: (command: ScriptCommand, rootConsent: boolean, onEvent: (e: RestartEvent) => void) => {
    const channel = new Channel<RestartEvent>();
    channel.onmessage = onEvent;
    return invoke<Finished>("restart", { command, rootConsent, onEvent: channel });
  },
  cancelRestart: () => invoke<void>("cancel_restart"),
  /** Follows the open installation: its changes, and on a server the connection's state. */
  watchInstallation: (onEvent: (e: WatchEvent) => void) => {
    const channel = new Channel<WatchEvent>();
    channel.onmessage = onEvent;
    return invoke<void>("watch_installation", { onEvent: channel });
  },
  progress: () => invoke<ProgressView>("progress"),
  rememberStep: (step: StepId) => invoke<void>("remember_step", { step }),
  chooseOrganization: (organization: string) => invoke<void>("choose_organization", { organization }),
  confirmStep: (step: StepId) => invoke<void>("confirm_step", { step }),
  saveToken: (organization: string, token: string) => invoke<void>("save_token", { organization, token }),
  copyToken: (organization: string) => invoke<boolean>("copy_token", { organization }),
  deleteToken: (organization: string) => invoke<boolean>("delete_token", { organization }),
  openPage: (organization: string, page: Page) => invoke<void>("open_page", { organization, page }),
  confirmRestarted: () => invoke<Confirmation>("confirm_restarted"),
  /** Who famsync signs in to the open installation's server as (no sign-in happens). */
  apiSignedIn: () => invoke<SignedIn | null>("api_signed_in"),
  /** Signs in with the owner's personal API key; `keep`: in the OS keyring, else only in memory. */
  apiLogIn: (clientId: string, clientSecret: string, keep: boolean) => invoke<SignedIn>("api_log_in", { clientId, clientSecret, keep }),
  apiLogOut: () => invoke<void>("api_log_out"),
  lastServerWord: () => invoke<ServerWord | null>("last_server_word"),
  askServer: () => invoke<ServerWord>("ask_server"),
  saveOnServer: (organization: string) => invoke<BillingSync>("save_on_server", { organization }),
  syncLicense: (organization: string) => invoke<Synced>("sync_license", { organization }),
  pickFolder: () => pick(true),
  /** A file on this computer (the SSH key). */
  pickFile: () => pick(false),
};

async function pick(directory: boolean): Promise<string | null> {
  const chosen = await open({ directory, multiple: false });
  return typeof chosen === "string" ? chosen : null;
}
