// Issue #7's window behaviour: the window opens where and as large as the owner left it, and a
// second launch of famsync wakes the running window instead of opening another.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { Key } from "selenium-webdriver";
import { launch, find, APP } from "./harness.js";

const LOG = () => path.join(process.env.XDG_DATA_HOME, "org.famsync.desktop/logs/famsync.log");

test("the window's size and place are remembered", async () => {
  let driver = await launch();
  const want = { x: 70, y: 40, width: 900, height: 700 };
  try {
    await find(driver, "not-found");
    await driver.manage().window().setRect(want);
    await driver.wait(async () => (await driver.manage().window().getRect()).width === want.width, 3000);
    const set = await driver.manage().window().getRect();
    // Kept once the owner stops resizing (not only at a clean exit, which a killed app skips).
    const kept = path.join(process.env.XDG_CONFIG_HOME, "org.famsync.desktop/.window-state.json");
    const saved = () => fs.existsSync(kept) && JSON.parse(fs.readFileSync(kept, "utf8")).main?.width === want.width;
    await driver.wait(saved, 3000, "the size was not kept");
    await driver.quit();
    driver = await launch({ resume: true });
    await find(driver, "step-installation");
    const got = await driver.manage().window().getRect();
    assert.deepEqual(got, set, "the relaunched window is not where it was left");
    assert.notDeepEqual([got.width, got.height], [1000, 820], "the default size came back");
  } finally {
    await driver.quit();
  }
});

test("a second launch wakes the running window and exits", async () => {
  const driver = await launch();
  let second;
  try {
    await find(driver, "not-found");
    second = spawn(APP, [], { stdio: "ignore" });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the second famsync did not exit within 10 s")), 10000);
      second.on("exit", (c) => (clearTimeout(timer), resolve(c)));
    });
    assert.equal(code, 0);
    await driver.wait(() => fs.existsSync(LOG()) && fs.readFileSync(LOG(), "utf8").includes("a second launch focused this window"), 5000, "the first window was not told");
    // The first window still works.
    await (await find(driver, "use-sample")).click();
    await find(driver, "sample-notice");
  } finally {
    // A second famsync that stayed open would hold the test run open after a failure.
    if (second && second.exitCode === null && second.signalCode === null) second.kill();
    await driver.quit();
  }
});

test("Ctrl+R reads the installation again in the page, and Ctrl+W closes the window", async () => {
  const driver = await launch();
  let closed = false;
  try {
    await (await find(driver, "use-sample")).click();
    await find(driver, "sample-notice");
    // A reload would lose this (and, in WebView2, the step the owner is on).
    await driver.executeScript("window.famsyncMark = 42;");
    const ctrl = (key) => driver.actions().keyDown(Key.CONTROL).sendKeys(key).keyUp(Key.CONTROL).perform();
    await ctrl("r");
    await find(driver, "sample-notice");
    assert.equal(await driver.executeScript("return window.famsyncMark;"), 42, "Ctrl+R reloaded the page");
    // The window may be gone before the keys are let go: that answer is not the test's, the
    // window's absence is.
    await ctrl("w").catch(() => {});
    const gone = async () => {
      try {
        await driver.getTitle();
        return false;
      } catch {
        return true;
      }
    };
    await driver.wait(gone, 5000, "Ctrl+W left the window open");
    closed = true;
  } finally {
    if (!closed) await driver.quit();
    else await driver.quit().catch(() => {});
  }
});
