// The wizard's steps and their status, derived from what the installation shows.
import type { Region, StatusReport } from "./types";

export type StepId = "installation" | "region" | "restart" | "token" | "apply_token" | "sync" | "done";
export type StepStatus = "todo" | "done" | "attention" | "later";

export interface StepView {
  id: StepId;
  number: number | null;
  status: StepStatus;
  /** Whether this version of famsync can do the step yet. */
  available: boolean;
}

export const STEP_IDS: StepId[] = ["installation", "region", "restart", "token", "apply_token", "sync", "done"];
const AVAILABLE: StepId[] = ["installation", "region", "restart"];

function installationStatus(report: StatusReport | null): StepStatus {
  if (!report) return "todo";
  const orgTrouble = report.organizations.some((o) => "error" in o || o.warnings.length > 0);
  return report.problems.length > 0 || orgTrouble ? "attention" : "done";
}

function regionStatus(report: StatusReport | null): StepStatus {
  if (!report) return "todo";
  const cloud = report.cloud_communication;
  if (!cloud.consistent) return "attention";
  return cloud.enabled ? "done" : "todo";
}

// Done only when famsync saw the server start with the file as it is now.
function restartStatus(report: StatusReport | null): StepStatus {
  return report?.env_file.pending_restart === false ? "done" : "todo";
}

export function deriveSteps(report: StatusReport | null): StepView[] {
  return STEP_IDS.map((id, i) => {
    const available = AVAILABLE.includes(id);
    let status: StepStatus = "later";
    if (id === "installation") status = installationStatus(report);
    if (id === "region") status = regionStatus(report);
    if (id === "restart") status = restartStatus(report);
    return { id, number: id === "done" ? null : i, status, available };
  });
}

/** Step 1 starts on the region the installation is set to now. */
export function defaultRegion(report: StatusReport | null): Region {
  return report?.cloud_communication.region ?? "us";
}
