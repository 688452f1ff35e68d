/**
 * The wider form of a log text search that found nothing: every word as a prefix ("sleep" → "sleep*"); null when it
 * already is. The index matches whole words and their forms ("sleep" finds "sleeping"), not parts of words ("sleep"
 * does not find "leftoverSleep"); a trailing * asks for every word that starts with it.
 */
export function widerSearch(text: string): string | null {
  const wider = text.replace(/([\p{L}\p{N}_]+)(?!\*|[\p{L}\p{N}_])/gu, '$1*');
  return wider === text ? null : wider;
}
