// Words for the UI. Rust sends codes and fields; this module turns them into text from the
// catalogs, so no English made in Rust reaches the window.
import en from "../locales/en.json";
import type { CodedError } from "./types";

type Catalog = Record<string, string>;
const catalogs: Record<string, Catalog> = { en };
let lang = "en";

export function setLanguage(next: string): void {
  if (catalogs[next]) lang = next;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return t("value.unknown");
  if (Array.isArray(value)) return value.map(show).join(", ");
  return String(value);
}

export function has(key: string): boolean {
  return key in catalogs[lang] || key in catalogs.en;
}

export function t(key: string, params: Record<string, unknown> = {}): string {
  const text = catalogs[lang][key] ?? catalogs.en[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => show(params[name]));
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
  return Object.keys(catalogs.en);
}
