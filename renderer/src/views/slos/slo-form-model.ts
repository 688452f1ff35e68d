import { sloDefinition, type SloDefinition } from '../../../../shared/slo/types.js';
import { formatDurationInput, parseDurationMs } from '../../lib/duration-input.js';

/** What the SLO form holds: text as typed, so a half-written value is never lost or reformatted under the cursor. */
export interface SloDraft {
  name: string;
  service: string;
  operation: string;
  kind: 'latency' | 'availability';
  threshold: string;
  /** Percent, e.g. "99.9". */
  target: string;
  bad: 'error' | 'http-5xx' | 'attribute';
  badKey: string;
  badOp: '=' | '!=';
  badValue: string;
  periodDays: string;
}

export type SloDraftErrors = Partial<Record<keyof SloDraft, string>>;

export const EMPTY_SLO_DRAFT: SloDraft = {
  name: '',
  service: '',
  operation: '',
  kind: 'latency',
  threshold: '300ms',
  target: '99',
  bad: 'error',
  badKey: '',
  badOp: '=',
  badValue: '',
  periodDays: '28',
};

/** An existing SLO as a draft, to edit it (saving under the same name replaces it). */
export function draftOf(slo: SloDefinition): SloDraft {
  const o = slo.objective;
  const bad = o.kind === 'availability' ? o.bad : 'error';
  return {
    ...EMPTY_SLO_DRAFT,
    name: slo.name,
    service: slo.service,
    operation: slo.operation ?? '',
    kind: o.kind,
    threshold: o.kind === 'latency' ? formatDurationInput(o.thresholdMs) : EMPTY_SLO_DRAFT.threshold,
    target: String(+(o.target * 100).toFixed(6)),
    bad: typeof bad === 'string' ? bad : 'attribute',
    badKey: typeof bad === 'string' ? '' : bad.key,
    badOp: typeof bad === 'string' ? '=' : bad.op,
    badValue: typeof bad === 'string' ? '' : bad.value,
    periodDays: String(slo.periodDays),
  };
}

/** The draft as a definition the cache accepts, or what is wrong with it, field by field, in words. */
export function buildSlo(draft: SloDraft): { slo: SloDefinition } | { errors: SloDraftErrors } {
  const errors: SloDraftErrors = {};
  const targetPercent = Number(draft.target.trim().replace(/%$/, ''));
  if (draft.target.trim() === '' || !(targetPercent > 0 && targetPercent < 100)) errors.target = 'a percentage above 0 and below 100, e.g. 99.9';
  const thresholdMs = parseDurationMs(draft.threshold);
  if (draft.kind === 'latency' && (thresholdMs === null || thresholdMs === undefined || thresholdMs <= 0)) {
    errors.threshold = 'a duration like 300ms or 1.5s';
  }
  const periodDays = Number(draft.periodDays);
  if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 90) errors.periodDays = 'whole days, 1 to 90';
  if (draft.service.trim() === '') errors.service = 'the service whose requests the objective judges';
  if (draft.kind === 'availability' && draft.bad === 'attribute' && draft.badKey.trim() === '') errors.badKey = 'the attribute that marks a failure';

  // 99.9 / 100 is 0.9990000000000001 in floating point; the objective should read as typed.
  const target = Number((targetPercent / 100).toPrecision(12));
  const bad = draft.bad === 'attribute' ? { key: draft.badKey.trim(), op: draft.badOp, value: draft.badValue } : draft.bad;
  const candidate = {
    name: draft.name.trim(),
    service: draft.service.trim(),
    ...(draft.operation.trim() === '' ? {} : { operation: draft.operation.trim() }),
    objective: draft.kind === 'latency' ? { kind: 'latency', thresholdMs, target } : { kind: 'availability', target, bad },
    periodDays,
  };
  const parsed = sloDefinition.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'name' ? 'name' : issue.path[0] === 'service' ? 'service' : issue.path[0] === 'operation' ? 'operation' : null;
      if (field !== null && errors[field] === undefined) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  if (!parsed.success) return { errors: { name: parsed.error.issues[0]?.message ?? 'not a valid objective' } };
  return { slo: parsed.data };
}
