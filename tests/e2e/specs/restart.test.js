// Issue #3's window test of step 2, end to end against the stand-ins: the stand-in bitwarden.sh
// beside the fixture, and run.sh's server stand-in, which follows what that script did (down
// while its containers are stopped, then in the region it loaded). Enable EU, restart with a
// live log, see the server come back in EU; cancel a hung restart, see "down", start it again;
// then "I restarted it myself".
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import { launch, fixture, find, screenshot, byTestId, openAndChooseEu, ROOT } from "./harness.js";

const STATE = process.env.STANDIN_STATE;

/** The stand-in bitwarden.sh beside bwdata, as a real install has it, in `mode`. */
function withScript(fx) {
  const script = path.join(fx.dir, "bitwarden.sh");
  fs.copyFileSync(path.join(ROOT, "tests/standin/bitwarden.sh"), script);
  fs.chmodSync(script, 0o755);
}
const mode = (fx, conf) => fs.writeFileSync(path.join(fx.dir, "standin.conf"), conf);

const logText = async (driver) => (await driver.findElement(byTestId("log"))).getText();

/** Processes still running from the fixture's folder (zombies do not count: PID 1 here never reaps). */
function leftovers(dir) {
  return fs.readdirSync("/proc").filter((pid) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
      return cmd.includes(dir) && state !== "Z";
    } catch {
      return false;
    }
  });
}

async function result(driver, kind, timeout = 30000) {
  const el = await driver.wait(until.elementLocated(By.css(`[data-testid="restart-result"][data-kind="${kind}"]`)), timeout, `no ${kind} result`);
  return el.getText();
}

test("restart with a live log, cancel a hung one, start again, and 'I restarted it myself'", async () => {
  assert.ok(STATE, "run.sh must start the stand-ins (STANDIN_STATE)");
  const fx = fixture("us");
  withScript(fx);
  mode(fx, "MODE=ok\nDELAY=0.03\n");
  const driver = await launch();
  try {
    await openAndChooseEu(driver, fx);
    await (await find(driver, "apply")).click();
    await find(driver, "backup-name");

    await (await find(driver, "to-restart")).click();
    assert.equal(await (await find(driver, "restart-state")).getAttribute("data-state"), "unknown");
    // Before anything runs, the window says which script, whose, and as whom.
    const account = await find(driver, "script-account");
    const me = os.userInfo().username;
    assert.equal(await account.getAttribute("data-runs-as"), me);
    assert.match(await account.getText(), new RegExp(`runs ${path.join(fx.dir, "bitwarden.sh")} \\(owner ${me}\\) as ${me}`));
    await (await find(driver, "restart")).click();
    if (process.getuid() === 0) {
      // As root, bitwarden.sh asks for confirmation: nothing runs until the owner agrees.
      assert.equal(await (await find(driver, "error")).getAttribute("data-code"), "root_consent_required");
      assert.equal(await (await find(driver, "restart")).isEnabled(), false);
      await (await find(driver, "root-consent")).click();
      await (await find(driver, "restart")).click();
    }

    // The log fills while the script runs, with the elapsed time beside it.
    await driver.wait(async () => (await logText(driver)).includes("Container bitwarden-api  Stopped"), 15000);
    assert.equal(await (await find(driver, "phase")).getAttribute("data-phase"), "running");
    assert.match(await (await find(driver, "elapsed")).getText(), /^\d+:\d\d elapsed$/);
    await find(driver, "cancel");
    await screenshot(driver, "step2-restart-running");

    const up = await result(driver, "up");
    assert.match(up, /region EU/);
    await find(driver, "server-override");
    assert.match(await logText(driver), /Bitwarden is up and running!/);
    assert.doesNotMatch(await logText(driver), /\x1b\[/, "colour codes reached the page");
    const state = await find(driver, "restart-state");
    await driver.wait(async () => (await state.getAttribute("data-state")) === "applied", 5000);
    assert.equal(await (await find(driver, "step-restart")).getAttribute("data-status"), "done");
    await screenshot(driver, "step2-restart-done");

    // A restart that hangs after stopping the containers: cancel, and the window says DOWN.
    mode(fx, "MODE=hang\n");
    await (await find(driver, "restart")).click();
    await driver.wait(async () => (await logText(driver)).includes("Network docker_public  Removed"), 15000);
    await (await find(driver, "cancel")).click();
    await result(driver, "down", 30000);
    assert.equal(fs.readFileSync(STATE, "utf8").trim(), "down");
    assert.deepEqual(leftovers(fx.dir), [], "bitwarden.sh or its children outlived the cancel");
    // A stopped server runs nothing: the step is no longer done.
    await driver.wait(async () => (await state.getAttribute("data-state")) === "unknown", 5000);
    assert.equal(await (await find(driver, "step-restart")).getAttribute("data-status"), "todo");
    await screenshot(driver, "step2-server-down");

    // Bring it back up from the window.
    mode(fx, "MODE=ok\n");
    await (await find(driver, "start")).click();
    assert.match(await result(driver, "up"), /region EU/);

    // Another famsync (here: flock(1), holding the lock every famsync's restart takes) is
    // restarting this installation: the window refuses, says so, and starts nothing.
    const holder = spawn("flock", [fx.dir, "sleep", "600"], { stdio: "ignore" });
    const running = fs.readFileSync(STATE, "utf8");
    try {
      const held = () => spawnSync("flock", ["-n", fx.dir, "true"]).status === 1;
      await driver.wait(async () => held(), 5000, "flock never took the lock");
      await (await find(driver, "restart")).click();
      const refused = await find(driver, "error");
      assert.equal(await refused.getAttribute("data-code"), "restart_in_progress");
      assert.match(await refused.getText(), /already running[\s\S]*Wait for it to end/);
      assert.equal(fs.readFileSync(STATE, "utf8"), running, "the server was touched");
      await screenshot(driver, "step2-restart-elsewhere");
    } finally {
      holder.kill();
    }

    // "I restarted it myself": believed because the server answers in EU.
    await (await find(driver, "restarted-myself")).click();
    const confirmation = await find(driver, "confirmation");
    assert.equal(await confirmation.getAttribute("data-recorded"), "true");
    assert.match(await confirmation.getText(), /EU region/);
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
    fs.rmSync(STATE, { force: true });
  }
});
