// Issue #3's window test of a self-signed server certificate (run.sh with STANDIN_SERVER_TLS:
// the server stand-in speaks HTTPS with a certificate generated for this run). The preflight
// names the problem and the fingerprint; "Trust this certificate" pins exactly that one, for
// this installation, and the server check then passes. The cloud checks are untouched.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import { launch, fixture, find, screenshot, openFixture } from "../specs/harness.js";

const FINGERPRINT = process.env.STANDIN_SERVER_FINGERPRINT;
const ID = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";

/** The server check's state, or null while the preflight runs again (its list is gone then). */
// Read in the page: the check's element is replaced while the preflight runs again.
function serverState(driver) {
  return driver.executeScript("return document.querySelector('[data-check=server_alive]')?.dataset.state ?? null");
}

test("a self-signed server certificate is named, and trusting it pins exactly that one", async () => {
  assert.ok(FINGERPRINT, "run.sh must start the stand-ins with STANDIN_SERVER_TLS");
  const fx = fixture("us");
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    await (await find(driver, "next")).click();
    await driver.wait(until.elementLocated(By.css('[data-check="server_alive"][data-state="failed"]')), 15000);
    assert.match(await (await find(driver, "cert-problem")).getText(), /self-signed/);
    assert.equal(await (await find(driver, "cert-fingerprint")).getText(), FINGERPRINT);
    const server = await driver.findElement(By.css('[data-check="server_alive"]'));
    assert.match(await server.getText(), /Failed at TLS/);
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", server);
    await screenshot(driver, "step1-self-signed");

    await (await find(driver, "trust-certificate")).click();
    await driver.wait(async () => (await serverState(driver)) === "ok", 15000, "the pinned certificate did not pass");
    const pin = JSON.parse(fs.readFileSync(path.join(process.env.XDG_DATA_HOME, "org.famsync.desktop/trust", `${ID}.json`), "utf8"));
    assert.deepEqual(pin, { host: "127.0.0.1", sha256: FINGERPRINT });
    // The cloud stand-in's checks are as before: the api host still answers over plain HTTP.
    const api = await driver.findElement(By.css('[data-check="api_reachable"]'));
    assert.equal(await api.getAttribute("data-state"), "ok");
    await screenshot(driver, "step1-certificate-trusted");
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});
