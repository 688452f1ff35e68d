import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/core.js';
import { reportSource, writeReportPdf } from '../core/casefile/report-pdf.js';
import { printHtmlToPdf } from './print-pdf.js';

const FILTERS = [{ name: 'Casefile investigation', extensions: ['casefile'] }];

/** A casefile named on the command line (double-click on Windows and Linux passes it there), if any. */
export function casefileArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((arg) => arg.toLowerCase().endsWith('.casefile') && !arg.startsWith('-')) ?? null;
}

/**
 * Opens a casefile in the running app and reloads the window, so every view asks again, now of the casefile. The
 * workbench state is in the URL hash, so the reload keeps the view.
 */
export async function openCasefileFile(core: Core, file: string): Promise<void> {
  try {
    // With a casefile open, a second one of the incident may be merged in rather than replace it: asked, not assumed.
    const status = await core.handlers.casefileStatus({});
    if (status.evidence.kind === 'casefile') {
      const { response } = await dialog.showMessageBox({
        type: 'question',
        message: `Merge this casefile into “${status.evidence.info.title}”?`,
        detail: 'A merge keeps the evidence of both and each journal under its author, in a new casefile; neither file changes.',
        buttons: ['Merge', 'Open instead', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      });
      if (response === 2) return;
      if (response === 0) await core.handlers.mergeCasefile({ file });
      else await core.handlers.openCasefile({ file });
    } else {
      await core.handlers.openCasefile({ file });
    }
  } catch (error) {
    dialog.showErrorBox('Cannot open the casefile', error instanceof Error ? error.message : String(error));
    return;
  }
  for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
}

async function saveAs(core: Core): Promise<void> {
  const status = await core.handlers.casefileStatus({});
  const choice = await dialog.showSaveDialog({ title: 'Save casefile', defaultPath: `${status.title}.casefile`, filters: FILTERS });
  if (choice.canceled || choice.filePath === undefined) return;
  await report(() => core.handlers.saveCasefile({ file: choice.filePath, evidence: 'looked-at' }));
}

/** The casefile's report as PDF, where the user chooses: made from the open or last-saved casefile. */
async function exportPdf(core: Core): Promise<void> {
  await report(async () => {
    const source = reportSource(await core.handlers.casefileStatus({}));
    const choice = await dialog.showSaveDialog({ title: 'Export report as PDF', defaultPath: source.replace(/\.casefile$/i, '.pdf'), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (choice.canceled || choice.filePath === undefined) return;
    await writeReportPdf(source, choice.filePath, printHtmlToPdf);
  });
}

async function report(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    dialog.showErrorBox('Casefile', error instanceof Error ? error.message : String(error));
  }
}

/** The application menu's File entries for casefiles: Save (Ctrl/Cmd+S), Save As, Open (Ctrl/Cmd+O), Close, recent. */
export async function installCasefileMenu(core: Core): Promise<void> {
  const recent = await core.handlers.recentCasefiles({});
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Save Casefile',
        accelerator: 'CmdOrCtrl+S',
        click: async () => {
          const status = await core.handlers.casefileStatus({});
          if (status.savedAs === null) await saveAs(core);
          else await report(() => core.handlers.saveCasefile({ evidence: 'looked-at' }));
        },
      },
      { label: 'Save Casefile As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => saveAs(core) },
      {
        label: 'Open Casefile…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const choice = await dialog.showOpenDialog({ title: 'Open casefile', filters: FILTERS, properties: ['openFile'] });
          if (!choice.canceled && choice.filePaths[0] !== undefined) await openCasefileFile(core, choice.filePaths[0]);
        },
      },
      {
        label: 'Open Recent',
        submenu: recent.length === 0 ? [{ label: 'No recent casefiles', enabled: false }] : recent.map((r) => ({ label: `${r.title} — ${r.file}`, click: () => openCasefileFile(core, r.file) })),
      },
      { label: 'Export Report as PDF…', accelerator: 'CmdOrCtrl+P', click: () => exportPdf(core) },
      {
        label: 'Close Casefile',
        click: async () => {
          await core.handlers.closeCasefile({});
          for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
        },
      },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
