/** Why a request had no recorded answer: the nearest recorded requests and what differs from each. */
import { differences, type RequestKey } from './request-key.ts';

export interface Candidate {
  readonly request: string;
  readonly differences: readonly string[];
}

const describe = (key: RequestKey): string => `${key.method} ${key.path}${key.query.length ? `?${key.query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;

export function nearestCandidates(live: RequestKey, recorded: Iterable<RequestKey>, limit = 3): Candidate[] {
  const scored = [...recorded].map((key) => {
    const diff = differences(live, key);
    const closeness = (key.path === live.path ? 4 : commonPrefix(key.path, live.path) / 100) + (key.method === live.method ? 2 : 0);
    return { key, diff, closeness };
  });
  scored.sort((a, b) => b.closeness - a.closeness || a.diff.length - b.diff.length);
  return scored.slice(0, limit).map(({ key, diff }) => ({ request: describe(key), differences: diff }));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function missMessage(live: RequestKey, candidates: readonly Candidate[], exhausted: boolean): string {
  const what = describe(live);
  if (exhausted) return `ucwa-inspector replay: ${what} was recorded, but every recorded answer to it has been served (policy: miss).`;
  if (candidates.length === 0) return `ucwa-inspector replay: nothing like ${what} is in the recording.`;
  const nearest = candidates[0] as Candidate;
  return `ucwa-inspector replay: no recorded answer for ${what}. Nearest recorded: ${nearest.request} (differs in ${nearest.differences.join('; ')}).`;
}

export { describe as describeKey };
