/**
 * SQL pieces to read one attribute out of a JSON attribute column (spans.attributes, resources.attributes). Keys
 * contain dots ("service.version"), so the path quotes the key: `$."service.version"`.
 *
 * Values are compared as the text the UI shows (renderer/src/lib/attribute-value.ts): strings bare, numbers,
 * booleans and arrays as JSON, so "443" finds the integer 443 and "true" the boolean.
 */
export interface AttributeKeyParams {
  /** The JSON path of the key. */
  path: string;
  /** The key as it appears in stored JSON text: a cheap substring test skips rows without the key before parsing. */
  needle: string;
}

export function attributeKeyParams(key: string): AttributeKeyParams {
  const quoted = JSON.stringify(key);
  return { path: `$.${quoted}`, needle: quoted };
}

/** The attribute at @path of `column` as display text, or NULL when absent. */
export function attributeTextSql(column: string): string {
  return `CASE json_type(${column}, @path) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null'
          ELSE CAST(json_extract(${column}, @path) AS TEXT) END`;
}

/** Like attributeTextSql, but skips the JSON parse for rows whose text does not contain the key at all. */
export function prefilteredAttributeTextSql(column: string): string {
  return `CASE WHEN instr(${column}, @needle) > 0 THEN ${attributeTextSql(column)} END`;
}
