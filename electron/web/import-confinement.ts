import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type Handlers } from '../../shared/contract-kit.js';
import type { Api } from '../../shared/contract.js';

/**
 * Browser mode imports what the browser uploaded, and files under the folder the user named with
 * `casefile serve --import-dir DIR`; never any other path on this machine. Electron and the CLI import real paths
 * (the user picked them); over HTTP, `importFiles({paths})` comes from whoever holds the token, and without this it
 * would read any file the server's user can (/etc/shadow, ~/.ssh/id_ed25519) into the cache and its error messages.
 */
export function confineImports(handlers: Handlers<Api>, folders: { uploadDir: string; importDir?: string }): Handlers<Api> {
  const { uploadDir, importDir } = folders;
  const roots = Promise.all([uploadDir, ...(importDir === undefined ? [] : [importDir])].map((dir) => resolved(path.resolve(dir))));
  const refusal = importDir === undefined
    ? 'browser mode imports only uploaded files (start "casefile serve --import-dir DIR" to import files under DIR by path)'
    : `browser mode imports only uploaded files and files under ${importDir}`;
  return {
    ...handlers,
    importFiles: async (input) => {
      const dirs = await roots;
      const paths = await Promise.all(
        input.paths.map(async (requested) => {
          // A relative path names a file in the import folder, never one relative to the server's working directory.
          const real = await resolved(path.resolve(importDir ?? uploadDir, requested));
          if (dirs.some((dir) => isInside(real, dir))) return real;
          throw new ApiError('forbidden', `importFiles: ${requested}: ${refusal}`);
        }),
      );
      return handlers.importFiles({ ...input, paths });
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The path with symlinks followed (a link inside the folder must not lead out of it); for a file that does not exist,
 * its folder's, so the importer still says the file is missing.
 */
async function resolved(absolute: string): Promise<string> {
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(await resolved(parent), path.basename(absolute));
  }
}
