// A Helm values file in the window (tests/fixtures/helm, laid out as bitwarden/helm-charts
// charts/self-host/values.yaml): typed as the installation's path, step 0 names the kind and
// the file, and says the installation id is in the chart's Kubernetes secret; step 2 says the
// apply is famsync's restart from a terminal, where the owner names the release.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, find, screenshot, ROOT } from "./harness.js";

test("a Helm values file through steps 0 and 2", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "famsync-e2e-helm-"));
  const values = path.join(dir, "my-values.yaml");
  fs.copyFileSync(path.join(ROOT, "tests/fixtures/helm/my-values.yaml"), values);
  const driver = await launch();
  try {
    await find(driver, "not-found");
    const input = await find(driver, "path-input");
    await input.clear();
    await input.sendKeys(values);
    await (await find(driver, "open-path")).click();
    const kind = await find(driver, "installation-kind");
    assert.equal(await kind.getAttribute("data-kind"), "helm");
    assert.equal(await kind.getText(), "Kubernetes (Helm)");
    const facts = await (await find(driver, "facts")).getText();
    assert.ok(facts.includes(fs.realpathSync(values)), facts);
    assert.ok(!facts.includes("bitwarden.sh"), facts);
    assert.match(await (await find(driver, "installation-id")).getText(), /./);
    await screenshot(driver, "step0-helm");
    await (await find(driver, "step-restart")).click();
    const notice = await (await find(driver, "helm-by-terminal")).getText();
    assert.match(notice, /--release NAME --namespace NAMESPACE/);
    assert.ok(notice.includes(fs.realpathSync(values)), notice);
    assert.equal((await driver.findElements({ css: '[data-testid="restart"]' })).length, 0, "no Restart button");
    await screenshot(driver, "step2-helm");
  } finally {
    await driver.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
