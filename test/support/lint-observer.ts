/** A UcwaClient `observe` hook that decodes and lints every body the server sends, collecting what is wrong. */
import { lintEventBatch, lintResource } from '../../protocol/catalog/lint.ts';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { UcwaClientOptions } from '../../simulator/index.ts';

export function lintingObserver(findings: string[], who: string): NonNullable<UcwaClientOptions['observe']> {
  return ({ method, url, response }) => {
    if (response.body.byteLength === 0) return;
    const type = response.headers['content-type'];
    const result = decodeBody(response.body, { direction: 'response', status: response.status, url: url.href, ...(type ? { contentType: type } : {}) });
    if (!result.ok) return void findings.push(`${who} ${method} ${url.pathname}: ${result.problem}`);
    const lint = result.body.kind === 'resource' ? lintResource(result.body.resource) : result.body.kind === 'events' ? lintEventBatch(result.body.batch) : [];
    for (const f of lint) findings.push(`${who} ${method} ${url.pathname}: ${f.kind} ${f.name} at ${f.where}`);
  };
}
