import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { openCore, type Core } from '../core/core.js';
import { prewarmParseWorker } from '../core/ingest/parse-worker-entry.js';
import { APP_ENTRY_URL, handleAppProtocol, isAppUrl, registerAppScheme } from './app-protocol.js';
import { casefileArgument, installCasefileMenu, openCasefileFile } from './casefile-menu.js';
import { registerIpcHandlers } from './ipc.js';
import { SafeStorageSecretStore } from './safe-storage-secrets.js';
import { createMainWindow, hardenWebContents, restrictPermissions } from './window.js';

/**
 * The Electron main process: a thin adapter that opens the core, serves the renderer from app:// and wires the
 * contract to IPC. Everything with logic lives in electron/core (plain Node) so it is tested without Electron.
 */

// All renderers sandboxed, whatever a window's options say; scheme privileges must be set before `ready`.
app.enableSandbox();
registerAppScheme(protocol);

let core: Core | undefined;
// macOS hands a double-clicked .casefile over as an event, possibly before the core is open.
let pendingCasefile: string | null = casefileArgument(process.argv);
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (core) void openCasefileFile(core, file);
  else pendingCasefile = file;
});

function databasePath(): string {
  // `||`, not `??`: an empty CASEFILE_DB means unset, as in core's defaultDatabasePath.
  return process.env.CASEFILE_DB || path.join(app.getPath('userData'), 'cache.sqlite');
}

function openWindow(): BrowserWindow {
  const preloadPath = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
  return createMainWindow({ preloadPath, url: APP_ENTRY_URL });
}

async function start(): Promise<void> {
  await app.whenReady();
  handleAppProtocol(protocol, path.join(app.getAppPath(), 'dist', 'renderer'));
  restrictPermissions(session.defaultSession);
  const secrets = new SafeStorageSecretStore(safeStorage, path.join(path.dirname(databasePath()), 'secrets.safe.json'));
  core = await openCore({ databasePath: databasePath(), mode: 'electron', loadDemoIfEmpty: true, secrets });
  registerIpcHandlers(ipcMain, core.handlers, isAppUrl);
  if (!core.casefile) prewarmParseWorker();
  await installCasefileMenu(core);
  if (pendingCasefile !== null) await openCasefileFile(core, pendingCasefile);
  openWindow();
}

// One instance per cache: a second launch focuses the first instead of opening the database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const file = casefileArgument(argv);
    if (file !== null && core) void openCasefileFile(core, file);
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // macOS keeps the app alive without windows; clicking the dock icon reopens one.
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('will-quit', () => core?.close());
  start().catch((error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    dialog.showErrorBox('Casefile could not start', detail);
    app.exit(1);
  });
}
