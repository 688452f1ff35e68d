import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../fixtures/demo/prng.js';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { ScannedMatrix, scanMatrix } from './matrix-scanner.js';
import { parseMatrix } from './span-metrics-queries.js';

const DIR = join(UPSTREAM, 'prometheus');
/** Buckets of 15 s from the docs sample's first point; 60 s from the Jaeger samples'. */
const docsBucket = (t: number) => Math.round((t - 1435781430.781) / 15);
const jaegerBucket = (t: number) => Math.round((t - 1620351726) / 60) - 1;

/** The plain path: JSON.parse, then parseMatrix. The scanner must give exactly the same series. */
function plain(text: string, buckets: number, bucketOf: (t: number) => number, scale = 1) {
  const body = JSON.parse(text) as { data: unknown };
  return parseMatrix(body.data, buckets, bucketOf, scale);
}

describe('the query_range scanner', () => {
  it('reads every real matrix sample exactly as JSON.parse does, whitespace and fractional times included', () => {
    for (const file of readdirSync(DIR).filter((f) => f.includes('query_range') || f.includes('response.json'))) {
      const text = readFileSync(join(DIR, file), 'utf8');
      if (!text.includes('"matrix"')) continue;
      const bucketOf = file.startsWith('prometheus') ? docsBucket : jaegerBucket;
      const scanned = scanMatrix(text, 3, bucketOf, 1);
      expect(scanned, file).toBeInstanceOf(ScannedMatrix);
      expect(scanned!.series, file).toEqual(plain(text, 3, bucketOf));
      expect(scanned!.envelope.status, file).toBe(JSON.parse(text).status);
    }
    const docs = scanMatrix(readFileSync(join(DIR, 'prometheus__docs-api_query_range-up.json'), 'utf8'), 3, docsBucket, 1)!;
    expect(docs.series.map((s) => s.values)).toEqual([
      [1, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('matches JSON.parse on generated answers: NaN and ±Inf, awkward label values, pretty or compact', () => {
    const rng = new Rng(3);
    for (let round = 0; round < 200; round++) {
      const result = Array.from({ length: rng.int(0, 6) }, (_, s) => ({
        metric: { service_name: rng.pick(['a', 'we"ird}', 'sl\\ash', 'ünï{code}', `s${s}`]), ...(rng.chance(0.5) ? { le: '+Inf' } : {}) },
        values: Array.from({ length: rng.int(0, 12) }, (_, k) => [1700000000 + k * 30 + (rng.chance(0.3) ? 0.5 : 0), rng.pick(['1', '0.25', 'NaN', '+Inf', '-Inf', '1e-7', '12345.678'])]),
      }));
      const body = { status: rng.pick(['success', 'warning']), ...(rng.chance(0.3) ? { warnings: ['"result" in a warning'] } : {}), data: { resultType: 'matrix', result } };
      const text = rng.chance(0.5) ? JSON.stringify(body) : JSON.stringify(body, null, rng.int(1, 4));
      const bucketOf = (t: number) => Math.round((t - 1700000000) / 30);
      const scanned = scanMatrix(text, 12, bucketOf, 1000);
      // A warning that itself says "result" before the data may make the scanner give up; never give a wrong answer.
      if (scanned === null) continue;
      expect(scanned.series).toEqual(plain(text, 12, bucketOf, 1000));
    }
  });

  it('reads timestamps from the characters exactly as Number() does, at every length and sign', () => {
    const rng = new Rng(5);
    const decimal = () => {
      const whole = String(rng.int(0, 10 ** rng.int(0, 9)));
      const fraction = rng.chance(0.7) ? `.${Array.from({ length: rng.int(1, 12) }, () => rng.int(0, 9)).join('')}` : '';
      return `${rng.chance(0.2) ? '-' : ''}${whole}${fraction}`;
    };
    const times = [...Array.from({ length: 3000 }, decimal), String(Math.PI), String(1 / 3), '0.1', '-0', '1e3', '9007199254740993', '1435781430.781'];
    const text = `{"status":"success","data":{"resultType":"matrix","result":[${times.map((t, k) => `{"metric":{"k":"${k}"},"values":[[${t},"1"]]}`).join(',')}]}}`;
    const seen: number[] = [];
    const scanned = scanMatrix(text, 1, (t) => (seen.push(t), 0), 1);
    expect(scanned).toBeInstanceOf(ScannedMatrix);
    expect(seen).toEqual(times.map(Number));
  });

  it('gives up on what it does not know, so the plain parser decides', () => {
    const at = (t: number) => Math.round(t - 1);
    const nativeHistogram = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,{"count":"2"}]]}]}}';
    expect(scanMatrix(nativeHistogram, 2, at, 1)).toBeNull();
    expect(scanMatrix('{"status":"success","data":{"resultType":"vector","result":[]}}', 2, at, 1)).toBeNull();
    expect(scanMatrix('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"2"]', 2, at, 1)).toBeNull();
    expect(scanMatrix('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"\\u0032"]]}]}}', 2, at, 1)).toBeNull();
    expect(scanMatrix('{"data":[{"traceID":"abc"}]}', 2, at, 1)).toBeNull();
  });
});
