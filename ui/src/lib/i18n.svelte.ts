// Words for the UI. Rust sends codes and fields; this module turns them into text from the
// catalogs, so no English made in Rust reaches the window. The language is reactive state:
// every t() in a template is read again when the owner switches languages.
import en from "../locales/en.json";
import ja from "../locales/ja.json";
import zhCN from "../locales/zh-CN.json";
import nl from "../locales/nl.json";
import fr from "../locales/fr.json";
import sv from "../locales/sv.json";
import type { CodedError, Language } from "./types";

type Catalog = Record<string, string>;
export const CATALOGS: Record<Language, Catalog> = { en, ja, "zh-CN": zhCN, nl, fr, sv };
export const LANGUAGES = Object.keys(CATALOGS) as Language[];

// Each language named in itself, as a switcher shows it.
export const NATIVE_NAMES: Record<Language, string> = {
  en: "English",
  ja: "日本語",
  "zh-CN": "简体中文",
  nl: "Nederlands",
  fr: "Français",
  sv: "Svenska",
};

const current = $state({ lang: "en" as Language });

export function language(): Language {
  return current.lang;
}

export function setLanguage(next: Language): void {
  if (!CATALOGS[next]) return;
  current.lang = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return t("value.unknown");
  if (Array.isArray(value)) return value.map(show).join(", ");
  return String(value);
}

/** A label of Bitwarden's own UI as Bitwarden's translation names it, with the English name
 * beside it when they differ (the owner's vault may be set to another language than famsync). */
function bitwardenLabel(key: string): string {
  const here = CATALOGS[current.lang][key] ?? CATALOGS.en[key];
  const english = CATALOGS.en[key];
  return here === english ? here : `${here} (${english})`;
}

export function has(key: string): boolean {
  return key in CATALOGS[current.lang] || key in CATALOGS.en;
}

/** The text of a key with its {placeholders} filled; {bw.*} names a Bitwarden UI label. */
export function t(key: string, params: Record<string, unknown> = {}): string {
  const text = CATALOGS[current.lang][key] ?? CATALOGS.en[key];
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

export function catalogKeys(): string[] {
  return Object.keys(CATALOGS.en);
}
