import { mediaType, type SimRequest, type SimResponse } from '../sim-types.js';
import { detail } from './errors.js';

export type BodyResult = { ok: true; data: unknown } | { ok: false; response: SimResponse };

/**
 * `request.data` as DRF builds it with Waldur's parsers (JSON, form, multipart):
 *  - an empty body is `{}` whatever the content type;
 *  - JSON that does not parse is 400 `{"detail": "JSON parse error - …"}`;
 *  - a content type no parser takes is 415 `Unsupported media type "<header>" in request.`
 * Form and multipart values arrive as strings, as in Django's QueryDict (last value wins).
 */
export function readBody(req: SimRequest): BodyResult {
  if (req.body.length === 0) return { ok: true, data: {} };
  const type = mediaType(req);
  if (type === 'application/json') return parseJson(req.body.toString('utf8'));
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, data: Object.fromEntries(new URLSearchParams(req.body.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') return parseMultipart(req);
  const header = req.headers['content-type'] ?? '';
  return { ok: false, response: detail(415, `Unsupported media type "${header}" in request.`) };
}

function parseJson(text: string): BodyResult {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, response: detail(400, `JSON parse error - ${pythonJsonMessage(text, err)}`) };
  }
}

/**
 * Python's `json` words its errors differently from V8. The simulator reports the one most
 * clients hit, "Expecting value", at the offset V8 names (or the start): an approximation.
 */
function pythonJsonMessage(text: string, err: unknown): string {
  const match = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  const pos = match ? Number(match[1]) : text.length - text.trimStart().length;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `Expecting value: line ${line} column ${column} (char ${pos})`;
}

/** Plain fields of a multipart body (files are ignored: no User field the simulator keeps is a file). */
function parseMultipart(req: SimRequest): BodyResult {
  const boundary = /boundary="?([^";]+)"?/i.exec(String(req.headers['content-type']))?.[1];
  if (!boundary) return { ok: false, response: detail(400, 'Multipart form parse error - Invalid boundary in multipart: None') };
  const data: Record<string, string> = {};
  for (const part of req.body.toString('latin1').split(`--${boundary}`).slice(1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    data[name] = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
  }
  return { ok: true, data };
}
