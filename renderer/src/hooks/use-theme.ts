import { useCallback, useState } from 'react';
import { applyTheme, initialTheme, saveTheme, type Theme } from '../lib/theme.js';

/** The current theme and a toggle that applies and remembers it. */
export function useTheme(): { theme: Theme; toggleTheme: () => void } {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next: Theme = current === 'dark' ? 'light' : 'dark';
      applyTheme(next);
      saveTheme(next);
      return next;
    });
  }, []);
  return { theme, toggleTheme };
}
