import { z } from 'zod';
import type { LogPage } from '../api-types.js';
import type { AttributeGroupPage, AttributeKeyList, AttributeTracePage, NavResolution } from '../nav-types.js';
import { call } from '../contract-kit.js';

import { limit, name, timeWindow } from './schemas.js';

const attributeKey = z.string().min(1).max(256);

/** Calls behind navigation: the omnibox, and the pivots from any attribute value to the traces that carry it. */
export const navCalls = {
  /** Ranked places an omnibox entry could mean: a trace or span id (any form), a service, log text. */
  resolveQuery: call(z.object({ text: z.string().max(1000), limit: limit(12, 100) })).returns<NavResolution>(),

  /** Traces with a span whose attributes (or resource) have key = value, newest first. */
  tracesByAttribute: call(
    z.object({ key: attributeKey, value: z.string().max(4096), limit: limit(100, 10_000), ...timeWindow }),
  ).returns<AttributeTracePage>(),

  /** Logs whose attributes (or resource) have key = value, newest first. */
  logsByAttribute: call(
    z.object({ key: attributeKey, value: z.string().max(4096), limit: limit(200, 5000), ...timeWindow }),
  ).returns<LogPage>(),

  /** Attribute keys on recent spans in the window (of `service`, if given) and their resources: group-by suggestions. */
  attributeKeys: call(z.object({ service: name.optional(), limit: limit(200, 2000), ...timeWindow })).returns<AttributeKeyList>(),

  /** Traces grouped by the value of `key` on their spans (of `service`, if given): counts, errors and latency. */
  groupTracesByAttribute: call(
    z.object({ key: attributeKey, service: name.optional(), limit: limit(50, 1000), ...timeWindow }),
  ).returns<AttributeGroupPage>(),
};
