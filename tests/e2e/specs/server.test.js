// Issue #19's window tests: steps 4 and 5 done by famsync through the server's own API, signed
// in with the owner's personal API key, against the stand-in server that calls the cloud
// stand-in (examples/standins.rs names its world in the file STANDIN_API); a token rotated in the
// cloud caught by the next license sync; the secrets in no file, process or page. And the
// manual path, no key given, done by the license file's evidence.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { launch, fixture, find, screenshot, openFixture, filesContaining } from "./harness.js";

const ORG = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"; // Example Corp in the us fixture
const world = () => JSON.parse(fs.readFileSync(process.env.STANDIN_API, "utf8"));
const status = async (driver, step) => (await find(driver, `step-${step}`)).getAttribute("data-status");
const waitStatus = (driver, step, want, ms = 10000) =>
  driver.wait(async () => (await status(driver, step)) === want, ms, `step ${step} is not ${want}`);

/** Step 3: the organization chosen and the billing sync token saved in the keyring. */
async function saveToken(driver, token) {
  await (await find(driver, "step-token")).click();
  await (await find(driver, `org-${ORG}`)).click();
  await (await find(driver, "token-input")).sendKeys(token);
  await (await find(driver, "token-save")).click();
  await waitStatus(driver, "token", "done");
}

/** Every process's command line and environment that holds `needle` (run as root: all of them). */
function processesHolding(needle) {
  const hits = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    for (const part of ["cmdline", "environ"]) {
      try {
        if (fs.readFileSync(`/proc/${pid}/${part}`).includes(needle)) hits.push(`${pid}/${part}`);
      } catch {
        // Gone meanwhile, or a kernel thread: nothing to read.
      }
    }
  }
  return hits;
}

test("steps 4 and 5 done by famsync on the server, a rotated token caught, no secret left behind", async () => {
  const w = world();
  const driver = await launch();
  let tokens = [];
  try {
    await openFixture(driver, { bwdata: w.bwdata });
    await saveToken(driver, w.billing_token);
    await (await find(driver, "to-apply-token")).click();
    // Before the first sign-in famsync says what Bitwarden does on it.
    assert.match(await (await find(driver, "api-what-happens")).getText(), /"Logged in" event/);
    await screenshot(driver, "step4-sign-in");
    await (await find(driver, "api-client-id")).sendKeys(w.client_id);
    await (await find(driver, "api-client-secret")).sendKeys(w.client_secret);
    await (await find(driver, "api-sign-in")).click();
    const signed = await find(driver, "signed-in");
    assert.equal(await signed.getAttribute("data-kept"), "true");
    assert.match(await signed.getText(), new RegExp(w.client_id));

    // Step 4: saved on the server, read back, done by the server's word.
    await (await find(driver, "save-on-server")).click();
    await waitStatus(driver, "apply_token", "done");
    assert.equal(await (await find(driver, "confirmed")).getAttribute("data-why"), "server_holds_token");
    assert.equal(await (await find(driver, "server-holds")).getAttribute("data-holds"), "this_token");
    await screenshot(driver, "step4-by-famsync");

    // Step 5: the server syncs the license from the cloud; the license and sponsorship dates show.
    await (await find(driver, "next-step")).click();
    await (await find(driver, "sync-license")).click();
    await waitStatus(driver, "sync", "done");
    assert.equal(await (await find(driver, "confirmed")).getAttribute("data-why"), "license_synced");
    assert.doesNotMatch(await (await find(driver, "server-license-synced")).getText(), /never/);
    assert.match(await (await find(driver, "server-sponsorships-synced")).getText(), /never synced yet/);
    await screenshot(driver, "step5-by-famsync");

    // Done shows what the server says.
    await (await find(driver, "step-done")).click();
    await find(driver, "server-word-organization");
    await screenshot(driver, "done-by-famsync");

    // Step 2 shows what the running server says of cloud communication.
    await (await find(driver, "step-restart")).click();
    assert.equal(await (await find(driver, "server-cloud")).getAttribute("data-on"), "true");

    // The token rotated in the cloud: the next license sync says so, and step 5 needs attention.
    process.kill(w.pid, "SIGUSR1");
    await (await find(driver, "step-sync")).click();
    await (await find(driver, "sync-license")).click();
    await waitStatus(driver, "sync", "attention");
    await find(driver, "license-sync-failed");
    assert.equal(await (await find(driver, "error")).getAttribute("data-code"), "license_sync_failed");
    await screenshot(driver, "step5-token-rotated");

    // The secrets: not in the page, nor in any process's command line or environment.
    process.kill(w.pid, "SIGUSR2");
    await driver.wait(() => fs.existsSync(w.access_tokens) && fs.readFileSync(w.access_tokens, "utf8") !== "", 5000, "no access tokens written");
    tokens = fs.readFileSync(w.access_tokens, "utf8").split("\n").filter(Boolean);
    assert.ok(tokens.length >= 1, "the server issued no token");
    const page = await driver.getPageSource();
    for (const secret of [w.client_secret, w.billing_token, ...tokens]) {
      assert.ok(!page.includes(secret), "a secret is in the DOM");
      assert.deepEqual(processesHolding(secret), [], "a secret is in a process's command line or environment");
    }
  } catch (e) {
    await screenshot(driver, "server-test-failed").catch(() => {});
    const logs = `${process.env.XDG_DATA_HOME}/org.famsync.desktop/logs`;
    for (const f of fs.existsSync(logs) ? fs.readdirSync(logs) : []) console.log(fs.readFileSync(`${logs}/${f}`, "utf8").slice(-3000));
    throw e;
  } finally {
    await driver.quit();
  }
  // Nor in any file famsync wrote (its data, config, cache, logs and store), nor the installation.
  for (const dir of [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME, process.env.XDG_CACHE_HOME, w.bwdata]) {
    if (!fs.existsSync(dir)) continue;
    for (const secret of [w.client_secret, w.billing_token, ...tokens]) {
      // gnome-keyring's own files are the one place the key and token may be (encrypted).
      const hits = filesContaining(dir, secret).filter((p) => !p.includes("/keyrings/"));
      assert.deepEqual(hits, [], `a secret is in ${hits}`);
    }
  }
});

test("by hand with no key: the license the server rewrites proves steps 4 and 5", async () => {
  const fx = fixture("us");
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    await saveToken(driver, "E2eManualTokenAbCdEfGhIjKl0123");
    await (await find(driver, "to-apply-token")).click();
    await find(driver, "api-sign-in-form");
    assert.equal(await status(driver, "apply_token"), "todo");
    // The owner pastes the token in the Admin Console and syncs: the server rewrites the
    // license file in place, issued the moment it is written (UpdateOrganizationLicenseCommand.cs).
    await driver.sleep(1100);
    const file = `${fx.bwdata}/core/licenses/organization/${ORG}.json`;
    const license = JSON.parse(fs.readFileSync(file, "utf8"));
    license.Issued = new Date().toISOString();
    license.Refresh = license.Issued;
    fs.writeFileSync(file, JSON.stringify(license, null, 2));
    await waitStatus(driver, "apply_token", "done");
    await waitStatus(driver, "sync", "done");
    assert.equal(await (await find(driver, "confirmed")).getAttribute("data-why"), "license_synced");
    await screenshot(driver, "step4-by-license-file");
  } finally {
    await driver.quit();
  }
  fs.rmSync(fx.dir, { recursive: true, force: true });
});
