import { createClient, type Client, type Transport } from '../../../shared/contract-kit.js';
import { api, type Api } from '../../../shared/contract.js';
import { httpTransport } from './http-transport.js';
import { apiToken } from './token.js';
import { electronBridge } from './window-api.js';

export type ApiClient = Client<Api>;

/** The typed client, over IPC when the Electron preload is present and over HTTP otherwise. */
export function createApiClient(): ApiClient {
  const bridge = electronBridge();
  const transport: Transport = bridge
    ? (name, input) => bridge[name as keyof Api](input)
    : httpTransport(apiToken());
  return createClient(api, transport);
}
