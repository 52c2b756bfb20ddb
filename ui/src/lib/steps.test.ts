import { describe, expect, test } from "vitest";
import { defaultRegion, deriveSteps, STEP_IDS } from "./steps";
import type { Progress, StatusReport } from "./types";

const progress = (statuses: Progress["steps"][number]["status"][]): Progress => ({
  steps: STEP_IDS.map((id, i) => ({ id, status: statuses[i], why: { why: "steps_left" } })),
  next: "region",
});

describe("deriveSteps", () => {
  test("without an installation every step is to do, numbered 0 to 5 and then Done", () => {
    const steps = deriveSteps(null);
    expect(steps.map((s) => s.status)).toEqual(Array(7).fill("todo"));
    expect(steps.map((s) => s.number)).toEqual([0, 1, 2, 3, 4, 5, null]);
  });

  test("each step shows the status the core derived", () => {
    const p = progress(["done", "attention", "todo", "done", "in_progress", "todo", "todo"]);
    expect(deriveSteps(p).map((s) => s.status)).toEqual(["done", "attention", "todo", "done", "in_progress", "todo", "todo"]);
  });
});

test("the region defaults to the installation's", () => {
  const report = { cloud_communication: { region: "eu" } } as StatusReport;
  expect(defaultRegion(report)).toBe("eu");
  expect(defaultRegion(null)).toBe("us");
});
