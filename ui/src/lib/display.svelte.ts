// The window's language and theme: the remembered choice, else the OS (its locale's language,
// its light or dark setting, followed live). The page's <html> carries lang and data-theme.
import { backend } from "./backend";
import { setLanguage } from "./i18n.svelte";
import type { Language, Preferences, Theme } from "./types";

const dark = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

export const display = $state({
  preferences: { language: null, theme: "system" } as Preferences,
  systemLanguage: "en" as Language,
});

async function apply(): Promise<void> {
  const { language, theme } = display.preferences;
  const effective = theme === "system" ? (dark?.matches ? "dark" : "light") : theme;
  document.documentElement.dataset.theme = effective;
  await setLanguage(language ?? display.systemLanguage);
}

dark?.addEventListener("change", () => void apply());

/** Read the remembered choices and the OS locale; the first render waits for this. */
export async function loadDisplay(): Promise<void> {
  const got = await backend.display().catch(() => null);
  if (got) {
    display.preferences = got.preferences;
    display.systemLanguage = got.system_language;
  }
  await apply();
}

function choose(change: Partial<Preferences>): void {
  display.preferences = { ...display.preferences, ...change };
  void apply();
  backend.setPreferences(display.preferences).catch(() => {});
}

/** null: follow the OS locale again. */
export const chooseLanguage = (language: Language | null) => choose({ language });
export const chooseTheme = (theme: Theme) => choose({ theme });
