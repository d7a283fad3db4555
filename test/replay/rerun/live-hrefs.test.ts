import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../protocol/decode-body.ts';
import type { DecodedBody } from '../../../protocol/decoded-body.ts';
import { LiveHrefs } from '../../../replay/rerun/live-hrefs.ts';

function json(value: unknown): DecodedBody {
  const decoded = decodeBody(JSON.stringify(value), { direction: 'response', status: 200, contentType: 'application/json' });
  if (!decoded.ok) throw new Error(decoded.problem);
  return decoded.body;
}

const SENTINELS: Record<string, string> = { '111': '56de7bbf-0000-4000-8000-000000000111', '999': '56de7bbf-0000-4000-8000-000000000999' };

const application = (id: string) =>
  json({
    rel: 'application',
    [SENTINELS[id] ?? 'none']: 'please pass this in a PUT request',
    _links: { self: { href: `/ucwa/v1/applications/${id}` }, events: { href: `/ucwa/v1/applications/${id}/events?ack=1` } },
    _embedded: { communication: { rel: 'communication', _links: { self: { href: `/ucwa/v1/applications/${id}/communication` }, startMessaging: { href: `/ucwa/v1/applications/${id}/communication/messagingInvitations` } } } },
  });

function batch(app: string, conversation: string): DecodedBody {
  return json({
    _links: { self: { href: `/ucwa/v1/applications/${app}/events?ack=2` } },
    sender: [{ rel: 'communication', href: `/ucwa/v1/applications/${app}/communication`, events: [{ link: { rel: 'conversation', href: `/ucwa/v1/applications/${app}/communication/conversations/${conversation}` }, type: 'added' }] }],
  });
}

describe('LiveHrefs', () => {
  it('finds a recorded href where the live answer to the same request put it, embedded links included', () => {
    const hrefs = new LiveHrefs([]);
    hrefs.learnBodies(application('111'), application('999'));
    expect(hrefs.resolve('http://old.example/ucwa/v1/applications/111', 'application', true)).toBe('/ucwa/v1/applications/999');
    expect(hrefs.resolve('http://old.example/ucwa/v1/applications/111/communication/messagingInvitations?operationId=op-1', 'startMessaging', true)).toBe('/ucwa/v1/applications/999/communication/messagingInvitations?operationId=op-1');
  });

  it("sends the live resource's PUT sentinel where the recorded body sent back the recorded one", () => {
    const hrefs = new LiveHrefs([]);
    hrefs.learnBodies(application('111'), application('999'));
    expect(hrefs.substitute('{"56de7bbf-0000-4000-8000-000000000111":"please pass this in a PUT request","culture":"en-US"}')).toBe('{"56de7bbf-0000-4000-8000-000000000999":"please pass this in a PUT request","culture":"en-US"}');
  });

  it('pairs recorded events with live ones of the same kind in order, and substitutes their hrefs in bodies', () => {
    const recorded = batch('111', '7');
    const live = batch('999', '42');
    if (recorded.kind !== 'events' || live.kind !== 'events') throw new Error('not event batches');
    const hrefs = new LiveHrefs(recorded.batch.events);
    hrefs.learnEvents(live.batch.events);
    expect(hrefs.substitute('{"conversation":"/ucwa/v1/applications/111/communication/conversations/7"}')).toBe('{"conversation":"/ucwa/v1/applications/999/communication/conversations/42"}');
  });

  it('follows the live link of the same rel when the recorded href was never paired, and waits while there is none', () => {
    const hrefs = new LiveHrefs([]);
    expect(hrefs.resolve('http://old.example/ucwa/v1/applications/111/communication/messagingInvitations', 'startMessaging', true)).toBeUndefined();
    hrefs.learnBodies(null, application('999'));
    expect(hrefs.resolve('http://old.example/ucwa/v1/applications/111/communication/messagingInvitations', 'startMessaging', true)).toBe('/ucwa/v1/applications/999/communication/messagingInvitations');
  });

  it('asks an entry point no link showed (the root, a token URL) at the same path', () => {
    expect(new LiveHrefs([]).resolve('http://old.example/WebTicket/oauthtoken', null, false)).toBe('/WebTicket/oauthtoken');
  });
});
