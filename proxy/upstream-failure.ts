/** What went wrong on the way to the upstream, in the store's words, and the 502 body the client gets for it. */
import type { ExchangeErrorKind } from '../protocol/exchange.ts';

export function errorKindOf(error: unknown, fromClient: boolean): ExchangeErrorKind {
  if (fromClient) return 'client-aborted';
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  if (code === 'ECONNREFUSED') return 'upstream-refused';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'upstream-timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'upstream-dns';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return 'upstream-tls';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test((error as Error | null)?.message ?? '')) return 'upstream-reset';
  return 'proxy-error';
}

const DESCRIPTIONS: Record<ExchangeErrorKind, string> = {
  'upstream-refused': 'refused the connection',
  'upstream-reset': 'closed the connection before answering in full',
  'upstream-timeout': 'did not answer in time',
  'upstream-tls': 'failed the TLS handshake or certificate check',
  'upstream-dns': 'could not be found (DNS)',
  'client-aborted': 'was abandoned by the client',
  'body-truncated': 'sent more than the recording cap',
  'proxy-error': 'could not be reached',
};

export function describeFailure(kind: ExchangeErrorKind, upstream: string, error: unknown): string {
  const detail = (error as Error | null)?.message ?? String(error);
  const hint = kind === 'upstream-tls' ? ' If it is a lab server with a self-signed certificate, start the proxy with --insecure-upstream.' : '';
  return `ucwa-inspector: the upstream ${upstream} ${DESCRIPTIONS[kind]} (${detail}).${hint}`;
}

/** A UCWA-shaped error body (ErrorsAndInformationalMessages.md), so a UCWA client reports it like any server error. */
export function badGatewayBody(message: string): string {
  return JSON.stringify({ code: 'ServiceFailure', subcode: 'Unreachable', message });
}
