// Words for the UI. Rust sends codes and fields; this module turns them into text from the
// catalogs, so no English made in Rust reaches the window. The language is reactive state:
// every t() in a template is read again when the owner switches languages.
import en from "../locales/en.json";
import type { CodedError, Language } from "./types";

type Catalog = Record<string, string>;

// Each language named in itself, as a switcher shows it.
export const NATIVE_NAMES: Record<Language, string> = {
  en: "English",
  ja: "日本語",
  "zh-CN": "简体中文",
  nl: "Nederlands",
  fr: "Français",
  sv: "Svenska",
};
export const LANGUAGES = Object.keys(NATIVE_NAMES) as Language[];

// English is in the bundle: the fallback for any key. The other five are fetched when chosen,
// so the first paint does not wait for 170 kB of catalogs the window will not show.
const LOADERS: Record<Language, () => Promise<{ default: Catalog }>> = {
  en: async () => ({ default: en }),
  ja: () => import("../locales/ja.json"),
  "zh-CN": () => import("../locales/zh-CN.json"),
  nl: () => import("../locales/nl.json"),
  fr: () => import("../locales/fr.json"),
  sv: () => import("../locales/sv.json"),
};
const loaded: Partial<Record<Language, Catalog>> = { en };

/** A language's catalog, fetched the first time it is asked for. */
export async function catalog(lang: Language): Promise<Catalog> {
  return (loaded[lang] ??= (await LOADERS[lang]()).default);
}

const current = $state({ lang: "en" as Language });
let asked = 0;

export function language(): Language {
  return current.lang;
}

/** Switches once the catalog is there, so the window never shows half a language; of quick
 *  switches, the last one asked for wins. */
export async function setLanguage(next: Language): Promise<void> {
  if (!LOADERS[next]) return;
  const mine = ++asked;
  await catalog(next);
  if (mine !== asked) return;
  current.lang = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

const words = (key: string): string | undefined => loaded[current.lang]?.[key] ?? (en as Catalog)[key];

function show(value: unknown): string {
  if (value === null || value === undefined) return t("value.unknown");
  if (Array.isArray(value)) return value.map(show).join(", ");
  return String(value);
}

/** A label of Bitwarden's own UI as Bitwarden's translation names it, with the English name
 * beside it when they differ (the owner's vault may be set to another language than famsync). */
function bitwardenLabel(key: string): string {
  const here = words(key) ?? key;
  const english = (en as Catalog)[key];
  return here === english ? here : `${here} (${english})`;
}

export function has(key: string): boolean {
  return words(key) !== undefined;
}

/** The text of a key with its {placeholders} filled; {bw.*} names a Bitwarden UI label. */
export function t(key: string, params: Record<string, unknown> = {}): string {
  const text = words(key);
  if (text === undefined) return key;
  return text.replace(/\{([\w.]+)\}/g, (_, name: string) => (name.startsWith("bw.") ? bitwardenLabel(name) : show(params[name])));
}

/** A coded error from the core (or anything else a promise rejected with) as what + fix. */
export function describeError(err: unknown): { what: string; fix: string; code: string } {
  const coded = err as CodedError;
  if (coded && typeof coded === "object" && typeof coded.code === "string" && has(`error.${coded.code}`)) {
    return { code: coded.code, what: t(`error.${coded.code}`, coded), fix: t(`fix.${coded.code}`, coded) };
  }
  return { code: "unexpected", what: t("error.unexpected"), fix: t("fix.unexpected") };
}

/** A coded warning or problem (license warnings, region problems, plan notes). */
export function describeCode(prefix: string, item: CodedError): string {
  return t(`${prefix}.${item.code}`, item);
}

/** A moment (unix seconds) as the window's language writes a date and time. */
export function when(at: number): string {
  return new Intl.DateTimeFormat(current.lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at * 1000));
}

export function catalogKeys(): string[] {
  return Object.keys(en);
}
