// The reducer on event shapes real servers send and the walkthroughs do not: invitations carrying the first
// message, empty titles, `to` as a link, and message URLs clients build themselves.
import { describe, expect, it } from 'vitest';
import type { UcwaEvent } from '../../../protocol/event.ts';
import { foldTimeline, renderTimelineText, type Cause, type TimelineInput } from '../../../protocol/timeline/index.ts';
import { jsonDate, makeResource } from '../../support/make-resource.ts';

const COMM = { rel: 'communication', href: '/app/communication' };
const conv = (n: number) => `/app/communication/conversations/${n}`;
let exchange = 0;
const cause = (source: Cause['source'], eventIndex?: number): Cause => ({ exchangeId: ++exchange, seq: exchange, source, ...(eventIndex !== undefined ? { eventIndex } : {}) });
const event = (atMs: number, spec: Omit<UcwaEvent, 'index' | 'embedded'> & { embedded?: UcwaEvent['embedded'] }): TimelineInput => ({ kind: 'event', atMs, cause: cause('event', 0), event: { index: 0, embedded: {}, ...spec } });
const textPost = (atMs: number, href: string, text: string): TimelineInput => ({ kind: 'request', atMs, cause: cause('request'), method: 'POST', href, text, html: false });

function invitation(n: number, links: Record<string, string | { href: string; title: string }> = {}) {
  return makeResource({
    rel: 'messagingInvitation',
    href: `/app/communication/messagingInvitations/${n}`,
    properties: { direction: 'Incoming', state: 'Connecting', subject: 'Lunch plans' },
    links: { conversation: conv(n), from: { href: `${conv(n)}/participants/ada@contoso.example`, title: '' }, message: 'data:text/html;charset=utf-8,%3Cp%3EHello%20there%3C%2Fp%3E', ...links },
    embedded: { from: makeResource({ rel: 'participant', href: `${conv(n)}/participants/ada@contoso.example`, properties: { name: 'Ada Example', uri: 'sip:ada@contoso.example' } }) },
  });
}
const invited = (atMs: number, n: number, links?: Record<string, string | { href: string; title: string }>) =>
  event(atMs, { sender: COMM, type: 'started', link: { rel: 'messagingInvitation', href: `/app/communication/messagingInvitations/${n}` }, embedded: { messagingInvitation: [invitation(n, links)] } });
const message = (atMs: number, n: number, id: number, direction: string, text?: string) =>
  event(atMs, {
    sender: { rel: 'conversation', href: conv(n) },
    type: direction === 'Incoming' ? 'added' : 'completed',
    link: { rel: 'message', href: `${conv(n)}/messaging/messages/${id}` },
    embedded: {
      message: [
        makeResource({
          rel: 'message',
          href: `${conv(n)}/messaging/messages/${id}`,
          properties: { direction, status: 'Succeeded', timeStamp: jsonDate(atMs - 500) },
          links: { ...(text !== undefined ? { plainMessage: `data:text/plain;charset=utf-8,${encodeURIComponent(text)}` } : {}), participant: { href: `${conv(n)}/participants/ada@contoso.example`, title: '' } },
        }),
      ],
    },
  });

describe('timelines of real-server event shapes', () => {
  it("takes an invitation's HTML message as the first message, and lets a later message event repeating it fill in its href", () => {
    const [c] = foldTimeline([invited(1000, 1), message(3000, 1, 5, 'Incoming', '<p>Hello there</p>')]).timeline.conversations;
    expect(c?.messages).toEqual([expect.objectContaining({ text: '<p>Hello there</p>', html: true, fromName: 'Ada Example', href: `${conv(1)}/messaging/messages/5`, status: 'Succeeded', timeStampMs: 2500, atMs: 1000 })]);
    expect(c?.changes.filter((x) => x.what === 'message')).toHaveLength(1);
  });

  it('reads `to` from a link when the invitation has no to property, preferring its title', () => {
    const titled = foldTimeline([invited(1000, 2, { to: { href: '/app/people/grace@contoso.example', title: 'Grace Sample' } })]).timeline;
    expect(titled.conversations[0]?.invitations[0]?.to).toBe('Grace Sample');
    const untitled = foldTimeline([invited(1000, 3, { to: '/app/people/grace%40contoso.example' })]).timeline;
    expect(untitled.conversations[0]?.invitations[0]?.to).toBe('grace@contoso.example');
  });

  it('learns how sendMessage links end, and counts a text POSTed to a URL built that way before its own link arrived', () => {
    const learned = makeResource({ rel: 'messaging', href: `${conv(4)}/messaging`, properties: { state: 'Connected' }, links: { sendMessage: `${conv(4)}/im/send`, conversation: conv(4) } });
    const timeline = foldTimeline([
      event(1000, { sender: { rel: 'conversation', href: conv(4) }, type: 'updated', link: { rel: 'messaging', href: `${conv(4)}/messaging` }, embedded: { messaging: [learned] } }),
      textPost(2000, `https://pool.contoso.example${conv(6)}/im/send?OperationContext=1`, 'Built by hand'),
      message(2100, 6, 1, 'Outgoing'),
      textPost(3000, `https://pool.contoso.example${conv(6)}/files`, 'not a message'),
      message(3100, 6, 2, 'Outgoing'),
    ]).timeline;
    const six = timeline.conversations.find((c) => c.href === conv(6));
    expect(six?.messages.map((m) => m.text)).toEqual(['Built by hand', null]);
    expect(renderTimelineText(timeline)).toMatch(/message out \(text not captured\) · Succeeded · server time 00:00:02\.600/);
  });

  it('labels a participant whose title and name are empty by the user part of its SIP URI, and never prints an empty name', () => {
    const participant = (atMs: number, type: string) =>
      event(atMs, {
        sender: { rel: 'conversation', href: conv(7) },
        type,
        link: { rel: 'participant', href: `${conv(7)}/participants/p1`, title: '' },
        embedded: { participant: [makeResource({ rel: 'participant', href: `${conv(7)}/participants/p1`, properties: { name: '', uri: 'sip:bob.sample@contoso.example' } })] },
      });
    const text = renderTimelineText(foldTimeline([participant(1000, 'added'), participant(2000, 'deleted')]).timeline);
    expect(text).toMatch(/ bob\.sample joined /);
    expect(text).toMatch(/ bob\.sample left /);
  });
});
