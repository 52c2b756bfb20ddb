import { describe, expect, test } from "vitest";
import { defaultRegion, deriveSteps } from "./steps";
import type { StatusReport } from "./types";

function report(over: Partial<StatusReport["cloud_communication"]> = {}, problems = 0): StatusReport {
  return {
    installation: { bwdata: "/b", env_file: "/b/env/global.override.env", script: null, url: null, installation_id: "x", sample: false },
    cloud_communication: { enabled: false, region: "us", consistent: true, problems: [], push_relay: "default", ...over },
    organizations: [],
    env_file: { revision: "r", duplicates: [], applied: null, pending_restart: null },
    problems: Array.from({ length: problems }, () => ({ code: "installation_id_invalid" as const, path: "/b/env/global.override.env", line: 9 })),
  };
}

const status = (r: StatusReport | null, id: string) => deriveSteps(r).find((s) => s.id === id)!.status;

describe("deriveSteps", () => {
  test("without an installation everything waits", () => {
    expect(status(null, "installation")).toBe("todo");
    expect(status(null, "region")).toBe("todo");
  });

  test("cloud communication on and consistent is done", () => {
    expect(status(report({ enabled: true, region: "eu" }), "region")).toBe("done");
    expect(status(report({ enabled: false }), "region")).toBe("todo");
  });

  test("inconsistent region lines need attention, on or off", () => {
    expect(status(report({ enabled: true, consistent: false }), "region")).toBe("attention");
    expect(status(report({ enabled: false, consistent: false }), "region")).toBe("attention");
  });

  test("installation problems and license warnings need attention", () => {
    expect(status(report({}, 1), "installation")).toBe("attention");
    const r = report();
    r.organizations = [{ id: "o", name: "n", file: "f", plan_type: 18, plan: "teams", version: 1, expires: null, warnings: [{ code: "plan_cannot_sponsor", plan_type: 18 }] }];
    expect(status(r, "installation")).toBe("attention");
    expect(status(report(), "installation")).toBe("done");
  });

  test("the restart step is done only when the server started with the file as it is", () => {
    const r = report({ enabled: true });
    expect(status(r, "restart")).toBe("todo");
    r.env_file.pending_restart = true;
    expect(status(r, "restart")).toBe("todo");
    r.env_file.pending_restart = false;
    expect(status(r, "restart")).toBe("done");
  });

  test("later steps are shown but not yet available", () => {
    const later = deriveSteps(report()).filter((s) => !s.available);
    expect(later.map((s) => s.id)).toEqual(["token", "apply_token", "sync", "done"]);
    expect(later.every((s) => s.status === "later")).toBe(true);
  });

  test("the region defaults to the installation's", () => {
    expect(defaultRegion(report({ region: "eu" }))).toBe("eu");
    expect(defaultRegion(null)).toBe("us");
  });
});
