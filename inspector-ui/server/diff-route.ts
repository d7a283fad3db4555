/**
 * `GET /api/diff?a=ID&b=ID`: two sessions of the open recording compared as `ucwa-inspector diff`
 * compares them. The comparison itself is replay/drift's, handed in by whoever starts the inspector
 * (the server does not import replay/: imports point one way).
 */
import type { Context, Hono } from 'hono';
import type { DriftReport } from '../../protocol/drift-report.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';

/** A session of an open store, as the comparison reads it. */
export interface StoredSide {
  readonly store: RecordingStore;
  readonly sessionId: number;
  readonly label: string;
}

/** `diffSessions` of replay/drift: the same findings as `diff --json`. */
export type CompareSessions = (a: StoredSide, b: StoredSide, options: { readonly ignore?: readonly string[]; readonly slowerThan?: number }) => DriftReport;

/** `2`, `2x`, `1.5`: a factor above 1, as `diff --slower-than` takes it. */
function slowerThanOf(text: string | undefined, badRequest: (message: string) => Error): number | undefined {
  if (text === undefined || text === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)x?$/i.exec(text);
  const factor = match ? Number(match[1]) : Number.NaN;
  if (!(factor > 1)) throw badRequest(`slowerThan must be a factor above 1 such as 2 or 1.5, not "${text}"`);
  return factor;
}

export function addDiffRoute(app: Hono, store: RecordingStore, compare: CompareSessions | undefined, read: { wholeNumber: (text: string | undefined, what: string) => number | undefined; badRequest: (message: string) => Error }): void {
  const side = (c: Context, name: 'a' | 'b'): StoredSide | Response => {
    const id = read.wholeNumber(c.req.query(name), `${name} (a session id)`);
    if (id === undefined) throw read.badRequest(`give both sessions to compare: /api/diff?a=ID&b=ID (${name} is missing)`);
    if (!store.getSessionRecord(id)) return c.json({ error: `no session ${id} (${name})` }, 404);
    // Comparing half-derived sessions would report events that are only not read yet.
    if (store.eventBatchesOf(id) === null) return c.json({ error: `session ${id} is still being indexed: compare it again in a moment` }, 409);
    return { store, sessionId: id, label: `session ${id}` };
  };

  app.get('/api/diff', (c) => {
    if (!compare) return c.json({ error: 'this inspector was started without session comparison: start it with `ucwa-inspector ui`' }, 501);
    const a = side(c, 'a');
    if (a instanceof Response) return a;
    const b = side(c, 'b');
    if (b instanceof Response) return b;
    const slowerThan = slowerThanOf(c.req.query('slowerThan'), read.badRequest);
    const ignore = c.req.queries('ignoreField') ?? [];
    const report: DriftReport = compare(a, b, { ignore, ...(slowerThan !== undefined ? { slowerThan } : {}) });
    return c.json(report);
  });
}
