import { h } from '../dom.js';
import type { Names } from './types.js';

/**
 * The user's locale for names (workflow, pipeline, stage): the one picked in the switch (kept
 * in localStorage), else the browser's. Right-to-left scripts set dir="rtl" on <html>, and the
 * layout uses logical CSS properties so it mirrors.
 */
const KEY = 'automations.locale';
const RTL = new Set(['ar', 'he', 'fa', 'ur']);
export const LOCALES: readonly { code: string; label: string }[] = [
  { code: '', label: 'Browser' },
  { code: 'en', label: 'English' },
  { code: 'ar', label: 'العربية' },
];

export function chosenLocale(): string {
  return localStorage.getItem(KEY) ?? '';
}

export function currentLocale(): string {
  return chosenLocale() || navigator.language || 'en';
}

const base = (locale: string) => locale.toLowerCase().split(/[-_]/)[0]!;

export function isRtl(locale = currentLocale()): boolean {
  return RTL.has(base(locale));
}

/** Sets lang and dir on the document from the current locale. */
export function applyLocale(): void {
  const locale = currentLocale();
  document.documentElement.lang = locale;
  document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
}

export function setLocale(code: string): void {
  if (code) localStorage.setItem(KEY, code);
  else localStorage.removeItem(KEY);
  applyLocale();
}

/** A name in the user's locale: exact tag, then its language, then English, then any. */
export function nameOf(names: Names | undefined | null, fallback = ''): string {
  if (!names) return fallback;
  const locale = currentLocale();
  const exact = Object.keys(names).find((k) => k.toLowerCase() === locale.toLowerCase());
  const lang = Object.keys(names).find((k) => base(k) === base(locale));
  return names[exact ?? lang ?? 'en'] ?? Object.values(names)[0] ?? fallback;
}

/** Dates and numbers formatted for the locale. */
export const dateText = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(currentLocale()) : '—');

/** The switch in the header; changing it re-renders the current page (onChange). */
export function localeSwitch(onChange: () => void): HTMLElement {
  const select = h('select', {
    id: 'locale-switch',
    onchange: (e: Event) => {
      setLocale((e.target as HTMLSelectElement).value);
      onChange();
    },
  }, LOCALES.map((l) => h('option', { value: l.code, selected: l.code === chosenLocale(), lang: l.code || null }, l.label)));
  return h('span', { className: 'locale' }, h('label', { for: 'locale-switch', className: 'visually-hidden' }, 'Language'), select);
}
