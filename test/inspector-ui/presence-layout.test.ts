import { describe, expect, it } from 'vitest';
import type { PresenceLaneDto } from '../../inspector-ui/api/wire-types.ts';
import { availabilityBands, noteMarks, presenceSpan } from '../../inspector-ui/app/src/presence-layout.ts';

const cause = (exchangeId: number) => ({ exchangeId, seq: exchangeId, source: 'snapshot' as const });

function lane(overrides: Partial<PresenceLaneDto>): PresenceLaneDto {
  return {
    key: 1, me: false, href: '/people/carol', uri: 'sip:carol@contoso.com', name: 'Carol', firstSeenAtMs: 1000, subscribedAtMs: null, unsubscribedAtMs: null,
    availability: null, activity: null, note: null, bands: [], notes: [], changes: [], label: 'carol', title: 'Carol',
    ...overrides,
  };
}

const carol = lane({
  bands: [
    { availability: 'Away', activity: 'Away', fromMs: 1200, toMs: 1500, cause: cause(10) },
    { availability: 'Online', activity: 'Available', fromMs: 1500, toMs: null, cause: cause(12) },
  ],
  notes: [{ atMs: 1600, cause: cause(14), message: 'Back at 3', type: 'Personal' }, { atMs: 1800, cause: cause(15), message: null, type: null }],
});

describe('presence lanes in the timeline view', () => {
  it('spans every lane from the first thing seen to the session end', () => {
    const me = lane({ me: true, firstSeenAtMs: 900, bands: [{ availability: 'Online', activity: null, fromMs: 900, toMs: null, cause: cause(3) }] });
    expect(presenceSpan([carol, me], { fromMs: 0, toMs: 1999 })).toEqual({ startMs: 900, endMs: 2000 });
    // Nothing timed: the session's own span.
    expect(presenceSpan([], { fromMs: 100, toMs: 200 })).toEqual({ startMs: 100, endMs: 201 });
  });

  it('draws each availability until the next, the last to the end of the span, each linked to its cause', () => {
    const bands = availabilityBands(carol, { startMs: 1000, endMs: 2000 }, 1000);
    expect(bands.map((b) => [b.value, b.leftPct, b.widthPct, b.toMs, b.cause.exchangeId])).toEqual([
      ['Away', 20, 30, 1500, 10],
      ['Online', 50, 50, 2000, 12],
    ]);
    expect(bands.map((b) => b.label)).toEqual(['Away', 'Online']);
    // Too narrow to write in: the band keeps its hover text only.
    expect(availabilityBands(carol, { startMs: 1000, endMs: 2000 }, 60).map((b) => b.label)).toEqual([null, null]);
  });

  it('marks each note change where it happened, saying what the note became', () => {
    expect(noteMarks(carol, { startMs: 1000, endMs: 2000 }).map((m) => [m.leftPct, m.label, m.cause.exchangeId])).toEqual([
      [60, 'note: Back at 3', 14],
      [80, 'note cleared', 15],
    ]);
  });
});
