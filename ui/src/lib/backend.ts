// The only module that talks to Tauri: everything else imports these functions, so tests can
// replace them.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import type { Action, Applied, Confirmation, InstallationChange, Finished, Page, Pin, Plan, ProgressView, Readiness, Region, RestartEvent, ScriptCommand, StatusReport, StepId } from "./types";

export const backend = {
  locate: () => invoke<StatusReport>("locate"),
  openInstallation: (path: string) => invoke<StatusReport>("open_installation", { path }),
  openSample: (reset: boolean) => invoke<StatusReport>("open_sample", { reset }),
  status: () => invoke<StatusReport>("status"),
  preview: (action: Action) => invoke<Plan>("preview", { action }),
  apply: (action: Action, revision: string) => invoke<Applied>("apply", { action, revision }),
  undo: (backup: string, revision: string) => invoke<Applied>("undo", { backup, revision }),
  preflight: (region: Region) => invoke<Readiness>("preflight", { region }),
  trustCertificate: (fingerprint: string) => invoke<Pin>("trust_certificate", { fingerprint }),
  /** bitwarden.sh restart (or start); `onEvent` gets every line as it comes. */
  restart: (command: ScriptCommand, rootConsent: boolean, onEvent: (e: RestartEvent) => void) => {
    const channel = new Channel<RestartEvent>();
    channel.onmessage = onEvent;
    return invoke<Finished>("restart", { command, rootConsent, onEvent: channel });
  },
  cancelRestart: () => invoke<void>("cancel_restart"),
  /** Watches the open installation; `onChange` runs after every outside change. */
  watchInstallation: (onChange: (c: InstallationChange) => void) => {
    const channel = new Channel<InstallationChange>();
    channel.onmessage = onChange;
    return invoke<void>("watch_installation", { onChange: channel });
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
  pickFolder: async (): Promise<string | null> => {
    const chosen = await open({ directory: true, multiple: false });
    return typeof chosen === "string" ? chosen : null;
  },
};
