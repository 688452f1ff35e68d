import { useEffect, useState } from 'react';

export type PageTheme = 'dark' | 'light';

const current = (): PageTheme => (document.documentElement.dataset.theme === 'light' ? 'light' : 'dark');

/** The theme the page shows (html[data-theme]), followed as it changes, so the canvas can recolour itself. */
export function usePageTheme(): PageTheme {
  const [theme, setTheme] = useState<PageTheme>(current);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(current()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}
