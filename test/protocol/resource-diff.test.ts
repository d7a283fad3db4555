import { describe, expect, it } from 'vitest';
import { diffResources, isEmptyDiff, lastStateIn } from '../../protocol/resource-diff.ts';
import { makeResource } from '../support/make-resource.ts';

const href = '/ucwa/oauth/v1/applications/1/communication/conversations/7';

describe('how a resource changed', () => {
  it('lists properties added, changed and removed, and links that appeared or went', () => {
    const before = makeResource({ rel: 'conversation', href, properties: { state: 'Connecting', subject: 'lunch', importance: 'Normal' }, links: { addMessaging: `${href}/messaging/addMessaging` } });
    const after = makeResource({ rel: 'conversation', href, properties: { state: 'Connected', subject: 'lunch', threadId: 'abc' }, links: { stopMessaging: `${href}/messaging/stopMessaging` } });
    expect(diffResources(before, after)).toEqual({
      added: [{ name: 'threadId', value: 'abc' }],
      changed: [{ name: 'state', from: 'Connecting', to: 'Connected' }],
      removed: [{ name: 'importance', value: 'Normal' }],
      linksAdded: [{ rel: 'stopMessaging', href: `${href}/messaging/stopMessaging` }],
      linksRemoved: [{ rel: 'addMessaging', href: `${href}/messaging/addMessaging` }],
    });
    expect(isEmptyDiff(diffResources(after, after))).toBe(true);
  });

  it('finds the last state of an href in a body, absolute or relative, before a given event', () => {
    const first = makeResource({ rel: 'conversation', href, properties: { state: 'Connecting' } });
    const second = makeResource({ rel: 'conversation', href: `https://fe1.contoso.com${href}`, properties: { state: 'Connected' } });
    const event = (index: number, resource: typeof first) => ({ index, sender: { rel: 'communication', href: '/c' }, type: 'updated', link: { rel: 'conversation', href }, embedded: { conversation: [resource] } });
    const body = { kind: 'events' as const, batch: { self: null, next: null, resync: null, resume: null, senders: [], events: [event(0, first), event(1, second)] } };
    expect(lastStateIn(body, href)?.properties['state']).toBe('Connected');
    expect(lastStateIn(body, href, 1)?.properties['state']).toBe('Connecting');
    expect(lastStateIn(body, href, 0)).toBeNull();
  });
});
