import type { Theme } from '../lib/theme.js';
import { DatabaseCounts } from './DatabaseCounts.js';
import { ImportButton } from './ImportButton.js';
import { ThemeToggle } from './ThemeToggle.js';

interface AppHeaderProps {
  theme: Theme;
  onToggleTheme: () => void;
  onImportFiles: (files: File[]) => void;
}

export function AppHeader({ theme, onToggleTheme, onImportFiles }: AppHeaderProps) {
  return (
    <header className="app-header">
      <span className="app-name">Casefile</span>
      <DatabaseCounts />
      <span className="header-spacer" />
      <ImportButton onFiles={onImportFiles} />
      <ThemeToggle theme={theme} onToggle={onToggleTheme} />
    </header>
  );
}
