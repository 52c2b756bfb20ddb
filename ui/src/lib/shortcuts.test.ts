import { describe, expect, test } from "vitest";
import { platformOf, shortcutOf, type Keys } from "./shortcuts";

const keys = (key: string, over: Partial<Keys> = {}): Keys => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...over });

describe("shortcuts", () => {
  test("each platform is told from its user agent", () => {
    expect(platformOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15")).toBe("macos");
    expect(platformOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/131.0")).toBe("windows");
    expect(platformOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15")).toBe("linux");
  });

  test("reading again is Cmd+R on macOS, Ctrl+R elsewhere, and F5 everywhere", () => {
    expect(shortcutOf(keys("r", { metaKey: true }), "macos")).toBe("refresh");
    expect(shortcutOf(keys("r", { ctrlKey: true }), "macos")).toBeNull();
    expect(shortcutOf(keys("R", { ctrlKey: true, shiftKey: true }), "windows")).toBe("refresh");
    expect(shortcutOf(keys("r", { metaKey: true }), "windows")).toBeNull();
    expect(shortcutOf(keys("F5"), "linux")).toBe("refresh");
    expect(shortcutOf(keys("r"), "linux")).toBeNull();
  });

  test("closing is Ctrl+W on Linux and Windows, Ctrl+Q on Linux, and the menu's on macOS", () => {
    expect(shortcutOf(keys("w", { ctrlKey: true }), "windows")).toBe("close");
    expect(shortcutOf(keys("w", { ctrlKey: true }), "linux")).toBe("close");
    expect(shortcutOf(keys("q", { ctrlKey: true }), "linux")).toBe("close");
    expect(shortcutOf(keys("q", { ctrlKey: true }), "windows")).toBeNull();
    expect(shortcutOf(keys("w", { metaKey: true }), "macos")).toBeNull();
    expect(shortcutOf(keys("w", { ctrlKey: true, altKey: true }), "linux")).toBeNull();
  });

  test("text keys and the clipboard's shortcuts are left to the field", () => {
    for (const k of ["c", "v", "x", "a", "z"]) expect(shortcutOf(keys(k, { ctrlKey: true }), "linux")).toBeNull();
    expect(shortcutOf(keys("w"), "linux")).toBeNull();
  });
});
