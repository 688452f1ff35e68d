import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, call, createClient, dispatch, type Handlers, type Transport } from './contract-kit.js';
import { fakeHandlers } from './fake-handlers.js';

// A table of its own keeps these tests about the kit, not about today's calls.
const table = {
  add: call(z.object({ a: z.number(), b: z.number().default(1) })).returns<{ sum: number }>(),
  find: call(z.object({ id: z.string().min(1) })).returns<string>(),
};

/** The in-memory transport: what IPC and HTTP do, minus the wire (VS Code tests its IPC the same way). */
function inMemory(handlers: Handlers<typeof table>): Transport {
  return (name, input) => dispatch(table, handlers, name, structuredClone(input));
}

describe('contract kit over an in-memory transport', () => {
  it('round-trips a typed call, applying schema defaults on the receiving side', async () => {
    const add = vi.fn(({ a, b }: { a: number; b: number }) => ({ sum: a + b }));
    const client = createClient(table, inMemory(fakeHandlers(table, { add })));

    const result: { sum: number } = await client.add({ a: 2 });

    expect(result).toEqual({ sum: 3 });
    expect(add).toHaveBeenCalledWith({ a: 2, b: 1 });
  });

  it('refuses invalid input with code invalid-input and never reaches the handler', async () => {
    const find = vi.fn(() => 'found');
    const client = createClient(table, inMemory(fakeHandlers(table, { find })));

    const error = await client.find({ id: '' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid-input' });
    expect((error as ApiError).message).toMatch(/^find: id: /);
    expect(find).not.toHaveBeenCalled();
  });

  it("carries a handler's ApiError code, and turns other throws into 'failed'", async () => {
    const client = createClient(
      table,
      inMemory(
        fakeHandlers(table, {
          find: ({ id }) => {
            throw new ApiError('not-found', `no ${id}`);
          },
          add: () => {
            throw new Error('disk on fire');
          },
        }),
      ),
    );

    await expect(client.find({ id: 'x' })).rejects.toMatchObject({ name: 'ApiError', code: 'not-found', message: 'no x' });
    await expect(client.add({ a: 1 })).rejects.toMatchObject({ code: 'failed', message: 'disk on fire' });
  });

  it('answers a name outside the table with unknown-call, even an inherited one', async () => {
    const handlers = fakeHandlers(table, {});
    await expect(dispatch(table, handlers, 'remove', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    await expect(dispatch(table, handlers, 'toString', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });
});
