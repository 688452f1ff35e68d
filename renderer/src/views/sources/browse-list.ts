import type { SourceTag, SourceTagValue } from '../../../../shared/contract/source-calls.js';

/**
 * The tag picker's lists: filtered by what is typed (case-insensitive, anywhere in the name), grouped by Tempo scope,
 * and cut to a length a listbox can show — a high-cardinality tag (user ids, request ids) can have thousands of
 * values; the count says how many matched, so typing more narrows them.
 */
export const MAX_SHOWN = 300;

export interface TagGroup {
  scope: string | null;
  tags: SourceTag[];
}

/** A tag's identity in a listbox (option values are strings; the same name can exist in two scopes). */
export function tagKey(tag: SourceTag): string {
  return `${tag.scope ?? ''}:${tag.name}`;
}

export function matchesFilter(text: string, filter: string): boolean {
  return text.toLowerCase().includes(filter.trim().toLowerCase());
}

/** Tags matching the filter, in the order given, grouped by consecutive scope; `matched` counts all that matched. */
export function groupTags(tags: readonly SourceTag[], filter: string, max = MAX_SHOWN): { groups: TagGroup[]; matched: number } {
  const matching = tags.filter((t) => matchesFilter(t.name, filter));
  const groups: TagGroup[] = [];
  for (const tag of matching.slice(0, max)) {
    const last = groups.at(-1);
    if (last !== undefined && last.scope === tag.scope) last.tags.push(tag);
    else groups.push({ scope: tag.scope, tags: [tag] });
  }
  return { groups, matched: matching.length };
}

export function filterValues(values: readonly SourceTagValue[], filter: string, max = MAX_SHOWN): { shown: SourceTagValue[]; matched: number } {
  const matching = values.filter((v) => matchesFilter(v.value, filter));
  return { shown: matching.slice(0, max), matched: matching.length };
}

/** "12 tags", "showing 300 of 4,210 values: type to narrow". */
export function countLabel(shown: number, matched: number, noun: string): string {
  const plural = (n: number) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
  return shown < matched ? `showing ${shown.toLocaleString('en-US')} of ${plural(matched)}: type to narrow` : plural(matched);
}
