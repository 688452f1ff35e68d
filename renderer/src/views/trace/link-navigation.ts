import { createContext } from 'react';

/**
 * Lets the span detail's links section, deep inside SpanDetail, find both directions of the selected span's links
 * and open a linked trace, without threading props through components other views also use.
 */
export interface LinkNavigation {
  traceId: string;
  spanId: string;
  onOpenTrace: (traceId: string, spanId?: string) => void;
}

export const LinkNavigationContext = createContext<LinkNavigation | null>(null);
