// Bitwarden lite in the window (tests/fixtures/lite, laid out as bitwarden/self-host's
// bitwarden-lite/): step 0 names the kind and says where its licenses are, step 1 writes
// settings.env keeping the owner's lines, step 2 applies it with `docker compose up -d` (the
// stand-in docker, tests/standin/docker: never `restart`, which keeps the old settings) and the
// server stand-in, following it, answers in the new region.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, fixture, find, screenshot, openFixture, chooseEu } from "./harness.js";

test("a lite folder through steps 0, 1 and 2", async () => {
  const fx = fixture("lite");
  const settings = fx.envFile;
  const before = fs.readFileSync(settings, "utf8");
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    const kind = await find(driver, "installation-kind");
    assert.equal(await kind.getAttribute("data-kind"), "lite");
    assert.equal(await kind.getText(), "Bitwarden lite");
    assert.equal((await driver.findElements({ css: '[data-testid="fact-host"]' })).length, 1);
    const orgs = await (await find(driver, "organizations")).getText();
    assert.match(orgs, /container's volume bitwarden/);
    await chooseEu(driver, "step0-lite");

    await (await find(driver, "apply")).click();
    await find(driver, "backup-name");
    const after = fs.readFileSync(settings, "utf8");
    assert.ok(after.startsWith(before), "the owner's lines and comments stay as they were");
    assert.match(after, /^globalSettings__pushRelayBaseUri=https:\/\/push\.bitwarden\.eu$/m);
    await screenshot(driver, "step1-lite-applied");

    assert.match(await (await find(driver, "result")).getText(), /docker compose up -d/);
    await (await find(driver, "to-restart")).click();
    const runs = await (await find(driver, "lite-runs")).getText();
    assert.match(runs, /docker compose up -d/);
    assert.match(runs, /docker compose restart/, "says why not restart");
    assert.ok(runs.includes(fs.realpathSync(fx.dir)), runs);
    assert.equal((await driver.findElements({ css: '[data-testid="apply-by-hand"]' })).length, 0);
    await (await find(driver, "restart")).click();
    const result = await find(driver, "restart-result", 60000);
    assert.equal(await result.getAttribute("data-kind"), "up", await result.getText());
    assert.match(await result.getText(), /region EU/);
    assert.match(await (await find(driver, "log")).getText(), /bitwarden-1 {2}Started/);
    await screenshot(driver, "step2-lite");
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
    // The server stand-in follows this file: the next test meets a server that never restarted.
    if (process.env.STANDIN_STATE) fs.rmSync(process.env.STANDIN_STATE, { force: true });
  }
});
