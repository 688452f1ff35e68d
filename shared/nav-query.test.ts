import { describe, expect, it } from 'vitest';
import { classifyNavQuery } from './nav-query.js';

describe('omnibox classification', () => {
  it('reads a full trace id in upper case as that trace, not a span', () => {
    const query = classifyNavQuery('  208915E408D89B78804E6BB2F60977AE ');
    expect(query).toMatchObject({ idForm: 'hex', traceId: '208915e408d89b78804e6bb2f60977ae', spanId: null, hexPrefix: null });
  });

  it('reads short hex as a zero-padded trace id, a span id and an id prefix', () => {
    const query = classifyNavQuery('3F9A2B');
    expect(query.traceId).toBe('0000000000000000000000000000003f9a2b'.slice(-32));
    expect(query.spanId).toBe('00000000003f9a2b');
    expect(query.hexPrefix).toBe('3f9a2b');
  });

  it('reads base64 ids of 16 and 8 bytes', () => {
    expect(classifyNavQuery('IIkV5AjYm3iATmuy9gl3rg==')).toMatchObject({ idForm: 'base64', traceId: '208915e408d89b78804e6bb2f60977ae' });
    expect(classifyNavQuery('iFjMsPfhtkc=')).toMatchObject({ idForm: 'base64', spanId: '8858ccb0f7e1b647' });
  });

  it('offers a service prefix and log text for a word', () => {
    const query = classifyNavQuery('ads');
    expect(query).toMatchObject({ idForm: 'token', servicePrefix: 'ads', logText: 'ads', hexPrefix: null });
  });

  it('treats several words as log text only', () => {
    expect(classifyNavQuery('connection refused')).toMatchObject({
      idForm: null,
      traceId: null,
      spanId: null,
      servicePrefix: null,
      logText: 'connection refused',
    });
  });

  it('finds nothing to search in punctuation or blanks', () => {
    expect(classifyNavQuery('   ')).toMatchObject({ idForm: null, traceId: null, servicePrefix: null, logText: null });
    expect(classifyNavQuery('"-"').logText).toBeNull();
  });

  it('does not treat an all-zero id as an id', () => {
    expect(classifyNavQuery('0000').traceId).toBeNull();
  });
});
