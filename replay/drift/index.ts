/**
 * Drift: what changed between two recorded sessions, at the protocol level.
 *   import { diffSessions } from 'ucwa-inspector/replay/drift';
 *   const report = diffSessions({ file: 'before.json' }, { db: 'ucwa.db', session: '3' }, { slowerThan: 2 });
 */
import { ignoreSet } from '../request-key.ts';
import { compareSessions } from './compare-sessions.ts';
import type { DriftReport } from '../../protocol/drift-report.ts';
import { openDriftSide, type DriftSource, type OpenedSide } from './open-drift-side.ts';
import { SERVER_IDENTIFIERS, volatileNames } from './volatile-fields.ts';

export type { DriftReport, DriftFinding, FieldChange, EventStep, ExchangeRef } from '../../protocol/drift-report.ts';
export type { DriftSource } from './open-drift-side.ts';
export { renderDriftText } from './render-drift.ts';
export { VOLATILE_FIELDS } from './volatile-fields.ts';
export { MIN_SLOWER_MS } from './compare-sessions.ts';

export interface DiffOptions {
  /** More field names (query parameters, body fields, properties, link rels) to leave out. */
  readonly ignore?: readonly string[];
  /** Report exchanges at least this many times slower in B. */
  readonly slowerThan?: number;
}

export function diffSessions(a: DriftSource, b: DriftSource, options: DiffOptions = {}): DriftReport {
  // Requests pair without the ids a server chose: a rerun sends the live server's own back.
  const keyOptions = { ignore: ignoreSet([...SERVER_IDENTIFIERS, ...(options.ignore ?? [])]) };
  const opened: OpenedSide[] = [];
  try {
    opened.push(openDriftSide(a, keyOptions));
    opened.push(openDriftSide(b, keyOptions));
    const [sideA, sideB] = opened as [OpenedSide, OpenedSide];
    return compareSessions(sideA.side, sideB.side, { ignore: volatileNames(options.ignore ?? []), ...(options.slowerThan !== undefined ? { slowerThan: options.slowerThan } : {}) });
  } finally {
    for (const side of opened) side.close();
  }
}
