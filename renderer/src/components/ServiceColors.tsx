import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type CSSProperties, type ReactNode } from 'react';
import { assignServiceColors, preferredServiceColor } from '../../../shared/service-colors.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { readSavedServiceColors, saveServiceColors } from '../lib/saved-service-colors.js';
import { servicesQuery } from '../queries/services.js';

type ColorOf = (service: string) => string;

const ServiceColorsContext = createContext<ColorOf>(preferredServiceColor);

/**
 * Assigns every service in the cache its colour (shared/service-colors.ts) once, for every view below: the cache's
 * whole service list, not the time window's, so a colour does not change with the range; and the colours drawn
 * before are kept (localStorage), so an import does not repaint services a reader already knows.
 */
export function ServiceColorsProvider({ children }: { children: ReactNode }) {
  const services = useQuery(servicesQuery(useApiClient()));
  const colors = useMemo(() => assignServiceColors(services.data?.map((s) => s.name) ?? [], readSavedServiceColors()), [services.data]);
  useEffect(() => {
    if (colors.size > 0) saveServiceColors(colors);
  }, [colors]);
  const colorOf = useMemo<ColorOf>(() => (service) => colors.get(service) ?? preferredServiceColor(service), [colors]);
  return <ServiceColorsContext.Provider value={colorOf}>{children}</ServiceColorsContext.Provider>;
}

export function useServiceColor(): ColorOf {
  return useContext(ServiceColorsContext);
}

/** A service's name in its colour's frame, as every list and detail shows it. */
export function ServiceTag({ name }: { name: string }) {
  const colorOf = useServiceColor();
  return (
    <span className="service-tag" data-testid="service-tag" data-color={colorOf(name)} style={{ '--service-color': colorOf(name) } as CSSProperties}>
      {name}
    </span>
  );
}
