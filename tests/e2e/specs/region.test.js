// Issue #2's window test: open a fixture installation, choose EU, apply; check the file on
// disk and what the window then says; undo puts the exact old bytes back.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import { launch, fixture, find, screenshot, byTestId, openFixture, openAndChooseEu, opened } from "./harness.js";

const EU_LINES = [
  "globalSettings__enableCloudCommunication=true",
  "globalSettings__baseServiceUri__cloudRegion=EU",
  "globalSettings__installation__identityUri=https://identity.bitwarden.eu",
  "globalSettings__installation__apiUri=https://api.bitwarden.eu",
  "globalSettings__pushRelayBaseUri=https://push.bitwarden.eu",
];

const backups = (fx) => fs.readdirSync(path.join(fx.bwdata, "env")).filter((n) => n.endsWith(".bak"));

test("open a fixture, enable EU, check the file and the window, undo", async () => {
  const fx = fixture("us");
  const original = fs.readFileSync(fx.envFile);
  const driver = await launch();
  try {
    await openAndChooseEu(driver, fx);
    const diff = await find(driver, "diff");
    const diffText = await diff.getText();
    assert.match(diffText, /globalSettings__installation__identityUri/);
    assert.match(diffText, /globalSettings__enableCloudCommunication/);
    assert.doesNotMatch(diffText, /FIXTURE/, "a secret reached the page");
    await screenshot(driver, "step1-diff");

    await (await find(driver, "apply")).click();
    const backupName = await (await find(driver, "backup-name")).getText();

    // The file on disk: the four EU lines plus enable, once each; the backup holds the old bytes.
    const text = fs.readFileSync(fx.envFile, "utf8");
    for (const line of EU_LINES) {
      assert.equal(text.split("\n").filter((l) => l === line).length, 1, line);
    }
    assert.deepEqual(fs.readFileSync(path.join(fx.bwdata, "env", backupName)), original);

    // What the window says now: on, EU, step 1 done, nothing left to change.
    const state = await find(driver, "cloud-state");
    await driver.wait(async () => (await state.getAttribute("data-enabled")) === "true", 5000);
    assert.equal(await state.getAttribute("data-region"), "eu");
    assert.equal(await (await find(driver, "step-region")).getAttribute("data-status"), "done");
    await find(driver, "diff-empty");
    await screenshot(driver, "step1-applied");

    // Undo: the exact original bytes come back, and the window says so.
    await (await find(driver, "undo")).click();
    await find(driver, "undone");
    assert.deepEqual(fs.readFileSync(fx.envFile), original);
    await driver.wait(async () => (await state.getAttribute("data-enabled")) === "false", 5000);
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("a wrong path says what is wrong; with no installation, the sample is offered and labelled", async () => {
  const driver = await launch();
  try {
    await find(driver, "not-found");
    // famsync's own log is reachable before any installation: the report needs one.
    assert.deepEqual(await driver.findElements(byTestId("create-report")), []);
    await (await find(driver, "open-logs")).click();
    const logs = path.join(process.env.XDG_DATA_HOME, "org.famsync.desktop", "logs");
    await driver.wait(() => opened().includes(logs), 5000, "the log folder was not opened");
    assert.ok(fs.statSync(logs).isDirectory());
    await screenshot(driver, "step0-not-found");

    const input = await find(driver, "path-input");
    await input.sendKeys("/no/such/bwdata");
    await (await find(driver, "open-path")).click();
    const error = await find(driver, "error");
    assert.equal(await error.getAttribute("data-code"), "path_missing");
    assert.match(await error.getText(), /\/no\/such\/bwdata does not exist\./);

    await (await find(driver, "use-sample")).click();
    await find(driver, "sample-badge");
    const notice = await (await find(driver, "sample-notice")).getText();
    assert.match(notice, /sample/i);
    const orgs = await (await find(driver, "organizations")).getText();
    assert.match(orgs, /Sample Corp/);
    // The error of the failed attempt is gone once an installation opened.
    await driver.wait(async () => (await driver.findElements(byTestId("error"))).length === 0, 5000);
  } finally {
    await driver.quit();
  }
});

test("a file changed behind the window's back is never overwritten", async () => {
  const fx = fixture("us");
  const driver = await launch();
  try {
    await openAndChooseEu(driver, fx);
    const apply = await find(driver, "apply");
    const previewed = await apply.getAttribute("data-revision");

    // Someone edits the file after famsync showed the diff.
    const edited = fs.readFileSync(fx.envFile, "utf8") + "globalSettings__mail__smtp__trustServer=true\n";
    fs.writeFileSync(fx.envFile, edited);
    await apply.click();
    const error = await find(driver, "error");
    assert.equal(await error.getAttribute("data-code"), "env_file_changed");
    await screenshot(driver, "step1-changed-meanwhile");
    assert.equal(fs.readFileSync(fx.envFile, "utf8"), edited, "the other edit was overwritten");
    assert.deepEqual(backups(fx), []);

    // The window re-reads the file; applying now keeps the other edit and adds the EU lines.
    await driver.wait(async () => (await apply.getAttribute("data-revision")) !== previewed, 5000);
    await apply.click();
    await find(driver, "backup-name");
    const text = fs.readFileSync(fx.envFile, "utf8");
    assert.ok(text.split("\n").includes("globalSettings__mail__smtp__trustServer=true"));
    for (const line of EU_LINES) assert.ok(text.split("\n").includes(line), line);
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("preflight with one failing host: the window names it, and Apply stays free", async () => {
  // run.sh's stand-ins: the US cloud knows this fixture, but its push host answers 503.
  const fx = fixture("us");
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    await (await find(driver, "next")).click();
    const push = await driver.wait(until.elementLocated(By.css('[data-check="push_reachable"][data-state="failed"]')), 10000);
    assert.match(await push.getText(), /Failed at HTTP status \(HTTP 503\)/);
    for (const ok of ["api_reachable", "identity_reachable", "installation_id", "installation_key", "server_alive"]) {
      const el = await driver.findElement(By.css(`[data-check="${ok}"]`));
      assert.equal(await el.getAttribute("data-state"), "ok", ok);
    }
    assert.equal((await driver.findElements(byTestId("blocked"))).length, 0, "a push failure must not block Apply");
    await driver.wait(async () => (await find(driver, "apply")).isEnabled(), 5000);
    await screenshot(driver, "step1-one-failing-host");
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("a Gov installation is named as Gov in step 1, with why famsync has no step for it", async () => {
  const fx = fixture("us");
  const text = fs.readFileSync(fx.envFile, "utf8");
  fs.writeFileSync(fx.envFile, text.replace("cloudRegion=US", "cloudRegion=Gov"));
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    const step0 = await find(driver, "step-installation");
    await driver.wait(async () => (await step0.getAttribute("data-status")) === "done", 5000, "step 0 not done");
    const kind = await find(driver, "installation-kind");
    assert.equal(await kind.getAttribute("data-kind"), "standard");
    assert.equal(await kind.getText(), "Standard");
    await (await find(driver, "next")).click();
    const state = await find(driver, "cloud-state");
    assert.equal(await state.getAttribute("data-region"), "gov");
    const notice = await (await find(driver, "other-cloud")).getText();
    assert.match(notice, /Gov cloud \(bitwarden-gov\.com\)/);
    assert.match(notice, /US and EU clouds only/);
    await screenshot(driver, "step1-gov");
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});
