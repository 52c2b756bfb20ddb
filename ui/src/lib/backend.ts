// The only module that talks to Tauri: everything else imports these functions, so tests can
// replace them.
import { invoke } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import type { Action, Applied, Pin, Plan, Readiness, Region, StatusReport } from "./types";

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
  pickFolder: async (): Promise<string | null> => {
    const chosen = await open({ directory: true, multiple: false });
    return typeof chosen === "string" ? chosen : null;
  },
};
