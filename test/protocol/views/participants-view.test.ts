import { describe, expect, it } from 'vitest';
import { toParticipantsView, toTypingParticipantsView } from '../../../protocol/views/participants-view.ts';
import { makeResource } from '../../support/make-resource.ts';

const CONV = '/ucwa/v1/applications/1/communication/conversations/7';

describe('toParticipantsView', () => {
  it('lists participant links with their titles and embedded participants', () => {
    const view = toParticipantsView(
      makeResource({
        rel: 'participants',
        href: `${CONV}/participants`,
        links: { participant: [{ href: `${CONV}/participants/ann`, title: 'Ann Lee' }, `${CONV}/participants/bob`] },
        embedded: { participant: [makeResource({ rel: 'participant', href: `${CONV}/participants/ann`, properties: { name: 'Ann Lee' } })] },
      }),
    );
    expect(view).toEqual({
      rel: 'participants',
      href: `${CONV}/participants`,
      participantLinks: [{ href: `${CONV}/participants/ann`, title: 'Ann Lee' }, { href: `${CONV}/participants/bob` }],
      participants: [{ rel: 'participant', href: `${CONV}/participants/ann`, name: 'Ann Lee', hrefs: {} }],
    });
  });

  it('reads a collection that carries only its rel and href', () => {
    expect(toParticipantsView(makeResource({ rel: 'participants', href: '/p' }))).toEqual({ rel: 'participants', href: '/p', participantLinks: [], participants: [] });
  });

  it('ignores extra and wrong-typed fields', () => {
    const view = toParticipantsView(
      makeResource({ rel: 'participants', href: '/p', properties: { participant: ['sip:ann@contoso.com'], count: '2' }, links: { next: '/p?2' } }),
    );
    expect(view).toEqual({ rel: 'participants', href: '/p', participantLinks: [], participants: [] });
  });
});

describe('toTypingParticipantsView', () => {
  it('lists who is typing', () => {
    const view = toTypingParticipantsView(
      makeResource({ rel: 'typingParticipants', href: `${CONV}/typing`, links: { participant: [{ href: `${CONV}/participants/ann`, title: 'Ann Lee' }] } }),
    );
    expect(view.participantLinks).toEqual([{ href: `${CONV}/participants/ann`, title: 'Ann Lee' }]);
    expect(view.rel).toBe('typingParticipants');
  });

  it('reads an empty typingParticipants', () => {
    expect(toTypingParticipantsView(makeResource({ rel: 'typingParticipants', href: '/t' }))).toEqual({
      rel: 'typingParticipants',
      href: '/t',
      participantLinks: [],
      participants: [],
    });
  });

  it('ignores extra and wrong-typed fields', () => {
    const view = toTypingParticipantsView(makeResource({ rel: 'typingParticipants', href: '/t', properties: { typing: true }, links: { self2: '/x' } }));
    expect(view).toEqual({ rel: 'typingParticipants', href: '/t', participantLinks: [], participants: [] });
  });
});
