// Lays out a page of exchanges as a sequence diagram: lanes for the client, the server and the
// event channel; each request and response an arrow in time order; a long poll drawn as a bar on
// the event channel from when it was sent to when it answered with its events.
import type { ExchangeRowDto } from '../../api/wire-types.ts';

export type Lane = 'client' | 'server' | 'channel';

export interface Arrow {
  readonly exchangeId: number;
  readonly atMs: number;
  readonly from: Lane;
  readonly to: Lane;
  readonly label: string;
  readonly kind: 'request' | 'response' | 'events' | 'failure';
  /** Row of the diagram, from 0. */
  readonly row: number;
}

export interface HeldPoll {
  readonly exchangeId: number;
  readonly fromRow: number;
  readonly toRow: number;
}

export interface SequenceLayout {
  readonly arrows: readonly Arrow[];
  readonly polls: readonly HeldPoll[];
  readonly rows: number;
}

const isPoll = (r: ExchangeRowDto): boolean => r.rel === 'events' || r.eventCount !== null;

export function sequenceLayout(rows: readonly ExchangeRowDto[]): SequenceLayout {
  const moments: { atMs: number; order: number; arrow: Omit<Arrow, 'row'> }[] = [];
  let order = 0;
  for (const r of rows) {
    const lane: Lane = isPoll(r) ? 'channel' : 'server';
    moments.push({ atMs: r.startedAtMs, order: order++, arrow: { exchangeId: r.id, atMs: r.startedAtMs, from: 'client', to: lane, label: `${r.method} ${r.where}`, kind: 'request' } });
    if (r.stage === 'initiated') continue;
    const endMs = r.startedAtMs + (r.durationMs ?? 0);
    const status = r.status === null ? (r.error?.kind ?? 'no response') : String(r.status);
    const kind: Arrow['kind'] = r.error || (r.status ?? 0) >= 400 ? 'failure' : isPoll(r) && (r.eventCount ?? 0) > 0 ? 'events' : 'response';
    const label = kind === 'events' ? `⚡${r.eventCount} ${r.summary}` : `${status}${r.summary ? ` · ${r.summary}` : ''}`;
    moments.push({ atMs: endMs, order: order++, arrow: { exchangeId: r.id, atMs: endMs, from: lane, to: 'client', label, kind } });
  }
  moments.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  const arrows = moments.map((m, row) => ({ ...m.arrow, row }));
  const requestRow = new Map<number, number>();
  const polls: HeldPoll[] = [];
  for (const arrow of arrows) {
    if (arrow.to === 'channel') requestRow.set(arrow.exchangeId, arrow.row);
    else if (arrow.from === 'channel') polls.push({ exchangeId: arrow.exchangeId, fromRow: requestRow.get(arrow.exchangeId) ?? arrow.row, toRow: arrow.row });
  }
  for (const [exchangeId, fromRow] of requestRow) if (!polls.some((p) => p.exchangeId === exchangeId)) polls.push({ exchangeId, fromRow, toRow: arrows.length });
  return { arrows, polls, rows: arrows.length };
}
