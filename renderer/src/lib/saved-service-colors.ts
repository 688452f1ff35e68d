const STORAGE_KEY = 'casefile.serviceColors';

/** The service colours this profile drew last (service → colour), so they survive new imports and restarts. */
export function readSavedServiceColors(): Map<string, string> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    // Unreadable or disabled storage: colours are then assigned afresh, which is still consistent within the session.
    return new Map();
  }
}

/** Merged into what was saved: a service missing from this cache keeps its colour for when it comes back. */
export function saveServiceColors(colors: ReadonlyMap<string, string>): void {
  try {
    const merged = { ...Object.fromEntries(readSavedServiceColors()), ...Object.fromEntries(colors) };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(merged));
  } catch {
    // Not remembered this time.
  }
}
