// The window's keyboard shortcuts, with each platform's modifier: Cmd on macOS, Ctrl elsewhere.
// Ctrl+R and F5 would be a page reload in WebView2 (Windows), dropping a step half-way: they are
// famsync's own "read the installation again" instead, on every platform. Closing follows each
// system: Ctrl+W on Linux and Windows, Ctrl+Q too on Linux; on macOS the app menu's Cmd+W and
// Cmd+Q do it (Tauri's default menu), and Alt+F4 is Windows' own.

export type Platform = "macos" | "windows" | "linux";
export type Shortcut = "refresh" | "close";

export interface Keys {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function platformOf(userAgent: string): Platform {
  if (/Mac OS X|Macintosh/.test(userAgent)) return "macos";
  if (/Windows/.test(userAgent)) return "windows";
  return "linux";
}

export function shortcutOf(e: Keys, platform: Platform): Shortcut | null {
  if (e.key === "F5" && !e.altKey) return "refresh";
  const mod = platform === "macos" ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!mod || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "r") return "refresh";
  if (platform === "macos" || e.shiftKey) return null;
  if (key === "w" || (key === "q" && platform === "linux")) return "close";
  return null;
}
