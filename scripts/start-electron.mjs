// `npm start`: runs the built app in Electron, fetching Electron's binary on first use.
// Electron's own postinstall download is disabled (package.json allowScripts) so that installs and CI never need it;
// only someone who actually launches the app pays for the download.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first launch only)...');
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit' });
  if (install.status !== 0 || !existsSync(path.join(electronDir, 'path.txt'))) {
    console.error(
      [
        '',
        'Could not download Electron, so the desktop app cannot start.',
        'Check your network or proxy (ELECTRON_MIRROR selects another download host), then run `npm start` again.',
        'Without Electron, browser mode works: `npm run web`.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

// The electron package's main export is the binary's path.
const electronPath = createRequire(import.meta.url)('electron');
const env = { ...process.env };
// Set in the environment, this would make Electron behave as plain Node and never open a window.
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
child.on('error', (error) => {
  console.error(`Could not run Electron at ${electronPath}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  // A signal death becomes the shell's usual 128 + n exit code.
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0));
});
// Ctrl+C reaches the child through the terminal; forward explicit kills too, so Electron never outlives us.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
