import { describe, expect, it } from 'vitest';
import { countLabel, filterValues, groupTags, tagKey } from './browse-list.js';

const TAGS = [
  { name: 'service.name', scope: 'resource' },
  { name: 'k8s.pod.name', scope: 'resource' },
  { name: 'http.status_code', scope: 'span' },
  { name: 'service.name', scope: 'span' },
  { name: 'status', scope: 'intrinsic' },
];

describe('tag picker lists', () => {
  it('groups tags by scope in the order given, filtering case-insensitively anywhere in the name', () => {
    expect(groupTags(TAGS, '').groups.map((g) => [g.scope, g.tags.length])).toEqual([
      ['resource', 2],
      ['span', 2],
      ['intrinsic', 1],
    ]);
    const named = groupTags(TAGS, ' NAME ');
    expect(named.matched).toBe(3);
    expect(named.groups.map((g) => g.tags.map(tagKey))).toEqual([['resource:service.name', 'resource:k8s.pod.name'], ['span:service.name']]);
  });

  it('cuts long lists and says how many matched, so typing narrows them', () => {
    const values = Array.from({ length: 4210 }, (_, i) => ({ value: `user-${i}`, type: 'string' }));
    const all = filterValues(values, '');
    expect([all.shown.length, all.matched]).toEqual([300, 4210]);
    expect(countLabel(all.shown.length, all.matched, 'value')).toBe('showing 300 of 4,210 values: type to narrow');
    const narrow = filterValues(values, 'user-420');
    expect(narrow.shown.map((v) => v.value)).toEqual(['user-420', 'user-4200', 'user-4201', 'user-4202', 'user-4203', 'user-4204', 'user-4205', 'user-4206', 'user-4207', 'user-4208', 'user-4209']);
    expect(countLabel(narrow.shown.length, narrow.matched, 'value')).toBe('11 values');
    expect(countLabel(1, 1, 'label')).toBe('1 label');
  });

  it('keeps the same name in two scopes apart', () => {
    expect(tagKey({ name: 'service.name', scope: 'resource' })).not.toBe(tagKey({ name: 'service.name', scope: 'span' }));
    expect(tagKey({ name: 'app', scope: null })).toBe(':app');
  });
});
