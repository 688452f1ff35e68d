import type { z } from 'zod';

/**
 * The building blocks of the API contract: a call is a name, a zod schema for its input and a phantom result type.
 * Everything that speaks the API (ipcMain registration, preload, HTTP bridge, renderer client) is derived from a
 * table of these, so nothing is kept in step by hand.
 */
export interface CallSpec<I extends z.ZodType, O> {
  input: I;
  /** Never read: carries the result type. */
  output?: O;
}

/** `call(schema).returns<Result>()`: the schema is inferred, the result type given once. */
export function call<I extends z.ZodType>(input: I): { returns<O>(): CallSpec<I, O> } {
  return { returns: () => ({ input }) };
}

export type ContractTable = Record<string, CallSpec<z.ZodType, unknown>>;

export type InputOf<C> = C extends CallSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<C> = C extends CallSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<C> = C extends CallSpec<z.ZodType, infer O> ? O : never;

/** What the main process (or the web server) implements. */
export type Handlers<T extends ContractTable> = {
  [K in keyof T]: (input: ParsedInputOf<T[K]>) => Promise<OutputOf<T[K]>> | OutputOf<T[K]>;
};

/** What the renderer calls. */
export type Client<T extends ContractTable> = {
  [K in keyof T]: (input: InputOf<T[K]>) => Promise<OutputOf<T[K]>>;
};

/** Every transport carries this envelope, so errors keep their code and message across IPC and HTTP alike. */
export type Reply<O = unknown> = { ok: true; value: O } | { ok: false; error: ApiErrorShape };

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

export type ApiErrorCode = 'invalid-input' | 'not-found' | 'unknown-call' | 'failed' | 'forbidden';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Transport = (name: string, input: unknown) => Promise<Reply>;

/** Builds the typed client from the table: one named function per call, each going through `transport`. */
export function createClient<T extends ContractTable>(table: T, transport: Transport): Client<T> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(table)) {
    client[name] = async (input: unknown) => {
      const reply = await transport(name, input ?? {});
      if (reply.ok) return reply.value;
      throw new ApiError(reply.error.code, reply.error.message);
    };
  }
  return client as Client<T>;
}

/**
 * Validates input against the table and runs the handler. Used by every server side (IPC, HTTP, in-memory), so
 * each checks input the same way. Unknown names and invalid input never reach a handler.
 */
export async function dispatch<T extends ContractTable>(
  table: T,
  handlers: Handlers<T>,
  name: string,
  input: unknown,
): Promise<Reply> {
  if (!Object.hasOwn(table, name)) {
    return { ok: false, error: { code: 'unknown-call', message: `unknown call "${name}"` } };
  }
  const spec = table[name]!;
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, error: { code: 'invalid-input', message: `${name}: ${issues}` } };
  }
  try {
    const handler = handlers[name as keyof T] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
  }
}

export function callNames<T extends ContractTable>(table: T): (keyof T & string)[] {
  return Object.keys(table);
}
