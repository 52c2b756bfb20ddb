// How a restart ended, in the terms step 2 shows: one verdict, and what to offer next.
import type { Finished } from "./types";

export type Verdict =
  | { kind: "up"; version: string; region: string | null }
  | { kind: "wrong_region"; expected: string; reported: string }
  | { kind: "unhealthy" }
  | { kind: "down"; how: "failed" | "timed_out" | "cancelled" }
  | { kind: "failed"; cause: string; exitCode: number | null }
  | { kind: "timed_out" }
  | { kind: "cancelled" };

export function verdict(f: Finished): Verdict {
  const o = f.outcome;
  if (o.outcome === "up_and_running") {
    const h = f.health;
    const mismatch = h?.warnings.find((w) => w.code === "region_mismatch");
    if (mismatch && mismatch.code === "region_mismatch") return { kind: "wrong_region", expected: mismatch.expected, reported: mismatch.reported };
    if (h && h.alive_error === null && h.config) return { kind: "up", version: h.config.version, region: h.config.cloud_region };
    return { kind: "unhealthy" };
  }
  // A stopped server matters more than how the run ended: say it first and offer start.
  if (o.server_down) return { kind: "down", how: o.outcome };
  if (o.outcome === "failed") return { kind: "failed", cause: o.cause, exitCode: o.exit_code };
  return { kind: o.outcome };
}

/** m:ss, for the elapsed time while bitwarden.sh runs. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
