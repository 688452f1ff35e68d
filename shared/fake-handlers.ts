import type { ContractTable, Handlers } from './contract-kit.js';

/**
 * Test support: a full handler set for `table` where every call not overridden fails loudly, so a test states only
 * the calls it expects and notices any other that is reached.
 */
export function fakeHandlers<T extends ContractTable>(table: T, overrides: Partial<Handlers<T>>): Handlers<T> {
  const handlers: Record<string, unknown> = {};
  for (const name of Object.keys(table)) {
    handlers[name] =
      overrides[name] ??
      (() => {
        throw new Error(`unexpected call "${name}"`);
      });
  }
  return handlers as Handlers<T>;
}
