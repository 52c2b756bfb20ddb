// Issue #17's window test: recovery works exactly when the env file is broken. An installation
// whose env file is junk or missing still opens, on its backups; putting one back brings the
// backup's exact bytes, keeps what was there, and the window then shows the installation.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import { launch, fixture, find, screenshot, byTestId, openFixture, axeFindings } from "./harness.js";

const BACKUP = "global.override.env.famsync-20261130T091500Z.bak";
const files = (fx) => fs.readdirSync(path.join(fx.bwdata, "env")).sort();

/** A fixture with one backup famsync made (the original bytes, 0600) beside its env file. */
function withBackup(name) {
  const fx = fixture(name);
  const original = fs.readFileSync(fx.envFile);
  const backup = path.join(fx.bwdata, "env", BACKUP);
  fs.writeFileSync(backup, original, { mode: 0o600 });
  return { fx, original, backup };
}

/** Types the path of a broken installation and opens it: the broken panel, not an error. */
async function openBroken(driver, fx) {
  await find(driver, "not-found");
  const input = await find(driver, "path-input");
  await input.sendKeys(fx.bwdata);
  await (await find(driver, "open-path")).click();
  return find(driver, "broken");
}

async function previewAndRestore(driver, note, shot) {
  const row = await driver.findElement(By.css(`[data-testid="backups"] li[data-name="${BACKUP}"]`));
  await (await row.findElement(byTestId("preview-restore"))).click();
  await find(driver, `plan-note-${note}`);
  const page = await driver.getPageSource();
  assert.doesNotMatch(page, /FIXTURE/, "a secret reached the page");
  assert.deepEqual(await axeFindings(driver), [], "axe findings on a restore's preview");
  if (shot) await screenshot(driver, shot);
  const plan = await find(driver, "restore-plan");
  await (await find(driver, "restore")).click();
  // Restored: the preview is gone and the installation is open as any other.
  await driver.wait(until.stalenessOf(plan), 10000, "the restore did not finish");
  await find(driver, "installation-id");
  return find(driver, "restored");
}

test("a junk env file: the window offers its backups, and a restore brings back the exact bytes", async () => {
  const { fx, original } = withBackup("us");
  const junk = Buffer.from("\u0000\u0001 not an env file \u00ff\n");
  fs.writeFileSync(fx.envFile, junk);
  const driver = await launch();
  try {
    const panel = await openBroken(driver, fx);
    assert.equal(await panel.getAttribute("data-code"), "env_file_binary");
    // No error box beside the panel says the same again, and no step beyond the first opens.
    assert.equal((await driver.findElements(byTestId("error"))).length, 1);
    assert.equal((await driver.findElements(byTestId("facts"))).length, 0);
    assert.deepEqual(await axeFindings(driver), [], "axe findings on the broken file's panel");
    await screenshot(driver, "recovery-broken");

    const said = await previewAndRestore(driver, "replaces_damaged_file", "recovery-preview");
    assert.deepEqual(fs.readFileSync(fx.envFile), original);
    assert.equal(fs.statSync(fx.envFile).mode & 0o777, 0o600);
    // The junk is kept as a backup of its own.
    const kept = files(fx).filter((n) => n.endsWith(".bak") && n !== BACKUP);
    assert.equal(kept.length, 1, `backups: ${files(fx)}`);
    assert.deepEqual(fs.readFileSync(path.join(fx.bwdata, "env", kept[0])), junk);
    // The window says where the junk went, and the open's error is gone with the panel.
    assert.equal(await said.getAttribute("data-kept"), kept[0]);
    assert.match(await said.getText(), new RegExp(`Restored ${BACKUP}.*kept as ${kept[0]}`));
    assert.deepEqual(await driver.findElements(byTestId("broken")), []);
    assert.deepEqual(await driver.findElements(byTestId("error")), []);
    await screenshot(driver, "recovery-restored");
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("a missing env file is put back from a backup, with the backup's mode", async () => {
  const { fx, original } = withBackup("us");
  fs.rmSync(fx.envFile);
  const driver = await launch();
  try {
    const panel = await openBroken(driver, fx);
    assert.equal(await panel.getAttribute("data-code"), "env_file_missing");
    const said = await previewAndRestore(driver, "recreates_missing_file");
    assert.equal(await said.getText(), `Restored ${BACKUP}.`);
    assert.deepEqual(fs.readFileSync(fx.envFile), original);
    assert.equal(fs.statSync(fx.envFile).mode & 0o777, 0o600);
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("an open installation's backups: a restore that changes only a comment writes it", async () => {
  const { fx, original } = withBackup("us");
  const edited = Buffer.concat([original, Buffer.from("# a comment famsync does not read\n")]);
  fs.writeFileSync(fx.envFile, edited);
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    await (await find(driver, "backup-list")).click();
    await find(driver, "backups");
    await previewAndRestore(driver, "only_other_lines_differ", "recovery-same-settings");
    assert.deepEqual(fs.readFileSync(fx.envFile), original);
    // Restoring the same backup again changes nothing: the window says so and offers no button.
    const row = await driver.findElement(By.css(`[data-testid="backups"] li[data-name="${BACKUP}"]`));
    await (await row.findElement(byTestId("preview-restore"))).click();
    await find(driver, "restore-same");
    assert.deepEqual(await driver.findElements(byTestId("restore")), []);
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});
