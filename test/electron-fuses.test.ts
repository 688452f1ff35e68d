import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The packaged app's fuses (electron-builder.yml → @electron/fuses). A fuse is flipped in the binary, so this file is
 * the only place that says whether a packaged Casefile can be run as Node or take NODE_OPTIONS: check what it says,
 * and that electron-builder's own schema accepts it (a misspelt key would fail `npm run dist`, not this suite).
 */
const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Yaml {
  load(text: string): unknown;
}
type Validate = (schema: unknown, data: unknown, options?: { name?: string }) => void;

function builderConfig(): Record<string, unknown> {
  const yaml = require('js-yaml') as Yaml;
  return yaml.load(readFileSync(`${ROOT}electron-builder.yml`, 'utf8')) as Record<string, unknown>;
}

function builderSchema(): { schema: unknown; validate: Validate } {
  const schema: unknown = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
  const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as {
    validateSchema: Validate;
  };
  return { schema, validate: validateSchema };
}

describe('electron-builder.yml fuses', () => {
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets %s to %s', (fuse, value) => {
    const fuses = builderConfig().electronFuses as Record<string, unknown> | undefined;
    expect(fuses?.[fuse]).toBe(value);
  });

  // Compiling electron-builder's whole schema takes a second alone, several on a busy machine.
  it("passes electron-builder's configuration schema, which refuses a misspelt fuse", { timeout: 60_000 }, () => {
    const { schema, validate } = builderSchema();
    const config = builderConfig();
    expect(() => validate(schema, config)).not.toThrow();
    const misspelt = { ...config, electronFuses: { ...(config.electronFuses as object), runAsnode: false } };
    expect(() => validate(schema, misspelt)).toThrow(/configuration\.electronFuses/);
  });
});
