import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect, rootCertificates, type PeerCertificate } from 'node:tls';
import type { SourceTestResult, SourceTestStage, SourceTestStep } from '../../../shared/source-pulls.js';
import { missingSecrets, sourceWarnings, type SourceConfig, type SourceSecrets } from '../../../shared/sources.js';
import { openConnector } from './connectors.js';
import type { HttpLimits } from './http-client.js';
import { classifyNetworkError } from './http-errors.js';
import { isSourceError } from './source-error.js';

/**
 * Test connection, step by step, so the user sees exactly what failed: the config (secrets present, CA readable),
 * DNS, the TCP connection, the TLS handshake (https), then one API request through the connector, which shows
 * whether the credentials are accepted (auth) and whether this is the kind of backend configured (api). The first
 * failed step ends the test.
 */
export async function testSource(
  config: SourceConfig,
  secrets: SourceSecrets | null,
  options: { limits?: Partial<HttpLimits>; signal?: AbortSignal } = {},
): Promise<SourceTestResult> {
  const stages: SourceTestStage[] = [];
  const result = (): SourceTestResult => ({ source: config.name, ok: stages.every((s) => s.ok), stages, warnings: sourceWarnings(config) });
  const step = async (stage: SourceTestStep, run: () => Promise<string>): Promise<boolean> => {
    const started = performance.now();
    try {
      stages.push({ stage, ok: true, detail: await run(), ms: Math.round(performance.now() - started) });
      return true;
    } catch (error) {
      stages.push({ stage, ok: false, detail: error instanceof Error ? error.message : String(error), ms: Math.round(performance.now() - started) });
      return false;
    }
  };
  const url = new URL(config.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const timeout = config.timeoutMs;
  let address = host;

  const configOk = await step('config', async () => {
    const missing = missingSecrets(config, secrets);
    if (missing.length > 0) throw new Error(`missing secret ${missing.join(', ')}`);
    if (config.tls.caFile !== undefined) readFileSync(config.tls.caFile, 'utf8');
    return `${config.kind} at ${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  });
  if (!configOk) return result();

  const dnsOk = await step('dns', async () => {
    if (isIP(host) !== 0) return `${host} is an IP address`;
    try {
      const addresses = await lookup(host, { all: true });
      address = addresses[0]!.address;
      return `${host} resolves to ${addresses.map((a) => a.address).slice(0, 4).join(', ')}`;
    } catch (error) {
      throw new Error(classifyNetworkError(error, host).reason);
    }
  });
  if (!dnsOk) return result();

  const connectOk = await step('connect', () =>
    new Promise<string>((resolve, reject) => {
      const socket = tcpConnect({ host: address, port, timeout });
      socket.once('connect', () => {
        socket.destroy();
        resolve(`TCP connection to ${address}:${port}`);
      });
      socket.once('timeout', () => {
        socket.destroy();
        reject(new Error(`no TCP connection to ${address}:${port} within ${timeout} ms (a firewall dropping packets?)`));
      });
      socket.once('error', (error) => reject(new Error(classifyNetworkError(error, `${host}:${port}`).reason)));
    }),
  );
  if (!connectOk) return result();

  if (url.protocol === 'https:') {
    const tlsOk = await step('tls', () => handshake(config, host, address, port, timeout));
    if (!tlsOk) return result();
  }

  const open = openConnector(config, secrets, { limits: options.limits });
  const started = performance.now();
  try {
    const found = await open.connector.check({ signal: options.signal ?? new AbortController().signal });
    const ms = Math.round(performance.now() - started);
    stages.push({ stage: 'auth', ok: true, detail: authDetail(config), ms });
    stages.push({ stage: 'api', ok: true, detail: found, ms });
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    const message = error instanceof Error ? error.message : String(error);
    const stage = isSourceError(error) ? error.stage : 'response';
    if (stage === 'auth') stages.push({ stage: 'auth', ok: false, detail: message, ms });
    else if (stage === 'dns' || stage === 'connect' || stage === 'tls') stages.push({ stage: stage, ok: false, detail: message, ms });
    else {
      stages.push({ stage: 'auth', ok: true, detail: 'not refused (no 401/403)', ms });
      stages.push({ stage: 'api', ok: false, detail: message, ms });
    }
  } finally {
    open.close();
  }
  return result();
}

function authDetail(config: SourceConfig): string {
  const auth = config.auth;
  if (auth.type === 'none') return 'no credentials needed';
  if (auth.type === 'bearer') return 'bearer token accepted';
  if (auth.type === 'basic') return `user ${auth.username} accepted`;
  return `headers ${auth.names.join(', ')} accepted`;
}

function handshake(config: SourceConfig, host: string, address: string, port: number, timeout: number): Promise<string> {
  const ca = config.tls.caFile === undefined ? undefined : [...rootCertificates, readFileSync(config.tls.caFile, 'utf8')];
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: address, port, servername: isIP(host) === 0 ? host : undefined, ca, rejectUnauthorized: !config.tls.skipVerify, timeout });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const verified = socket.authorized ? 'verified' : `NOT verified (${String(socket.authorizationError)}) — verification is off`;
      socket.destroy();
      resolve(`${socket.getProtocol() ?? 'TLS'}; certificate ${describeCert(cert)}; ${verified}`);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no TLS handshake within ${timeout} ms`));
    });
    socket.once('error', (error) => reject(new Error(classifyNetworkError(error, `${host}:${port}`).reason)));
  });
}

function describeCert(cert: PeerCertificate): string {
  const subject = cert.subject?.CN ?? '?';
  const issuer = cert.issuer?.CN ?? cert.issuer?.O ?? '?';
  return `for ${subject} issued by ${issuer}, valid until ${cert.valid_to ?? '?'}`;
}
