/**
 * The head of an HTTP message as carried inside a `multipart/batching` part: start line and
 * header lines. Tolerates the docs' artefacts (`Content-Type : x`, `HTTP/1.1200OK`,
 * `GET/path HTTP/1.1` with spaces removed) but always says so in a warning.
 */

export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly target: string; readonly version: string }
  | { readonly kind: 'response'; readonly version: string; readonly status: number; readonly statusText: string };

export type StartLineResult = { readonly ok: true; readonly line: StartLine; readonly warning?: string } | { readonly ok: false; readonly problem: string };

const REQUEST = /^([A-Za-z]+) (\S+) (HTTP\/\d\.\d)$/;
const RESPONSE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;
const REQUEST_WITHOUT_SPACES = /^([A-Za-z]+)(\/\S*?)(HTTP\/\d\.\d)$/;
const RESPONSE_WITHOUT_SPACES = /^(HTTP\/\d\.\d)(\d{3})(.*)$/;

export function parseStartLine(text: string): StartLineResult {
  let m = RESPONSE.exec(text);
  if (m) return { ok: true, line: { kind: 'response', version: m[1] as string, status: Number(m[2]), statusText: m[3] ?? '' } };
  m = REQUEST.exec(text);
  if (m) return { ok: true, line: { kind: 'request', method: m[1] as string, target: m[2] as string, version: m[3] as string } };
  m = RESPONSE_WITHOUT_SPACES.exec(text);
  if (m) {
    const line: StartLine = { kind: 'response', version: m[1] as string, status: Number(m[2]), statusText: (m[3] as string).trim() };
    return { ok: true, line, warning: `status line "${text}" has no spaces (a documentation artefact); read as ${line.version} ${line.status} ${line.statusText}` };
  }
  m = REQUEST_WITHOUT_SPACES.exec(text);
  if (m) {
    const line: StartLine = { kind: 'request', method: m[1] as string, target: m[2] as string, version: m[3] as string };
    return { ok: true, line, warning: `request line "${text}" has no spaces (a documentation artefact); read as ${line.method} ${line.target} ${line.version}` };
  }
  return { ok: false, problem: `"${text.slice(0, 80)}" is neither an HTTP request line (GET /path HTTP/1.1) nor a status line (HTTP/1.1 200 OK)` };
}

export type HeaderLinesResult =
  | { readonly ok: true; readonly headers: [string, string][]; readonly warnings: string[] }
  | { readonly ok: false; readonly problem: string };

/** `Name: value` lines; `what` names the block in problem and warning sentences. */
export function parseHeaderLines(lines: readonly string[], what: string): HeaderLinesResult {
  const headers: [string, string][] = [];
  const warnings: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, problem: `${what} header line "${line.slice(0, 80)}" has no "Name:" before a colon` };
    const rawName = line.slice(0, colon);
    const name = rawName.trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { ok: false, problem: `${what} header line "${line.slice(0, 80)}" has a malformed name` };
    if (rawName !== name) warnings.push(`${what} header "${rawName}:" has white space before the colon (a documentation artefact); read as ${name}`);
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { ok: true, headers, warnings };
}
