import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { LANGUAGES, catalog as load, catalogKeys, describeError, setLanguage, t } from "./i18n.svelte";
import type { Language } from "./types";

// Every catalog as the window fetches it, so the checks read what the window shows.
const CATALOGS = Object.fromEntries(await Promise.all(LANGUAGES.map(async (l) => [l, await load(l)]))) as Record<Language, Record<string, string>>;

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
const DYNAMIC = ["error.", "fix.", "license.", "check.", "result.", "stage.", "server.warning.", "server.holds.", "preflight.state.", "problem.", "cert.", "restart.state.", "restart.result.", "restart.cause.", "restart.down_how.", "handoff.apply_token.", "handoff.sync.", "note.", "plan.", "diff.kind.", "diff.note.", "status.", "step.", "region.us", "region.eu", "connection.", "display.theme.", "log.problem.", "log.fix.", "kind."];
// Product names, the same in every language.
const NAMES = ["kind.lite", "kind.helm"];

const placeholders = (text: string) => [...text.matchAll(/\{([\w.]+)\}/g)].map((m) => m[1]).sort();

describe("the English catalog", () => {
  const code = sources(SRC).map((f) => fs.readFileSync(f, "utf8")).join("\n");
  const literal = [...code.matchAll(/\bt\("([a-z0-9_.]+)"/g)].map((m) => m[1]);
  // Bitwarden's UI labels are used inside other texts as {bw.name}.
  const labels = Object.values(CATALOGS.en).flatMap(placeholders).filter((p) => p.startsWith("bw."));

  test("has every key the code asks for", () => {
    const missing = literal.filter((k) => !catalogKeys().includes(k));
    expect(missing).toEqual([]);
    expect(literal.length).toBeGreaterThan(40);
  });

  test("has no key the code never uses", () => {
    const used = (k: string) => literal.includes(k) || labels.includes(k) || DYNAMIC.some((p) => k.startsWith(p));
    expect(catalogKeys().filter((k) => !used(k))).toEqual([]);
  });

  test("has a title and a summary for every step", async () => {
    const { STEP_IDS } = await import("./steps");
    for (const id of STEP_IDS) {
      expect(catalogKeys()).toContain(`step.${id}.title`);
      expect(catalogKeys()).toContain(`step.${id}.summary`);
    }
  });

  test("names every Bitwarden label it refers to", () => {
    expect(labels.length).toBeGreaterThan(5);
    expect(labels.filter((k) => !(k in CATALOGS.en))).toEqual([]);
  });
});

describe.each(LANGUAGES.filter((l) => l !== "en"))("the %s catalog", (lang) => {
  const catalog = CATALOGS[lang];

  test("has exactly the English keys, none missing and none extra", () => {
    expect(Object.keys(catalog).filter((k) => !(k in CATALOGS.en))).toEqual([]);
    expect(catalogKeys().filter((k) => !(k in catalog))).toEqual([]);
  });

  test("fills the same placeholders as English in every text", () => {
    const differ = catalogKeys().filter((k) => placeholders(catalog[k] ?? "").join() !== placeholders(CATALOGS.en[k]).join());
    expect(differ).toEqual([]);
  });

  test("is translated: its texts are not English left in place", () => {
    // Bitwarden labels that Bitwarden itself leaves in English, commands and names excepted.
    const same = catalogKeys().filter((k) => catalog[k] === CATALOGS.en[k] && !k.startsWith("bw.") && !NAMES.includes(k) && /[a-z]{3,} [a-z]{3,}/.test(CATALOGS.en[k]));
    expect(same).toEqual([]);
  });
});

describe("Bitwarden labels", () => {
  test("show Bitwarden's own translation with the English name beside it", async () => {
    await setLanguage("ja");
    expect(t("fix.license_invalid")).toContain("料金 (Billing) → 契約 (Subscription)");
    // A label Bitwarden leaves in English (the admin portal is English only) is shown once.
    expect(t("handoff.sync.clicks")).toContain("Connections → Manually Sync");
    await setLanguage("en");
    expect(t("fix.license_invalid")).toContain("(Billing → Subscription)");
  });
});

describe("describeError", () => {
  test("puts the core's fields into the message", () => {
    const d = describeError({ code: "permission_denied", path: "/opt/bitwarden/bwdata/env/global.override.env", owner: "bitwarden", user: "alice" });
    expect(d.what).toBe("Permission denied on /opt/bitwarden/bwdata/env/global.override.env: it belongs to bitwarden, and famsync runs as alice.");
    expect(d.fix).toContain("Start famsync as bitwarden");
  });

  test("speaks the chosen language", async () => {
    await setLanguage("fr");
    const d = describeError({ code: "permission_denied", path: "/x", owner: "bitwarden", user: "alice" });
    await setLanguage("en");
    expect(d.what).toBe("Permission refusée sur /x : il appartient à bitwarden, et famsync tourne en tant que alice.");
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
