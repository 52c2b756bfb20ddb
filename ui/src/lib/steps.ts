// The wizard's steps and their status, as famsync-core's progress model derives them.
import type { Progress, Region, StatusReport, StepId } from "./types";

export type { StepId };
export type StepStatus = "todo" | "in_progress" | "done" | "attention";

export interface StepView {
  id: StepId;
  number: number | null;
  status: StepStatus;
}

export const STEP_IDS: StepId[] = ["installation", "region", "restart", "token", "apply_token", "sync", "done"];

/** Before an installation is open every step is still to do. */
export function deriveSteps(progress: Progress | null): StepView[] {
  return STEP_IDS.map((id, i) => ({
    id,
    number: id === "done" ? null : i,
    status: progress?.steps.find((s) => s.id === id)?.status ?? "todo",
  }));
}

/** Step 1 starts on the region the installation is set to now. */
export function defaultRegion(report: StatusReport | null): Region {
  return report?.cloud_communication.region ?? "us";
}
