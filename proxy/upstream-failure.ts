/** What went wrong on the way to the upstream, in the store's words, and the 502 body the client gets for it. */
import type { ExchangeErrorKind } from '../protocol/exchange.ts';

/** Node's HTTP parser errors (llhttp) carry codes like HPE_INVALID_CONSTANT and the bytes it choked on. */
interface ParseError {
  readonly code: string;
  readonly reason?: string;
  readonly rawPacket?: Buffer;
}

function parseErrorOf(error: unknown): ParseError | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('HPE_') ? (error as ParseError) : null;
}

export function errorKindOf(error: unknown, fromClient: boolean): ExchangeErrorKind {
  if (fromClient) return 'client-aborted';
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  if (code === 'ECONNREFUSED') return 'upstream-refused';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'upstream-timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'upstream-dns';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return 'upstream-tls';
  if (parseErrorOf(error)) return 'upstream-invalid-response';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test((error as Error | null)?.message ?? '')) return 'upstream-reset';
  return 'proxy-error';
}

const DESCRIPTIONS: Record<ExchangeErrorKind, string> = {
  'upstream-refused': 'refused the connection',
  'upstream-reset': 'closed the connection before answering in full',
  'upstream-timeout': 'did not answer in time',
  'upstream-tls': 'failed the TLS handshake or certificate check',
  'upstream-dns': 'could not be found (DNS)',
  'upstream-invalid-response': 'answered with a response that is not valid HTTP',
  'upstream-retried': 'closed a kept-alive connection, so the request was sent again',
  'client-aborted': 'was abandoned by the client',
  'body-truncated': 'sent more than the recording cap',
  'proxy-error': 'could not be reached',
};

export function describeFailure(kind: ExchangeErrorKind, upstream: string, error: unknown): string {
  const hint = kind === 'upstream-tls' ? ' If it is a lab server with a self-signed certificate, start the proxy with --insecure-upstream.' : '';
  return `ucwa-inspector: the upstream ${upstream} ${DESCRIPTIONS[kind]} (${detailOf(error)}).${hint}`;
}

/** For a parse error: what the parser expected and the first bytes it got, so the reader sees what the server sent. */
function detailOf(error: unknown): string {
  const parse = parseErrorOf(error);
  if (!parse) return (error as Error | null)?.message ?? String(error);
  const reason = parse.reason ?? (error as Error).message.replace(/^Parse Error:\s*/, '');
  const raw = parse.rawPacket;
  if (!raw || raw.byteLength === 0) return `${reason} [${parse.code}]`;
  const shown = JSON.stringify(raw.subarray(0, 60).toString('latin1'));
  return `${reason} [${parse.code}]; it sent ${shown}${raw.byteLength > 60 ? '…' : ''}`;
}

/** A UCWA-shaped error body (ErrorsAndInformationalMessages.md), so a UCWA client reports it like any server error. */
export function badGatewayBody(message: string): string {
  return JSON.stringify({ code: 'ServiceFailure', subcode: 'Unreachable', message });
}
