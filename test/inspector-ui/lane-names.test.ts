import { describe, expect, it } from 'vitest';
import { invitationOutcome } from '../../inspector-ui/app/src/invitation-outcome.ts';
import { namesOf } from '../../inspector-ui/app/src/lane-names.ts';
import type { Invitation, Participant } from '../../inspector-ui/app/src/timeline-types.ts';

const participant = (uri: string, name: string | null, local: boolean, label?: string): Participant => ({ href: `/conv/participants/${uri}`, uri, name, local, joinedAtMs: 1, leftAtMs: null, ...(label ? { label } : {}) });

describe('the names a lane gives people', () => {
  const nameOf = namesOf({ participants: [participant('sip:alice@contoso.com', 'Alice Anders', true, 'you'), participant('sip:bob@contoso.com', 'Bob Barker', false, 'Bob Barker'), participant('sip:carol@contoso.com', null, false)] });

  it('calls the local user "you" however the traffic names her', () => {
    expect(nameOf('local')).toBe('you');
    expect(nameOf('sip:alice@contoso.com', 'Alice Anders')).toBe('you');
    expect(nameOf('SIP:Alice@Contoso.com')).toBe('you');
  });

  it("uses a participant's label for their SIP URI, else their name or the URI's user part", () => {
    expect(nameOf('sip:bob@contoso.com', 'B. Barker (mobile)')).toBe('Bob Barker');
    expect(nameOf('sip:carol@contoso.com')).toBe('carol');
    expect(nameOf('sip:dave@contoso.com', 'Dave Dunn')).toBe('Dave Dunn');
    expect(nameOf('sip:erin@contoso.com')).toBe('erin');
    expect(nameOf(null)).toBe('someone');
  });
});

describe('what became of an invitation', () => {
  const cause = { exchangeId: 9, seq: 8, source: 'event' as const, eventIndex: 0 };
  const inv = (outcome: Invitation['outcome'], actions: Invitation['actions'] = [], state: string | null = null) => ({ outcome, actions, state });

  it('says missed, declined, cancelled or failed with the reason the server gave', () => {
    expect(invitationOutcome(inv({ status: 'Failure', reason: 'Informational/Missed', atMs: 5, cause }))).toEqual({ word: 'missed', reason: 'Informational/Missed', atMs: 5, exchangeId: 9 });
    expect(invitationOutcome(inv({ status: 'Failure', reason: 'Informational/Declined', atMs: 5, cause })).word).toBe('declined');
    expect(invitationOutcome(inv({ status: 'Failure', atMs: 5, cause }, [{ action: 'decline', atMs: 4, cause: { exchangeId: 7, seq: 6, source: 'request' } }])).word).toBe('declined');
    expect(invitationOutcome(inv({ status: 'Failure', reason: 'Gone/Unavailable', atMs: 5, cause }))).toMatchObject({ word: 'failed', reason: 'Gone/Unavailable' });
    expect(invitationOutcome(inv({ status: 'Failure', atMs: 5, cause }, [{ action: 'cancel', atMs: 4, cause: { exchangeId: 7, seq: 6, source: 'request' } }])).word).toBe('cancelled');
  });

  it('calls a successful invitation accepted and one without an outcome pending', () => {
    expect(invitationOutcome(inv({ status: 'Success', atMs: 5, cause }))).toMatchObject({ word: 'accepted', reason: null });
    expect(invitationOutcome(inv(null))).toEqual({ word: 'pending', reason: null, atMs: null, exchangeId: null });
  });
});
