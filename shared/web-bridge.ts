/**
 * The browser-mode HTTP bridge's fixed names, shared by the web server and the renderer so neither spells them alone.
 * API calls are `POST ${API_PREFIX}<callName>` with a JSON body and `Authorization: Bearer <token>`; the reply is the
 * contract's Reply envelope. The token reaches the page once, as `?${TOKEN_PARAM}=` in the URL the server prints.
 * Every API and upload response body is a Reply envelope, whatever its HTTP status (401, 413 and 415 included).
 */
export const API_PREFIX = '/api/';
/** `POST ${UPLOAD_PATH}?name=<filename>` with the raw file as body imports it; replies Reply<ImportJob[]>. */
export const UPLOAD_PATH = '/upload';
export const UPLOAD_NAME_PARAM = 'name';
/** `?merge=1` on an uploaded casefile: merge it into the casefile open instead of opening it. */
export const UPLOAD_MERGE_PARAM = 'merge';
/** `POST ${DOWNLOAD_PATH}?name=<file>`: a casefile saved in browser mode, as an attachment (the page saves it). */
export const DOWNLOAD_PATH = '/download';
export const TOKEN_PARAM = 'token';
/** Header carrying `${AUTH_SCHEME} <token>` on every API and upload request. */
export const AUTH_HEADER = 'Authorization';
export const AUTH_SCHEME = 'Bearer';
