// Issue 5's window test: an installation on a server over SSH, end to end, against run.sh's real
// OpenSSH server on loopback (the "server" is this machine, so the test can look at its files).
// Unknown host key shown and accepted, discovery on the server, enable EU written there, a
// restart with the stand-in bitwarden.sh, a dropped connection reported and made again without
// leaving the step, an edit on the server seen through the new connection, switching to an
// installation on this computer and back, and a reopened app connecting by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { By, until } from "selenium-webdriver";
import { launch, fixture, find, screenshot, byTestId, chooseEu, type, filesContaining, ROOT, axeFindings } from "./harness.js";

const HOST = process.env.STANDIN_SSH_HOST;
const FINGERPRINT = process.env.STANDIN_SSH_FINGERPRINT;
const SSHD = process.env.STANDIN_SSHD_PID;

/** The fixture as a server holds it: bitwarden.sh beside bwdata, told (through standin.conf,
 *  since ssh passes no environment) where the server stand-in reads what it loaded. */
function serverFixture() {
  const fx = fixture("us");
  const script = path.join(fx.dir, "bitwarden.sh");
  fs.copyFileSync(path.join(ROOT, "tests/standin/bitwarden.sh"), script);
  fs.chmodSync(script, 0o755);
  fs.writeFileSync(path.join(fx.dir, "standin.conf"), `MODE=ok\nDELAY=0.02\nSTANDIN_STATE=${process.env.STANDIN_STATE}\n`);
  return fx;
}

/** Cuts every open SSH connection, as a network failure would; sshd keeps listening. */
function dropConnections() {
  execFileSync("pkill", ["-KILL", "-P", SSHD]);
}

// Read in the page: the header's element is replaced when the installation's kind changes.
const connection = (driver) => driver.executeScript("return document.querySelector('[data-testid=connection]')?.dataset.state ?? null");

async function connectionBecomes(driver, state, timeout) {
  await driver.wait(async () => (await connection(driver)) === state, timeout, `connection never ${state}`);
}

async function restartUp(driver) {
  await (await find(driver, "to-restart")).click();
  await (await find(driver, "restart")).click();
  if (process.getuid() === 0) {
    // Logged in as root there, bitwarden.sh asks first: the owner's consent is needed here too.
    assert.equal(await (await find(driver, "error")).getAttribute("data-code"), "root_consent_required");
    await (await find(driver, "root-consent")).click();
    await (await find(driver, "restart")).click();
  }
  const up = await driver.wait(until.elementLocated(By.css('[data-testid="restart-result"][data-kind="up"]')), 30000, "no up result");
  assert.match(await up.getText(), /region EU/);
  assert.match(await (await find(driver, "log")).getText(), /Bitwarden is up and running!/);
}

test("a server over SSH: host key, discovery, enable EU, restart, a dropped connection, switching", async () => {
  assert.ok(HOST && FINGERPRINT && SSHD, "run.sh must start the stand-ins with STANDIN_SSHD");
  const fx = serverFixture();
  const here = fixture("eu");
  const driver = await launch();
  try {
    await find(driver, "not-found");
    await (await find(driver, "where-server")).click();
    await type(driver, "ssh-host", HOST);
    await (await find(driver, "ssh-connect")).click();

    // famsync has never met this server: its key is shown, and nothing connects until accepted.
    assert.equal(await (await find(driver, "host-key-fingerprint")).getText(), FINGERPRINT);
    await screenshot(driver, "step0-ssh-host-key");
    assert.deepEqual(await axeFindings(driver), [], "axe findings on the host-key dialog and the server form");
    await (await find(driver, "host-key-accept")).click();

    // No bwdata path given: famsync looked in the usual places on the server, and says where.
    const notFound = await find(driver, "error");
    assert.equal(await notFound.getAttribute("data-code"), "no_installation_found");
    assert.match(await notFound.getText(), /\/opt\/bitwarden\/bwdata/);
    await type(driver, "ssh-bwdata", fx.bwdata);
    await (await find(driver, "ssh-connect")).click();
    await driver.wait(async () => (await (await find(driver, "fact-host")).getText()).includes(HOST), 10000);
    assert.equal(await (await find(driver, "installation-id")).getText(), "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c");
    assert.equal(await connection(driver), "connected");
    await chooseEu(driver, "step0-ssh-connected");

    // Written on the server: the new settings, the file's mode kept, the backup beside it.
    await (await find(driver, "apply")).click();
    const backup = await (await find(driver, "backup-name")).getText();
    assert.match(fs.readFileSync(fx.envFile, "utf8"), /api\.bitwarden\.eu/);
    assert.equal(fs.statSync(fx.envFile).mode & 0o777, 0o600);
    assert.ok(fs.existsSync(path.join(path.dirname(fx.envFile), backup)), `no backup ${backup} on the server`);

    await restartUp(driver);

    // The connection drops: the header says so at once, famsync connects again by itself, and
    // the wizard is still on step 2.
    dropConnections();
    await connectionBecomes(driver, "lost", 15000);
    await find(driver, "connection-banner");
    await screenshot(driver, "step2-ssh-reconnecting");
    await connectionBecomes(driver, "connected", 30000);
    assert.equal(await (await find(driver, "step-restart")).getAttribute("aria-current"), "step");
    assert.equal((await driver.findElements(byTestId("connection-banner"))).length, 0);
    const step2 = await find(driver, "step-restart");
    await driver.wait(async () => (await step2.getAttribute("data-status")) === "done", 5000, "step 2 not done after the restart");

    // An edit on the server after the drop is seen through the new connection.
    const before = Number(await driver.executeScript("return document.documentElement.dataset.changedAt ?? 0"));
    fs.appendFileSync(fx.envFile, "# edited on the server\n");
    await driver.wait(async () => Number(await driver.executeScript("return document.documentElement.dataset.changedAt ?? 0")) > before, 10000, "the edit on the server was not seen");

    // Switch to an installation on this computer, then back to the server from the list.
    await (await find(driver, "step-installation")).click();
    await (await find(driver, "where-here")).click();
    await type(driver, "path-input", here.bwdata);
    await (await find(driver, "open-path")).click();
    await driver.wait(async () => (await connection(driver)) === "here", 10000, "the installation on this computer did not open")
      .catch(async (e) => { console.log("PAGE", await driver.executeScript("return document.body.innerText")); throw e; });
    // The list is read again after each opening: the one on this computer is now first and open.
    await driver.wait(until.elementLocated(By.css('[data-testid="place"]:first-child[data-host=""] [data-testid="place-current"]')), 5000, "not listed first");
    assert.equal((await driver.findElements(byTestId("place"))).length, 2);
    await screenshot(driver, "step0-installations");
    await (await find(driver, "place-open")).click();
    await connectionBecomes(driver, "connected", 10000);
    assert.equal(await (await find(driver, "header-installation")).findElement(By.css("code")).getText(), fx.bwdata);
  } finally {
    await driver.quit();
  }

  // Reopened, the app connects to the server it showed last, with the key accepted before.
  const again = await launch({ resume: true });
  try {
    await connectionBecomes(again, "connected", 15000);
    assert.equal(await (await find(again, "header-installation")).findElement(By.css("code")).getText(), fx.bwdata);
  } finally {
    await again.quit();
  }
});

test("a key with a passphrase: asked in the window, handed to ssh, kept nowhere", async () => {
  const { STANDIN_SSH_PORT: port, STANDIN_SSH_LOCKED_KEY: key, STANDIN_SSH_PASSPHRASE: passphrase } = process.env;
  assert.ok(port && key && passphrase, "run.sh must start the stand-ins with STANDIN_SSHD");
  const fx = serverFixture();
  const driver = await launch();
  try {
    await find(driver, "not-found");
    await (await find(driver, "where-server")).click();
    // Not the alias: no ssh_config names a key for 127.0.0.1, so only the chosen file is used.
    await type(driver, "ssh-host", "127.0.0.1");
    await type(driver, "ssh-port", port);
    await type(driver, "ssh-user", os.userInfo().username);
    await (await find(driver, "ssh-keyfile")).click();
    await type(driver, "ssh-identity", key);
    await type(driver, "ssh-bwdata", fx.bwdata);
    await (await find(driver, "ssh-connect")).click();
    assert.equal(await (await find(driver, "host-key-fingerprint")).getText(), FINGERPRINT);
    await (await find(driver, "host-key-accept")).click();

    // ssh asks for the key's passphrase; a wrong one is asked again.
    let prompt = await find(driver, "ssh-prompt", 15000);
    assert.deepEqual(await axeFindings(driver), [], "axe findings on the passphrase dialog");
    assert.equal(await prompt.getAttribute("data-kind"), "passphrase");
    assert.ok((await prompt.getText()).includes(key), "the prompt names the key");
    await screenshot(driver, "step0-ssh-passphrase");
    await (await find(driver, "ssh-prompt-input")).sendKeys("not it");
    await (await find(driver, "ssh-prompt-ok")).click();
    await driver.wait(until.stalenessOf(prompt), 5000);
    prompt = await find(driver, "ssh-prompt", 15000);
    await (await find(driver, "ssh-prompt-input")).sendKeys(passphrase);
    await (await find(driver, "ssh-prompt-ok")).click();

    await driver.wait(async () => (await (await find(driver, "fact-host")).getText()).includes("127.0.0.1"), 15000, "not connected with the key");
    assert.equal(await connection(driver), "connected");
    assert.equal((await driver.findElements(byTestId("ssh-prompt"))).length, 0);
    assert.ok(!(await driver.getPageSource()).includes(passphrase), "the passphrase is in the DOM");
  } finally {
    await driver.quit();
  }
  for (const dir of [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME, process.env.XDG_CACHE_HOME, fx.dir]) {
    if (!fs.existsSync(dir)) continue;
    const hits = filesContaining(dir, passphrase).filter((p) => !p.includes("/keyrings/"));
    assert.deepEqual(hits, [], `the passphrase is in ${hits}`);
  }
});

test("a broken env file on a server: the window opens it on its backups and restores over SSH", async () => {
  const fx = serverFixture();
  const original = fs.readFileSync(fx.envFile);
  const backup = "global.override.env.famsync-20261130T091500Z.bak";
  fs.writeFileSync(path.join(path.dirname(fx.envFile), backup), original, { mode: 0o600 });
  const junk = Buffer.from("<html>502 Bad Gateway</html>\u0000");
  fs.writeFileSync(fx.envFile, junk);
  const driver = await launch();
  try {
    await find(driver, "not-found");
    await (await find(driver, "where-server")).click();
    await type(driver, "ssh-host", HOST);
    await type(driver, "ssh-bwdata", fx.bwdata);
    await (await find(driver, "ssh-connect")).click();
    await (await find(driver, "host-key-accept")).click();
    const panel = await find(driver, "broken", 15000);
    assert.equal(await panel.getAttribute("data-code"), "env_file_binary");
    const row = await driver.findElement(By.css(`[data-testid="backups"] li[data-name="${backup}"]`));
    await (await row.findElement(byTestId("preview-restore"))).click();
    await find(driver, "plan-note-replaces_damaged_file");
    await (await find(driver, "restore")).click();
    await driver.wait(async () => (await (await find(driver, "fact-host")).getText()).includes(HOST), 15000, "not open after the restore");
    const said = await find(driver, "restored");
    assert.deepEqual(fs.readFileSync(fx.envFile), original);
    assert.equal(fs.statSync(fx.envFile).mode & 0o777, 0o600);
    const kept = await said.getAttribute("data-kept");
    assert.deepEqual(fs.readFileSync(path.join(path.dirname(fx.envFile), kept)), junk, "the junk is kept on the server");
    assert.equal(await connection(driver), "connected");
  } finally {
    await driver.quit();
  }
});
