import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CasefileError } from './casefile-format.js';

/**
 * Redaction rules (RULES.json):
 *   { "hashKey": "…", "attributes": ["user.email", "http.request.header.authorization"], "patterns": ["\\d{16}"] }
 * - attributes: keys whose whole value is replaced, in span, log and resource attributes.
 * - patterns: regular expressions replaced wherever they match in attribute values, log bodies, span names, status
 *   messages and notes.
 * Each value becomes `redacted:<12 hex>`, an HMAC of the value under hashKey: the same value always gives the same
 * token within an export (and across exports with the same key), so pivots on a redacted attribute still work.
 * Without hashKey a random key is used, so tokens cannot be linked across exports.
 */
const rulesSchema = z.object({
  hashKey: z.string().min(8).optional(),
  attributes: z.array(z.string().min(1).max(256)).max(1000).default([]),
  patterns: z.array(z.string().min(1).max(1000)).max(200).default([]),
});

export type RedactionRules = z.infer<typeof rulesSchema>;

export function readRules(file: string): RedactionRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CasefileError(file, `is not readable redaction rules: ${(error as Error).message}`);
  }
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) throw new CasefileError(file, `redaction rules: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rules'}: ${i.message}`).join('; ')}`);
  for (const pattern of parsed.data.patterns) {
    try {
      new RegExp(pattern, 'g');
    } catch (error) {
      throw new CasefileError(file, `redaction rules: pattern ${JSON.stringify(pattern)} is not a regular expression (${(error as Error).message})`);
    }
  }
  return parsed.data;
}

/** Applies the rules to values and counts what it replaced, per rule (for the dry run). */
export class Redactor {
  private readonly key: Buffer;
  private readonly keys: Set<string>;
  private readonly patterns: { source: string; regex: RegExp }[];
  readonly counts = new Map<string, number>();

  constructor(rules: RedactionRules) {
    this.key = rules.hashKey === undefined ? randomBytes(32) : Buffer.from(rules.hashKey, 'utf8');
    this.keys = new Set(rules.attributes);
    this.patterns = rules.patterns.map((source) => ({ source, regex: new RegExp(source, 'g') }));
  }

  token(value: string): string {
    return `redacted:${createHmac('sha256', this.key).update(value).digest('hex').slice(0, 12)}`;
  }

  private count(rule: string): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
  }

  /** Text with every pattern match replaced by its token. */
  text(value: string): string {
    let out = value;
    for (const { source, regex } of this.patterns) {
      out = out.replace(regex, (match) => {
        this.count(`pattern ${source}`);
        return this.token(match);
      });
    }
    return out;
  }

  /** An attributes JSON object: listed keys replaced whole, patterns applied to the other string values. */
  json(attributes: string | null): string | null {
    if (attributes === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(attributes);
    } catch {
      return this.text(attributes);
    }
    return JSON.stringify(this.value(parsed, null));
  }

  private value(value: unknown, key: string | null): unknown {
    if (key !== null && this.keys.has(key)) {
      this.count(`attribute ${key}`);
      return this.token(typeof value === 'string' ? value : JSON.stringify(value));
    }
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.value(v, null));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v, k)]));
    return value;
  }
}
