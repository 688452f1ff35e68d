import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OTLP_PORT } from '../core/receiver/otlp-receiver.js';
import { prewarmParseWorker } from '../core/ingest/parse-worker-entry.js';
import { startWebServer } from '../web/server.js';
import type { CommandContext } from './commands.js';
import { UsageError } from './commands.js';

const STATIC_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** `casefile serve`: browser mode on 127.0.0.1 with a per-run token; runs until interrupted. */
export async function serveCommand({ core, options }: CommandContext): Promise<void> {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) {
    throw new UsageError(`the UI is not built (${STATIC_DIR} is missing): run "npm run build:renderer" first`);
  }
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got "${String(options.port)}"`);
  // Replay mode: the casefile's journal becomes the investigation shown, and every view answers from the file.
  if (core.casefile) core.investigation.open(core.databasePath);
  const uploadDir = mkdtempSync(join(tmpdir(), 'casefile-uploads-'));
  const otlpPort = otlpPortOption(options);
  if (otlpPort !== null && core.casefile) throw new UsageError('--otlp writes to a cache: a casefile is opened read-only');
  const importDir = importDirOption(options);
  const server = await startWebServer({
    handlers: core.handlers,
    port,
    staticDir: STATIC_DIR,
    uploadDir,
    downloadDir: core.downloadDir,
    ...(importDir === null ? {} : { importDir }),
  });
  if (!core.casefile) prewarmParseWorker();
  const what = core.casefile ? `the casefile ${core.databasePath} (offline evidence, read-only)` : core.databasePath;
  process.stdout.write(`Casefile is serving ${what}\nOpen ${server.url}\n(only this machine can connect; Ctrl+C stops)\n`);
  if (importDir !== null) process.stdout.write(`Importing by path from ${importDir} (and uploads)\n`);
  if (otlpPort !== null) {
    const receiver = await core.receiver.set({ enabled: true, port: otlpPort });
    if (receiver.error !== null) process.stderr.write(`casefile: the OTLP receiver is off: ${receiver.error}\n`);
    else process.stdout.write(`Receiving OTLP/HTTP on http://127.0.0.1:${receiver.port} (/v1/traces, /v1/logs; protobuf or JSON)\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  rmSync(uploadDir, { recursive: true, force: true });
}

/** `--import-dir DIR`: the one folder whose files the API may import by path (browser mode otherwise takes uploads only). */
function importDirOption(options: CommandContext['options']): string | null {
  const raw = options['import-dir'];
  if (raw === undefined) return null;
  const dir = resolve(String(raw));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--import-dir must be an existing folder, got "${String(raw)}"`);
  return dir;
}

/** `--otlp` switches the receiver on (default port 4318); `--otlp-port N` implies it. Null: the receiver stays off. */
function otlpPortOption(options: CommandContext['options']): number | null {
  const raw = options['otlp-port'];
  if (raw === undefined) return options.otlp === true ? DEFAULT_OTLP_PORT : null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--otlp-port must be 1–65535, got "${String(raw)}"`);
  return port;
}
