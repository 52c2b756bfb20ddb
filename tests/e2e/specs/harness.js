// Starts the real famsync window through tauri-driver (WebKitWebDriver underneath) and offers
// small helpers. run.sh has already started Xvfb, a private D-Bus session and tauri-driver.
import { Builder, By, until } from "selenium-webdriver";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const APP = process.env.FAMSYNC_APP;
export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const OUT = path.join(ROOT, "tests/out");
const DRIVER = `http://127.0.0.1:${process.env.TAURI_DRIVER_PORT ?? 4444}/`;

export async function launch() {
  if (!APP) throw new Error("FAMSYNC_APP must name the built app binary");
  return new Builder()
    .usingServer(DRIVER)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: APP } })
    .build();
}

/** A private copy of tests/fixtures/NAME, env file at 0600 like a real install. */
export function fixture(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `famsync-e2e-${name}-`));
  fs.cpSync(path.join(ROOT, "tests/fixtures", name), dir, { recursive: true });
  const bwdata = path.join(dir, "bwdata");
  fs.chmodSync(path.join(bwdata, "env/global.override.env"), 0o600);
  return { dir, bwdata, envFile: path.join(bwdata, "env/global.override.env") };
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

export async function find(driver, id, timeout = 10000) {
  const el = await driver.wait(until.elementLocated(byTestId(id)), timeout, `no [data-testid=${id}]`);
  return driver.wait(until.elementIsVisible(el), timeout, `[data-testid=${id}] not visible`);
}

export async function screenshot(driver, name) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, `${name}.png`), await driver.takeScreenshot(), "base64");
}
