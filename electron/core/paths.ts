import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the cache lives when nobody says otherwise: the same folder Electron's app.getPath('userData') gives for an
 * app named Casefile, so the desktop app, `casefile` on the command line and browser mode share one cache.
 * CASEFILE_DB overrides it (and `--db` overrides that).
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CASEFILE_DB) return env.CASEFILE_DB;
  return join(appDataFolder(env, platform), 'Casefile', 'cache.sqlite');
}

function appDataFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}
