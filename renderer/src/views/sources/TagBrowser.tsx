import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { SourceTag, SourceTagValue } from '../../../../shared/contract/source-calls.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { useDebouncedValue } from '../../hooks/use-debounced-value.js';
import { countLabel, filterValues, groupTags, tagKey } from './browse-list.js';
import type { QueryWindow } from './search-query.js';
import { sourceTagValuesQuery, sourceTagsQuery } from './sources-queries.js';
import './tag-browser.css';

/** Where a picked tag and value can go: the TraceQL box, the Tags box, the LogQL box. */
export interface BrowseTarget {
  id: string;
  /** The button's text ("Add to TraceQL"). */
  label: string;
  /** The text this target would get, or why it cannot take this tag (shown on the disabled button). */
  fragment(tag: SourceTag, value: SourceTagValue): string | Error;
  insert(tag: SourceTag, value: SourceTagValue): void;
}

interface TagBrowserProps {
  source: string;
  /** The search's window, so the lists match what a search would find; null while the time fields are invalid. */
  window: QueryWindow | null;
  noun: 'tag' | 'label';
  targets: BrowseTarget[];
}

/**
 * A label browser for the search forms, as Grafana's: pick a tag (grouped by Tempo scope), then one of its values
 * in the search's window, and add the quoted fragment to the query. The lists are asked of the source only once the
 * browser is opened; a source that cannot answer says why here, and the form keeps working. Keyboard: type to filter,
 * ↓ or Enter moves into the list, Enter on a tag moves to its values, Enter on a value adds it to the first target.
 */
export function TagBrowser({ source, window, noun, targets }: TagBrowserProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="tag-browser" data-testid="tag-browser">
      <button type="button" className="button button-quiet" aria-expanded={open} aria-controls={panelId} data-testid="browse-toggle" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Browse {noun}s
      </button>
      {open && <BrowsePanel id={panelId} source={source} window={window} noun={noun} targets={targets} />}
    </div>
  );
}

function BrowsePanel({ id, source, window, noun, targets }: TagBrowserProps & { id: string }) {
  const client = useApiClient();
  const [tagFilter, setTagFilter] = useState('');
  const [valueFilter, setValueFilter] = useState('');
  const [tag, setTag] = useState<SourceTag | null>(null);
  const [value, setValue] = useState<SourceTagValue | null>(null);
  const [added, setAdded] = useState('');
  const tagList = useRef<HTMLSelectElement>(null);
  const valueList = useRef<HTMLSelectElement>(null);
  const valueFilterInput = useRef<HTMLInputElement>(null);
  // Arrowing through the tags asks for values only where the selection rests.
  const askedTag = useDebouncedValue(tag, 200);
  const tags = useQuery(sourceTagsQuery(client, source, window));
  const values = useQuery(sourceTagValuesQuery(client, source, askedTag, window));

  const grouped = groupTags(tags.data ?? [], tagFilter);
  const shownTags = grouped.groups.flatMap((g) => g.tags);
  // Values shown are those of the tag picked, never the previous one's while the next are on their way.
  const settled = tag !== null && askedTag !== null && tagKey(tag) === tagKey(askedTag);
  const filtered = filterValues(settled ? (values.data ?? []) : [], valueFilter);
  const valueKey = (v: SourceTagValue) => `${v.type ?? ''}:${v.value}`;
  // A pick the filter hides is not shown as picked: an unmatched controlled value would make React mark the first option.
  const tagShown = tag !== null && shownTags.some((t) => tagKey(t) === tagKey(tag));
  const valueShown = value !== null && filtered.shown.some((v) => valueKey(v) === valueKey(value));
  const first = targets[0];
  const preview = tag !== null && value !== null && first !== undefined ? first.fragment(tag, value) : null;

  const pickTag = (key: string) => {
    setTag(shownTags.find((t) => tagKey(t) === key) ?? null);
    setValue(null);
    setValueFilter('');
  };
  const add = (target: BrowseTarget) => {
    if (tag === null || value === null) return;
    const fragment = target.fragment(tag, value);
    if (fragment instanceof Error) return;
    target.insert(tag, value);
    setAdded(`Added ${fragment} (${target.label.replace(/^Add to /, '')})`);
  };
  /**
   * ↓ or Enter in a filter box moves into its list, picking the first item when none of those shown is picked
   * (Enter must not submit the search form).
   */
  const intoList = (ref: RefObject<HTMLSelectElement | null>, picked: boolean, pickFirst: () => void) => (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'Enter') return;
    event.preventDefault();
    if (ref.current === null || ref.current.options.length <= 1) return;
    if (!picked) pickFirst();
    ref.current.focus();
  };

  return (
    <div className="tag-browser-panel" id={id} data-testid="browse-panel">
      {window === null && <p className="tag-browser-note">Fix the time range to browse {noun}s.</p>}
      <div className="tag-browser-lists">
        <div className="tag-browser-column" data-testid="browse-tag-column">
          <label className="source-field-label" htmlFor={`${id}-tags`}>{noun === 'tag' ? 'Tag' : 'Label'}</label>
          <input className="text-input" type="search" placeholder={`filter ${noun}s`} aria-label={`Filter ${noun}s`} data-testid="browse-tag-filter" value={tagFilter} onChange={(e) => setTagFilter(e.target.value)} onKeyDown={intoList(tagList, tagShown, () => shownTags[0] !== undefined && pickTag(tagKey(shownTags[0])))} />
          <select
            ref={tagList}
            id={`${id}-tags`}
            className="tag-browser-list mono"
            size={9}
            data-testid="browse-tags"
            value={tagShown ? tagKey(tag) : ''}
            onChange={(e) => pickTag(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              valueFilterInput.current?.focus();
            }}
          >
            <option value="" hidden />
            {grouped.groups.map((group) =>
              group.scope === null ? (
                group.tags.map((t) => <TagOption key={tagKey(t)} tag={t} />)
              ) : (
                <optgroup key={group.scope} label={group.scope}>
                  {group.tags.map((t) => <TagOption key={tagKey(t)} tag={t} />)}
                </optgroup>
              ),
            )}
          </select>
          <ListState query={tags} what={`${noun}s`} count={countLabel(shownTags.length, grouped.matched, noun)} />
        </div>
        <div className="tag-browser-column" data-testid="browse-value-column">
          <label className="source-field-label" htmlFor={`${id}-values`}>
            Value{tag === null ? '' : ` of ${tag.name}`}
          </label>
          <input ref={valueFilterInput} className="text-input" type="search" placeholder="filter values" aria-label="Filter values" data-testid="browse-value-filter" value={valueFilter} disabled={tag === null} onChange={(e) => setValueFilter(e.target.value)} onKeyDown={intoList(valueList, valueShown, () => setValue(filtered.shown[0] ?? null))} />
          <select
            ref={valueList}
            id={`${id}-values`}
            className="tag-browser-list mono"
            size={9}
            data-testid="browse-values"
            disabled={tag === null}
            value={valueShown ? valueKey(value) : ''}
            onChange={(e) => setValue(filtered.shown.find((v) => valueKey(v) === e.target.value) ?? null)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (first !== undefined) add(first);
            }}
          >
            <option value="" hidden />
            {filtered.shown.map((v) => (
              <option key={valueKey(v)} value={valueKey(v)} title={v.type ?? undefined}>
                {v.value === '' ? '(empty)' : v.value}
              </option>
            ))}
          </select>
          {tag === null ? (
            <p className="tag-browser-note">Pick a {noun} to see its values.</p>
          ) : (
            <ListState query={settled ? values : { isFetching: true, isError: false, error: null, isPending: true }} what={`values of ${tag.name}`} count={countLabel(filtered.shown.length, filtered.matched, 'value')} />
          )}
        </div>
      </div>
      <div className="tag-browser-footer">
        <code className="tag-browser-preview" data-testid="browse-fragment">
          {preview === null ? `pick a ${noun} and a value` : preview instanceof Error ? preview.message : preview}
        </code>
        {targets.map((target) => {
          const fragment = tag !== null && value !== null ? target.fragment(tag, value) : null;
          return (
            <button key={target.id} type="button" className="button" data-testid={`browse-add-${target.id}`} disabled={fragment === null || fragment instanceof Error} title={fragment instanceof Error ? fragment.message : (fragment ?? undefined)} onClick={() => add(target)}>
              {target.label}
            </button>
          );
        })}
      </div>
      <p className="tag-browser-note" role="status" data-testid="browse-added">
        {added}
      </p>
    </div>
  );
}

function TagOption({ tag }: { tag: SourceTag }) {
  return <option value={tagKey(tag)}>{tag.name}</option>;
}

/** Loading, the source's error (inline, so the form stays usable), or how many there are. */
function ListState({ query, what, count }: { query: { isPending: boolean; isFetching: boolean; isError: boolean; error: Error | null }; what: string; count: string }) {
  if (query.isError) {
    return (
      <p className="tag-browser-error" role="alert" data-testid="browse-error">
        The {what} could not be listed: {query.error?.message}
      </p>
    );
  }
  if (query.isFetching) {
    return (
      <p className="tag-browser-note" data-testid="browse-loading">
        <span className="spinner" aria-hidden="true" /> Asking the source…
      </p>
    );
  }
  // Not asked (no valid window yet).
  if (query.isPending) return null;
  return (
    <p className="tag-browser-note" data-testid="browse-count">
      {count}
    </p>
  );
}
