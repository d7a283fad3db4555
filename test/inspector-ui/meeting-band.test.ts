import { describe, expect, it } from 'vitest';
import { meetingBand } from '../../inspector-ui/app/src/meeting-band.ts';
import type { Meeting } from '../../inspector-ui/app/src/timeline-types.ts';

const span = { startMs: 1000, endMs: 2000 };
const meeting = (joinedAtMs: number, leftAtMs: number | null, subject: string | null = 'Release planning'): Meeting => ({
  uri: 'sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:9D3FB64A',
  subject,
  joinUrl: null,
  organizer: null,
  joinedAtMs,
  cause: { exchangeId: 14, seq: 13, source: 'event', eventIndex: 0 },
  leftAtMs,
  leftCause: null,
});

describe('the meeting band of a lane', () => {
  it('runs from joining to leaving and links to the event that showed the meeting', () => {
    const band = meetingBand(meeting(1200, 1800), 2000, span, 1000);
    expect([band.leftPct, band.widthPct, band.cause.exchangeId]).toEqual([20, 60, 14]);
    expect(band.label).toBe('meeting Release planning');
  });

  it('runs to the lane\'s end while the user is still in the meeting', () => {
    const band = meetingBand(meeting(1500, null), 1900, span, 1000);
    expect([band.leftPct, band.widthPct, band.toMs]).toEqual([50, 40, 1900]);
  });

  it('is named by the meeting\'s URI when it has no subject, and cuts a long label to fit with an ellipsis', () => {
    expect(meetingBand(meeting(1000, 2000, null), 2000, span, 2000).name).toBe('sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:9D3FB64A');
    // 100 px of band: "meeting Release planning" (24 letters) does not fit, 12 letters and an ellipsis do.
    const cut = meetingBand(meeting(1000, 1100), 2000, span, 1000).label ?? '';
    expect(cut.endsWith('…')).toBe(true);
    expect('meeting Release planning'.startsWith(cut.slice(0, -1))).toBe(true);
    // Too narrow for even a few letters: the hover text says it all.
    expect(meetingBand(meeting(1000, 1020), 2000, span, 1000).label).toBeNull();
  });
});
