// Issue #6's window tests: the language comes from the OS locale or the switcher (remembered),
// no English leaks into a step in Japanese or French, every step passes an axe-core audit with
// no serious or critical finding in the light and the dark theme, no text is clipped, and each
// step is photographed in English, Japanese and French, light and dark (tests/out/display/).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { By, Key } from "selenium-webdriver";
import { launch, find, screenshot, axeFindings, APP, ROOT } from "./harness.js";

const STEPS = ["installation", "region", "restart", "token", "apply_token", "sync", "done"];
const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, `ui/src/locales/${lang}.json`), "utf8"));
const EN = catalog("en");

/** The app started under another OS locale: WebKitWebDriver runs this script, which sets LANG. */
function appWithLocale(locale, env = "") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "famsync-locale-"));
  const script = path.join(dir, "famsync-app");
  fs.writeFileSync(script, `#!/bin/sh\nunset LANGUAGE LC_ALL LC_MESSAGES\nexport LANG=${locale} ${env}\nexec "${APP}" "$@"\n`, { mode: 0o755 });
  return script;
}

const pageLang = (driver) => driver.executeScript("return document.documentElement.lang");

async function choose(driver, id, value) {
  await (await find(driver, id)).findElement(By.css(`option[value="${value}"]`)).click();
}

/** Elements whose text is cut off: wider content than their box where it cannot wrap. */
async function clipped(driver) {
  return driver.executeScript(`
    const out = [];
    for (const el of document.querySelectorAll("button, label, h1, h2, h3, select, option, legend, .step, .badge, .conn, th, td, dt, dd, p, li")) {
      const s = getComputedStyle(el);
      if (el.offsetParent === null || s.overflowX === "auto" || s.overflowX === "scroll") continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + "." + el.className + ": " + el.textContent.trim().slice(0, 60));
    }
    return out;`);
}

// English the page may show in any language: Bitwarden's own UI labels, which Bitwarden itself
// leaves in English in some languages or which famsync shows beside their translation.
const ALLOWED = Object.entries(EN).filter(([k]) => k.startsWith("bw.")).map(([, v]) => v);
const STOPWORDS = /\b(the|and|your|with|this|that|is|are|to|of|for|from|not|will|be|it|in|an)\b/i;

/** English in the page's words: a catalog sentence left in English, or English words at all.
 *  Data is left out: code, the log, and what is marked translate="no" (names, paths, hosts). */
async function english(driver, lang) {
  const text = await driver.executeScript(`
    const keep = (n) => !n.parentElement.closest('code, pre, kbd, [translate="no"], option[lang], .sr-only-ignore');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim() && keep(n)) parts.push(n.textContent.trim());
    for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) parts.push(el.getAttribute("aria-label") ?? "", el.getAttribute("placeholder") ?? "", el.getAttribute("title") ?? "");
    return parts.filter(Boolean);`);
  const own = new Set(Object.values(catalog(lang)));
  const leaks = [];
  // Dutch and Swedish share some of these short words with English ("is", "in"): for them
  // only whole English sentences from the catalog count.
  const words = !["nl", "sv"].includes(lang);
  for (let part of text) {
    for (const label of ALLOWED) part = part.split(label).join(" ");
    if (words && STOPWORDS.test(part)) leaks.push(part);
  }
  const sentences = Object.values(EN).filter((v) => !own.has(v) && v.length > 24).map((v) => v.split(/\{[\w.]+\}/).sort((a, b) => b.length - a.length)[0]).filter((f) => f.length > 16);
  for (const s of sentences) if (text.some((p) => p.includes(s))) leaks.push(s);
  return leaks;
}

/** Tab from the step's heading through the page: every enabled control must take focus (one
 *  per radio group, as browsers do) and show a visible focus ring. */
async function keyboardReaches(driver, step) {
  const controls = await driver.executeScript(`
    const seen = new Set();
    return [...document.querySelectorAll("main button, main input, main select, main a[href], main summary, nav button, header select")]
      .filter((e) => !e.disabled && e.offsetParent !== null)
      .filter((e) => e.type !== "radio" || (!seen.has(e.name) && seen.add(e.name)))
      .map((e) => (e.type === "radio" ? e.name : e.dataset.testid || e.id || e.name || e.textContent.trim()));`);
  const reached = new Set();
  for (let i = 0; i < controls.length + 25 && reached.size < controls.length; i++) {
    await driver.switchTo().activeElement().sendKeys(Key.TAB);
    const [name, ring] = await driver.executeScript(`
      const e = document.activeElement;
      const s = getComputedStyle(e);
      const name = e.type === "radio" ? e.name : (e.dataset.testid || e.id || e.name || e.textContent.trim());
      return [name, s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2];`);
    assert.ok(ring, `${step}: ${name} has focus but no visible focus ring`);
    reached.add(name);
  }
  const missed = controls.filter((c) => !reached.has(c));
  assert.deepEqual(missed, [], `${step}: not reachable by Tab`);
}

/** Every step in both themes: audited, checked for clipping (and English when `lang` is not
 *  English), and photographed. */
async function everyStep(driver, lang) {
  for (const theme of ["light", "dark"]) {
    await choose(driver, "theme", theme);
    assert.equal(await driver.executeScript("return document.documentElement.dataset.theme"), theme);
    for (const [n, step] of STEPS.entries()) {
      await (await find(driver, `step-${step}`)).click();
      // Focus lands on the step's heading, for keyboard and screen-reader users.
      await driver.wait(async () => (await driver.executeScript("return document.activeElement?.id")) === "step-heading", 3000, `focus not on ${step}'s heading`);
      // With the organization chosen, steps 4 and 5 show their Bitwarden clicks.
      if (step === "token") await chooseOrganization(driver);
      await driver.sleep(300);
      const where = `${lang} ${theme} ${step}`;
      assert.deepEqual(await axeFindings(driver), [], `axe findings on ${where}`);
      assert.deepEqual(await clipped(driver), [], `clipped text on ${where}`);
      if (lang !== "en") assert.deepEqual(await english(driver, lang), [], `English on ${where}`);
      if (lang === "en" && theme === "light") await keyboardReaches(driver, step);
      await screenshot(driver, `display/${lang}-${theme}-${n}-${step}`);
    }
  }
}

async function chooseOrganization(driver) {
  const org = await driver.findElement(By.css('input[type="radio"][name="org"]'));
  if (!(await org.isSelected())) await org.click();
}

/** The sample installation, with today's server log naming two problems, so steps 4, 5 and
 *  Done show their troubleshooting panel. */
async function openSample(driver) {
  await (await find(driver, "use-sample")).click();
  await find(driver, "sample-notice");
  const d = new Date();
  const day = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
  const logs = path.join(process.env.XDG_DATA_HOME, "org.famsync.desktop/sample/bwdata/logs/api/Api");
  fs.mkdirSync(logs, { recursive: true });
  fs.writeFileSync(
    path.join(logs, `${day}.txt`),
    '2026-11-29T03:00:01.1230000+00:00  [ERR] Sponsorship sync for organization "Sample Corp" Failed (61b2f8d4)\n' +
      "Bit.Core.Exceptions.BadRequestException: Organization sync failed\n" +
      "2026-11-29T03:00:02.0000000+00:00  [ERR] Unable to authenticate with identity server. (7d1f00a2)\n",
  );
}

test("Japanese from the OS locale: every step in Japanese, audited in both themes", async () => {
  const driver = await launch({ application: appWithLocale("ja_JP.UTF-8") });
  try {
    await driver.wait(async () => (await pageLang(driver)) === "ja", 5000, "the OS locale's language was not chosen");
    await openSample(driver);
    await everyStep(driver, "ja");
  } finally {
    await driver.quit();
  }
});

test("French chosen in the switcher is remembered, and every step is in French", async () => {
  let driver = await launch({ application: appWithLocale("C.UTF-8") });
  try {
    assert.equal(await pageLang(driver), "en");
    await choose(driver, "language", "fr");
    await driver.wait(async () => (await pageLang(driver)) === "fr", 3000);
    await driver.quit();
    driver = await launch({ resume: true, application: appWithLocale("ja_JP.UTF-8") });
    await driver.wait(async () => (await pageLang(driver)) === "fr", 5000, "the chosen language was not remembered over the OS locale");
    await openSample(driver);
    await everyStep(driver, "fr");
  } finally {
    await driver.quit();
  }
});

test("English: every step audited in both themes", async () => {
  const driver = await launch({ application: appWithLocale("en_US.UTF-8") });
  try {
    assert.equal(await pageLang(driver), "en");
    await openSample(driver);
    await everyStep(driver, "en");
  } finally {
    await driver.quit();
  }
});

test("the system theme follows the OS: a dark GTK theme gives the dark theme", async () => {
  const driver = await launch({ application: appWithLocale("en_US.UTF-8", "GTK_THEME=Adwaita:dark") });
  try {
    assert.equal(await (await find(driver, "theme")).getAttribute("value"), "system");
    assert.equal(await driver.executeScript("return document.documentElement.dataset.theme"), "dark");
    await screenshot(driver, "display/system-dark");
  } finally {
    await driver.quit();
  }
});

test("Simplified Chinese, Dutch and Swedish: every step audited, unclipped and without English", async () => {
  const driver = await launch({ application: appWithLocale("C.UTF-8") });
  try {
    await openSample(driver);
    for (const lang of ["zh-CN", "nl", "sv"]) {
      await choose(driver, "language", lang);
      await driver.wait(async () => (await pageLang(driver)) === lang, 3000);
      await everyStep(driver, lang);
    }
  } finally {
    await driver.quit();
  }
});
