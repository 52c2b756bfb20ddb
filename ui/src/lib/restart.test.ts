import { describe, expect, test } from "vitest";
import { clock, verdict } from "./restart";
import type { Finished, ServerReport } from "./types";

const health = (over: Partial<ServerReport> = {}): ServerReport => ({
  url: "https://vault.example.test",
  alive_error: null,
  config: { version: "2026.8.0", cloud_region: "EU" },
  config_error: null,
  warnings: [],
  ...over,
});

const finished = (outcome: Finished["outcome"], h: ServerReport | null = null): Finished => ({ outcome, health: h, url: null, overridden: false });

describe("verdict", () => {
  test("up and answering in the region", () => {
    expect(verdict(finished({ outcome: "up_and_running", env_revision: "r" }, health()))).toEqual({ kind: "up", version: "2026.8.0", region: "EU" });
  });

  test("up but in the old region: the settings were not loaded", () => {
    const h = health({ warnings: [{ code: "region_mismatch", expected: "EU", reported: "US" }] });
    expect(verdict(finished({ outcome: "up_and_running", env_revision: "r" }, h))).toEqual({ kind: "wrong_region", expected: "EU", reported: "US" });
  });

  test("the script said up, the server never answered", () => {
    const h = health({ alive_error: { stage: "connect", url: "u", status: null, certificate: null }, config: null });
    expect(verdict(finished({ outcome: "up_and_running", env_revision: "r" }, h)).kind).toBe("unhealthy");
  });

  test("a server left down is said first, however the run ended", () => {
    expect(verdict(finished({ outcome: "failed", exit_code: 1, cause: "unknown", server_down: true }))).toEqual({ kind: "down", how: "failed" });
    expect(verdict(finished({ outcome: "cancelled", server_down: true }))).toEqual({ kind: "down", how: "cancelled" });
    expect(verdict(finished({ outcome: "failed", exit_code: 1, cause: "no_installation", server_down: false }))).toEqual({ kind: "failed", cause: "no_installation", exitCode: 1 });
    expect(verdict(finished({ outcome: "timed_out", server_down: false }))).toEqual({ kind: "timed_out" });
  });
});

test("clock shows minutes and seconds", () => {
  expect(clock(0)).toBe("0:00");
  expect(clock(65_400)).toBe("1:05");
});
