import { BrowserWindow } from 'electron';
import type { PdfRenderer } from '../core/casefile/report-pdf.js';

/**
 * Prints a local HTML file to PDF in a hidden window that runs no script, has no preload and no Node, and cannot
 * open other windows: the report is static HTML with inline SVG, and its own CSP forbids every request.
 */
export const printHtmlToPdf: PdfRenderer = async (htmlFile) => {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
  });
  try {
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    await window.loadFile(htmlFile);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
  } finally {
    window.destroy();
  }
};
