// Starts the real famsync window through tauri-driver (WebKitWebDriver underneath) and offers
// small helpers. run.sh has already started Xvfb, a private D-Bus session and tauri-driver.
import assert from "node:assert/strict";
import { By, until, WebDriver } from "selenium-webdriver";
import { Executor, HttpClient } from "selenium-webdriver/http/index.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

export const APP = process.env.FAMSYNC_APP;
export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const OUT = path.join(ROOT, "tests/out");
const DRIVER = `http://127.0.0.1:${process.env.TAURI_DRIVER_PORT ?? 4444}/`;

/** The app, as on a first start unless `resume`: everything it kept (installations, steps, start
 *  records, accepted host keys, window geometry) is forgotten, so each test starts from the same
 *  place. */
export async function launch({ resume = false, application = APP } = {}) {
  if (!APP) throw new Error("FAMSYNC_APP must name the built app binary");
  // First, so a famsync still exiting cannot write its state after it is forgotten.
  await exited();
  if (!resume) {
    // The data folder (store, sample, logs) and the config folder (the window's size and place).
    for (const base of [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME]) {
      fs.rmSync(path.join(base, "org.famsync.desktop"), { recursive: true, force: true });
    }
  }
  const driver = WebDriver.createSession(new Bounded(new HttpClient(DRIVER)), { browserName: "wry", "tauri:options": { application } });
  await within(driver.getSession(), 30000, "famsync's window did not open within 30 s: WebKitWebDriver waits for ever on an app that exits at start (run.sh prints tauri-driver's log)");
  return driver;
}

/** What famsync handed to the desktop so far (run.sh's recorder xdg-open), a line each. */
export const opened = () => (fs.existsSync(process.env.OPENED) ? fs.readFileSync(process.env.OPENED, "utf8") : "");

/** Each WebDriver command gets an answer within this time, or fails naming itself. The longest
 *  a test asks for is an audit by axe-core, a few seconds. */
const COMMAND_MS = 45000;

/** WebDriver with every command bounded. WebKitWebDriver can wait for ever on a window that does
 *  not answer, and selenium's own waits time out only between polls, never during one: without
 *  this, one lost answer holds the whole run until node's test timeout, with no clue where. */
class Bounded extends Executor {
  execute(command) {
    return within(super.execute(command), COMMAND_MS, `WebDriver's ${command.getName()} got no answer within ${COMMAND_MS / 1000} s`);
  }
}

/** Waits until no famsync of this run is alive. One still exiting from the last test holds the
 *  single-instance lock: a new launch would hand over to it and exit at once, and WebKitWebDriver
 *  would then wait for a window that never comes. */
async function exited(timeout = 10000) {
  const until = Date.now() + timeout;
  while (alive().length > 0) {
    if (Date.now() > until) {
      const pids = alive();
      // Stopped, so this test fails alone and the next one starts clean.
      for (const pid of pids) process.kill(Number(pid), "SIGKILL");
      throw new Error(`famsync (pid ${pids.join(", ")}) was still running ${timeout} ms after the last test closed it`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pids whose executable is the app under test. */
function alive() {
  return fs.readdirSync("/proc").filter((pid) => {
    try {
      return /^\d+$/.test(pid) && fs.readlinkSync(`/proc/${pid}/exe`) === APP;
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  });
}

/** `promise`, or a failure saying `what` after `ms`. */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A private copy of tests/fixtures/NAME, env file at 0600 like a real install. */
export function fixture(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `famsync-e2e-${name}-`));
  fs.cpSync(path.join(ROOT, "tests/fixtures", name), dir, { recursive: true });
  // A standard installation's bwdata, or a Bitwarden lite folder (its settings.env).
  const standard = fs.existsSync(path.join(dir, "bwdata"));
  const bwdata = standard ? path.join(dir, "bwdata") : dir;
  const envFile = standard ? path.join(bwdata, "env/global.override.env") : path.join(dir, "settings.env");
  fs.chmodSync(envFile, 0o600);
  return { dir, bwdata, envFile };
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

export async function find(driver, id, timeout = 10000) {
  const el = await driver.wait(until.elementLocated(byTestId(id)), timeout, `no [data-testid=${id}]`);
  return driver.wait(until.elementIsVisible(el), timeout, `[data-testid=${id}] not visible`);
}

/** The window as the X server shows it (ImageMagick's import), once the page has painted its
 *  latest change. WebKitWebDriver's own screenshot never answers on a page that does not scroll
 *  when WebKit paints without compositing, as famsync's window does (rendering.rs). */
export async function screenshot(driver, name) {
  const file = path.join(OUT, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await driver.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  execFileSync("import", ["-window", "famsync", file], { timeout: 20000 });
}

/** Step 0: type the fixture's path (nothing is found in the test's empty HOME) and open it. */
export async function openFixture(driver, fx) {
  await find(driver, "not-found");
  const input = await find(driver, "path-input");
  await input.clear();
  await input.sendKeys(fx.bwdata);
  await (await find(driver, "open-path")).click();
  await find(driver, "installation-id");
}

/** Step 0 by typing the path (nothing is found in the test's empty HOME), then step 1 with EU
 *  chosen and its diff shown. */
export async function openAndChooseEu(driver, fx) {
  await openFixture(driver, fx);
  await chooseEu(driver);
}

/** From step 0 with the fixture open (here or on a server): step 1 with EU chosen, its diff
 *  shown and the blocked preflight passed. */
export async function chooseEu(driver, shot = "step0-installation") {
  const id = await find(driver, "installation-id");
  assert.equal(await id.getText(), "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c");
  // The step list follows once progress is read (a round trip more on a server).
  const step0 = await find(driver, "step-installation");
  await driver.wait(async () => (await step0.getAttribute("data-status")) === "done", 5000, "step 0 not done");
  await screenshot(driver, shot);
  await (await find(driver, "next")).click();
  assert.equal(await (await find(driver, "region-us")).isSelected(), true, "region starts on the installation's");
  await (await find(driver, "region-eu")).click();
  const diff = await find(driver, "diff");
  await driver.wait(async () => (await diff.getText()).includes("https://api.bitwarden.eu"), 5000);
  await passBlockedPreflight(driver);
}

/** The preflight fails everywhere (run.sh points it at a closed port): the window names the
 *  failing stage, says stand-ins are in use, and blocks Apply until the owner overrides. */
async function passBlockedPreflight(driver) {
  await find(driver, "preflight");
  await driver.wait(until.elementLocated(By.css('[data-check="installation_id"][data-state="failed"]')), 10000);
  const api = await driver.findElement(By.css('[data-check="api_reachable"]'));
  assert.equal(await api.getAttribute("data-state"), "failed");
  assert.match(await api.getText(), /Failed at connect/);
  await find(driver, "standin-notice");
  await screenshot(driver, "step1-preflight");
  assert.equal(await (await find(driver, "apply")).isEnabled(), false, "Apply must wait for the id check");
  await (await find(driver, "apply-anyway")).click();
  await driver.wait(async () => (await find(driver, "apply")).isEnabled(), 5000);
}


/** Types `text` into the field with data-testid `id`, replacing what it held. */
export async function type(driver, id, text) {
  const input = await find(driver, id);
  await input.clear();
  await input.sendKeys(text);
}

/** Every file under `dir` whose bytes contain `needle`. */
export function filesContaining(dir, needle) {
  const hits = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe-core findings on the page as it is (WCAG 2.1 A and AA). */
export async function axeFindings(driver) {
  await driver.executeScript(`${AXE}\nreturn true;`);
  const found = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
      .then((r) => done(JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary) })))))
      .catch((e) => done(JSON.stringify([{ id: "axe-error", impact: "critical", nodes: [String(e)] }])));`);
  return JSON.parse(found).filter((v) => v.impact === "serious" || v.impact === "critical");
}

