/**
 * Names listed as a language lists things (a line's options, a menu item's option groups, stores): "Large, Iced",
 * "ラージ、アイス", "라지, 아이스, 샷 추가". A conjunction, as every one of them holds; narrow, so English lists them as a
 * menu does, without "and". Korean's conjunction ends in "및" ("and"), a written form no menu uses for its choices:
 * commas there.
 */
export function listNames(locale: string, names: readonly string[]): string {
  return locale.startsWith('ko') ? names.join(', ') : new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' }).format(names);
}
