import { otlpResourceLogs, otlpResourceSpans } from '../../../shared/formats/otlp.js';
import { FormatError } from '../../../shared/formats/records.js';
import { asArray, asObject, type Json } from '../../../shared/formats/values.js';
import { RowEncoder, type RowBatch } from '../ingest/row-encoder.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from './otlp-schema.js';
import { IdLengthError, logsRequestRecords, traceRequestRecords, type PbLogsRequest, type PbTraceRequest } from './proto-to-records.js';

export type Signal = 'traces' | 'logs';
export type Encoding = 'protobuf' | 'json';

export interface DecodedRequest {
  /** Every row of the request, or null when it carried no records. */
  batch: RowBatch | null;
  spans: number;
  logs: number;
}

/** A request the receiver refuses as malformed (HTTP 400): the message names what is wrong and where. */
export class MalformedRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRequest';
  }
}

/**
 * Decodes one export request completely, before anything is written: a request is stored whole or not at all, so an
 * error anywhere in it refuses all of it. JSON goes through the same OTLP parser as file imports; protobuf is read
 * straight into the same records (proto-to-records.ts).
 */
export function decodeRequest(signal: Signal, encoding: Encoding, body: Buffer): DecodedRequest {
  const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
  try {
    if (encoding === 'protobuf') fromProtobuf(signal, body, encoder);
    else {
      const batches = fromJson(signal, body);
      const key = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
      const parse = signal === 'traces' ? otlpResourceSpans : otlpResourceLogs;
      for (let i = 0; i < batches.length; i++) parse(batches[i], `${key}[${i}]`, encoder);
    }
  } catch (error) {
    if (error instanceof FormatError || error instanceof IdLengthError) throw new MalformedRequest(error.message);
    throw error;
  }
  return { batch: encoder.take(true), spans: encoder.spansSeen, logs: encoder.logsSeen };
}

function fromProtobuf(signal: Signal, body: Buffer, encoder: RowEncoder): void {
  let message;
  try {
    message = (signal === 'traces' ? ExportTraceServiceRequest : ExportLogsServiceRequest).decode(body);
  } catch (error) {
    throw new MalformedRequest(`the body is not a valid protobuf ${requestName(signal)}: ${(error as Error).message}`);
  }
  if (signal === 'traces') traceRequestRecords(message as unknown as PbTraceRequest, encoder);
  else logsRequestRecords(message as unknown as PbLogsRequest, encoder);
}

function fromJson(signal: Signal, body: Buffer): Json[] {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new MalformedRequest(`the body is not valid JSON: ${(error as Error).message}`);
  }
  const key = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
  try {
    return asArray(asObject(value, requestName(signal))[key], key);
  } catch (error) {
    if (error instanceof FormatError) throw new MalformedRequest(error.message);
    throw error;
  }
}

function requestName(signal: Signal): string {
  return signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest';
}
