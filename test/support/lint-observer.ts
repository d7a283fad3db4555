/** A UcwaClient `observe` hook that decodes and lints every body the server sends, collecting what is wrong. */
import { lintDecodedBody } from '../../protocol/catalog/lint.ts';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { UcwaClientOptions } from '../../simulator/index.ts';

export function lintingObserver(findings: string[], who: string): NonNullable<UcwaClientOptions['observe']> {
  return ({ method, url, response }) => {
    if (response.body.byteLength === 0) return;
    const type = response.headers['content-type'];
    const result = decodeBody(response.body, { direction: 'response', status: response.status, url: url.href, ...(type ? { contentType: type } : {}) });
    if (!result.ok) return void findings.push(`${who} ${method} ${url.pathname}: ${result.problem}`);
    if (result.body.kind === 'batch') for (const part of result.body.parts) if (!part.body.ok) findings.push(`${who} ${method} ${url.pathname}: batch part ${part.index + 1}: ${part.body.problem}`);
    const lint = lintDecodedBody(result.body) ?? [];
    for (const f of lint) findings.push(`${who} ${method} ${url.pathname}: ${f.kind} ${f.name} at ${f.where}`);
  };
}
