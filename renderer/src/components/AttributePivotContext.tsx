import { createContext, useContext } from 'react';
import type { AttributeRef, ViewState } from '../../../shared/view-state.js';

/**
 * Where an attribute value can lead. The shell provides it; attribute tables anywhere (span details, log rows)
 * offer the pivots when it is there, and plain tables when it is not (e.g. in isolation).
 */
export interface AttributePivots {
  go: (view: ViewState) => void;
}

export const AttributePivotContext = createContext<AttributePivots | null>(null);

export function useAttributePivots(): AttributePivots | null {
  return useContext(AttributePivotContext);
}

/** The three pivots from one attribute value; `service` narrows the grouping to the service the value was seen on. */
export function attributePivotTargets(attribute: AttributeRef, service: string | undefined): { label: string; id: string; view: ViewState }[] {
  return [
    { id: 'traces', label: 'Other traces with this value', view: { view: 'traces', attribute } },
    { id: 'logs', label: 'Logs with this value', view: { view: 'logs', attribute } },
    {
      id: 'group',
      label: service === undefined ? `Group traces by ${attribute.key}` : `Group ${service} traces by ${attribute.key}`,
      view: { view: 'traces', groupBy: attribute.key, ...(service === undefined ? {} : { service }) },
    },
  ];
}
