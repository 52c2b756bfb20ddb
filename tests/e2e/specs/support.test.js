// Issue #6's window test for troubleshooting and diagnostics: today's server log findings are
// shown where they apply (steps 4, 5 and Done) with their time, the line and the fix, and a new
// line shows without a click; "Report for support" writes the redacted report (0600) beside
// famsync's own log, and neither holds a secret of the installation or the saved token.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { By, Key } from "selenium-webdriver";
import { launch, fixture, find, screenshot, openFixture, filesContaining, axeFindings } from "./harness.js";

const ORG = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const TOKEN = "SupportTokenAbCdEfGhIjKl012345";
// The server names its log by its own (UTC) day, and so does famsync (serverlog::server_today).
const today = () => {
  const d = new Date();
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
};

test("server log findings with their fix, and a report for support with no secret in it", async () => {
  const fx = fixture("us");
  // Where and as the server writes it since 2025.12 (tests/fixtures/make-fixtures.py names
  // the sources): bwdata/logs/api/Api/<yyyyMMdd>.txt, Serilog.Extensions.Logging.File's format.
  const logs = path.join(fx.bwdata, "logs/api/Api");
  fs.mkdirSync(logs, { recursive: true });
  const log = path.join(logs, `${today()}.txt`);
  fs.writeFileSync(
    log,
    '2026-11-29T03:00:01.1230000+00:00  [ERR] Sponsorship sync for organization "Example Corp" Failed (61b2f8d4)\n' +
      "Bit.Core.Exceptions.BadRequestException: Organization sync failed\n" +
      // A careless log line holding the SQL password: the report must not carry it.
      "2026-11-29T03:00:02.0000000+00:00  [ERR] License sync failed: Password=FIXTURE-sql-password;Encrypt=True (0badc0de)\n",
  );
  const driver = await launch();
  try {
    await openFixture(driver, fx);
    await (await find(driver, "step-token")).click();
    await (await find(driver, `org-${ORG}`)).click();
    await (await find(driver, "token-input")).sendKeys(TOKEN);
    await (await find(driver, "token-save")).click();
    await find(driver, "token-saved");

    await (await find(driver, "step-sync")).click();
    await find(driver, "server-log");
    const problems = async () => driver.executeScript("return [...document.querySelectorAll('[data-testid=log-finding]')].map((e) => e.dataset.problem)");
    assert.deepEqual(await problems(), ["sponsorship_sync_failed", "sync_error"]);
    const first = await driver.findElement(By.css('[data-testid="log-finding"]'));
    const text = await first.getText();
    assert.match(text, /2026-11-29T03:00:01\.1230000\+00:00 · api/);
    assert.match(text, /\[ERR\] Sponsorship sync for organization "Example Corp" Failed/);
    assert.match(text, /BadRequestException: Organization sync failed/);
    assert.match(text, /sync by hand \(step 5\)/);

    // A new line in today's log shows without a click (the watcher follows bwdata/logs).
    // BaseIdentityClientService.cs: the cloud refused the installation's key.
    fs.appendFileSync(log, '2026-11-29T09:00:00.0000000+00:00  [ERR] Unsuccessful token response from https://identity.bitwarden.com/ for client "installation.x" with status BadRequest-"Bad Request" (5a6b7c8d)\n');
    await driver.wait(async () => (await problems()).includes("key_rejected"), 5000, "the new log line did not show");
    await screenshot(driver, "support/step5-server-log");
    // The careless line is shown without its password.
    assert.ok(!(await driver.getPageSource()).includes("FIXTURE-sql-password"), "a password from the log is in the page");

    // The report, from the button under the steps.
    const button = await find(driver, "create-report");
    await button.click();
    await find(driver, "report");
    await driver.wait(async () => (await driver.executeScript("return document.activeElement?.id")) === "report-title", 3000, "focus not in the dialog");
    const report = await (await find(driver, "report-text")).getText();
    const where = await (await find(driver, "report-path")).getText();
    await screenshot(driver, "support/report");
    assert.deepEqual(await axeFindings(driver), [], "axe findings on the report dialog");
    const parsed = JSON.parse(report);
    assert.equal(parsed.front_end, "desktop");
    assert.equal(parsed.server_log.findings.length, 3);
    // Every secret value of the fixture starts with FIXTURE; the token is the one just saved.
    for (const secret of ["FIXTURE", TOKEN]) assert.ok(!report.includes(secret), `the report shows a secret`);
    assert.equal(fs.statSync(where).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(where, "utf8").trim(), report.trim());
    // Escape closes it and gives focus back to the button.
    await driver.switchTo().activeElement().sendKeys(Key.ESCAPE);
    await driver.wait(async () => (await driver.findElements(By.css('[data-testid="report"]'))).length === 0, 3000);
    assert.equal(await driver.executeScript("return document.activeElement?.dataset.testid"), "create-report");

    // famsync's own log is beside it, says what happened, and holds no secret either.
    const own = path.join(path.dirname(where), "famsync.log");
    const logged = fs.readFileSync(own, "utf8");
    assert.match(logged, /opened .*bwdata on this computer/);
    assert.match(logged, /save token in the keyring: done/);
    for (const secret of ["FIXTURE", TOKEN]) {
      assert.deepEqual(filesContaining(path.dirname(where), secret), [], "a secret in the log folder");
    }
  } finally {
    await driver.quit();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  }
});
