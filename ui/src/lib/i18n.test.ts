import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { catalogKeys, describeError, t } from "./i18n";

const SRC = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(svelte|ts)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

// Keys built at run time from a code or id sent by Rust: a catalog key under one of these
// prefixes counts as used (the Rust test ui_catalog checks the codes exist).
const DYNAMIC = ["error.", "fix.", "license.", "check.", "result.", "stage.", "server.warning.", "preflight.state.", "problem.", "cert.", "restart.state.", "restart.result.", "restart.cause.", "restart.down_how.", "handoff.apply_token.", "handoff.sync.", "note.", "plan.", "diff.kind.", "diff.note.", "status.", "step.", "region.us", "region.eu", "connection."];

describe("the English catalog", () => {
  const code = sources(SRC).map((f) => fs.readFileSync(f, "utf8")).join("\n");
  const literal = [...code.matchAll(/\bt\("([a-z0-9_.]+)"/g)].map((m) => m[1]);

  test("has every key the code asks for", () => {
    const missing = literal.filter((k) => !catalogKeys().includes(k));
    expect(missing).toEqual([]);
    expect(literal.length).toBeGreaterThan(40);
  });

  test("has no key the code never uses", () => {
    const unused = catalogKeys().filter((k) => !literal.includes(k) && !DYNAMIC.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });

  test("has a title and a summary for every step", async () => {
    const { STEP_IDS } = await import("./steps");
    for (const id of STEP_IDS) {
      expect(catalogKeys()).toContain(`step.${id}.title`);
      expect(catalogKeys()).toContain(`step.${id}.summary`);
    }
  });
});

describe("describeError", () => {
  test("puts the core's fields into the message", () => {
    const d = describeError({ code: "permission_denied", path: "/opt/bitwarden/bwdata/env/global.override.env", owner: "bitwarden", user: "alice" });
    expect(d.what).toBe("Permission denied on /opt/bitwarden/bwdata/env/global.override.env: it belongs to bitwarden, and famsync runs as alice.");
    expect(d.fix).toContain("Start famsync as bitwarden");
  });

  test("joins lists and names missing values", () => {
    expect(t("problem.region_line_mismatch", { key: "k", expected: null, found: "x" })).toBe("k should be unknown but is x.");
    expect(t("problem.duplicate_key", { key: "k", lines: [3, 9] })).toBe("k is set on lines 3, 9; the last one wins.");
  });

  test("anything that is not a known coded error reads as unexpected", () => {
    for (const weird of [undefined, "boom", { code: "no_such_code" }, { message: "x" }, 42]) {
      expect(describeError(weird).code).toBe("unexpected");
    }
  });
});
