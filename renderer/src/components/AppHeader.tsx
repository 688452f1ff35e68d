import type { Theme } from '../lib/theme.js';
import { CasefileMenu } from '../casefile/CasefileMenu.js';
import { HistoryButtons } from '../shell/HistoryButtons.js';
import { OmniboxLauncher } from '../shell/OmniboxLauncher.js';
import { SloStrip } from '../shell/SloStrip.js';
import { TimeRangePicker } from '../shell/TimeRangePicker.js';
import { DatabaseCounts } from './DatabaseCounts.js';
import { ImportButton } from './ImportButton.js';
import { ReceiverToggle } from './ReceiverToggle.js';
import { ThemeToggle } from './ThemeToggle.js';
import { InvestigateButton } from '../views/investigate/InvestigateButton.js';

interface AppHeaderProps {
  theme: Theme;
  onToggleTheme: () => void;
  onImportFiles: (files: File[]) => void;
  journalOpen: boolean;
  onToggleJournal: () => void;
  investigating: boolean;
  onToggleInvestigate: () => void;
}

/** Name and history on the left, "go to" in the middle, the shared time range, then the cache and app controls. */
export function AppHeader({ theme, onToggleTheme, onImportFiles, journalOpen, onToggleJournal, investigating, onToggleInvestigate }: AppHeaderProps) {
  return (
    <header className="app-header">
      <span className="app-name">Casefile</span>
      <HistoryButtons />
      <OmniboxLauncher />
      <TimeRangePicker />
      <InvestigateButton open={investigating} onToggle={onToggleInvestigate} />
      <span className="header-spacer" />
      <SloStrip />
      <CasefileMenu />
      <button type="button" className="button" data-testid="journal-toggle" aria-pressed={journalOpen} onClick={onToggleJournal}>
        Journal
      </button>
      <DatabaseCounts />
      <ReceiverToggle />
      <ImportButton onFiles={onImportFiles} />
      <ThemeToggle theme={theme} onToggle={onToggleTheme} />
    </header>
  );
}
