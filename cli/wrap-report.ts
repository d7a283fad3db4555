/**
 * What `record -- <command>` says about the traffic it could not see: a command that made no
 * request through the proxy, and TLS connections whose client did not trust our CA.
 */
import type { TlsRefusal } from '../proxy/tls-refusals.ts';

const SEE = 'see README#recording-a-client';

export function reachNotes(exchangeCount: number, mode: 'forward' | 'reverse', refusals: readonly TlsRefusal[]): string[] {
  const notes: string[] = [];
  if (refusals.length > 0) {
    const hosts = [...new Set(refusals.map((r) => r.host).filter((h): h is string => h !== null))];
    const reasons = [...new Set(refusals.map((r) => r.reason))];
    notes.push(
      `warning: ${refusals.length} TLS connection${refusals.length === 1 ? '' : 's'} to the proxy failed${hosts.length ? ` (${hosts.join(', ')})` : ''}: ${reasons.join('; ')}. ` +
        `The command does not trust our CA: it may pin certificates or bring its own CA list; ${SEE}`,
    );
  }
  if (exchangeCount === 0) {
    notes.push(
      mode === 'forward'
        ? `warning: the command made no request through the proxy: it may ignore HTTP(S)_PROXY or pin certificates; ${SEE}`
        : `warning: the command made no request through the proxy: point it at the URL in UCWA_URL; ${SEE}`,
    );
  }
  return notes;
}
