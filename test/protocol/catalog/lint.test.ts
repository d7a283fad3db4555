import { describe, expect, it } from 'vitest';
import { guessRel } from '../../../protocol/catalog/guess-rel.ts';
import { lintEventBatch, lintResource } from '../../../protocol/catalog/lint.ts';
import { makeEventBatch } from '../../support/make-event-batch.ts';
import { jsonDate, makeResource } from '../../support/make-resource.ts';

const CONV = '/ucwa/v1/applications/1/communication/conversations/7';

function conversation(extra: { properties?: Record<string, string>; links?: Record<string, string> } = {}) {
  return makeResource({
    rel: 'conversation',
    href: CONV,
    properties: {
      state: 'Connected',
      subject: 'Quarterly plan',
      importance: 'Normal',
      threadId: 'AdHgQ1',
      participantCount: 2,
      activeModalities: ['Messaging'],
      created: jsonDate(1474932024822),
      readLocally: false,
      ...extra.properties,
    },
    links: {
      messaging: `${CONV}/messaging`,
      participants: `${CONV}/participants`,
      localParticipant: `${CONV}/participants/me`,
      addParticipant: `${CONV}/addParticipant`,
      ...extra.links,
    },
  });
}

function participant(properties: Record<string, string | boolean> = {}) {
  return makeResource({
    rel: 'participant',
    href: `${CONV}/participants/2`,
    properties: { name: 'Ann Lee', uri: 'sip:ann@contoso.com', sourceNetwork: 'SameEnterprise', ...properties },
    links: { contact: '/ucwa/v1/applications/1/people/ann', participantMessaging: `${CONV}/participants/2/participantMessaging` },
  });
}

describe('lintResource', () => {
  it('finds nothing in a conversation that carries only documented names', () => {
    expect(lintResource(conversation())).toEqual([]);
  });

  it('lists an undocumented property and link, each with kind, name and where', () => {
    const findings = lintResource(conversation({ properties: { mood: 'cheerful' }, links: { teleport: `${CONV}/teleport` } }));
    expect(findings.map(({ kind, name, where, rel }) => ({ kind, name, where, rel }))).toEqual([
      { kind: 'undocumented-property', name: 'mood', where: '', rel: 'conversation' },
      { kind: 'undocumented-link', name: 'teleport', where: '', rel: 'conversation' },
    ]);
    expect(findings[0]?.message).toBe('conversation carries property "mood", which the reference does not document for conversation');
  });

  it('leaves the PUT sentinel out, but not any GUID-named property', () => {
    const sentinel = { '56de7bbf-9a2c-4b5a-9c7f-0e1d2c3b4a59': 'please pass this in a PUT request' };
    expect(lintResource(conversation({ properties: sentinel }))).toEqual([]);
    const other = { '56de7bbf-9a2c-4b5a-9c7f-0e1d2c3b4a59': 'surprise' };
    expect(lintResource(conversation({ properties: other })).map((f) => f.kind)).toEqual(['undocumented-property']);
  });

  it('accepts message text carried as links although the reference lists it under Properties', () => {
    const message = makeResource({
      rel: 'message',
      href: `${CONV}/messaging/messages/3`,
      properties: { direction: 'Incoming', status: 'Succeeded', timeStamp: jsonDate(1383784870271) },
      links: {
        plainMessage: 'data:text/plain;charset=utf-8,Hi+there',
        htmlMessage: 'data:text/html;charset=utf-8,%3Cp%3EHi%3C%2Fp%3E',
        participant: { href: `${CONV}/participants/2`, title: 'Ann Lee' },
        messaging: `${CONV}/messaging`,
        failedDeliveryParticipant: [`${CONV}/participants/4`],
      },
    });
    expect(lintResource(message)).toEqual([]);
  });

  it('checks embedded resources against their own type and says where they sit', () => {
    const invitation = makeResource({
      rel: 'messagingInvitation',
      href: '/ucwa/v1/applications/1/communication/messagingInvitations/9',
      properties: { direction: 'Incoming', state: 'Connecting' },
      links: { accept: '/a', decline: '/d', message: 'data:text/plain,Hello' },
      embedded: {
        from: participant({ favouriteColour: 'green' }),
        acceptedByParticipant: [
          participant(),
          makeResource({
            ...participant(),
            embedded: { sidekick: makeResource({ rel: 'participant', href: '/p/3', links: { hologram: '/h' } }) },
          }),
        ],
      },
    });
    expect(lintResource(invitation).map(({ kind, name, where, rel }) => ({ kind, name, where, rel }))).toEqual([
      { kind: 'undocumented-property', name: 'favouriteColour', where: 'embedded.from[0]', rel: 'participant' },
      { kind: 'undocumented-embedded', name: 'sidekick', where: 'embedded.acceptedByParticipant[1]', rel: 'participant' },
      { kind: 'undocumented-link', name: 'hologram', where: 'embedded.acceptedByParticipant[1].embedded.sidekick[0]', rel: 'participant' },
    ]);
  });

  it('says so clearly when the rel is unknown, suggests documented rels, and still checks what it embeds', () => {
    const odd = makeResource({
      rel: 'hologramSession',
      href: '/h/1',
      properties: { state: 'Connected', subject: 'x', participantCount: 3 },
      links: { messaging: '/m', participants: '/p' },
      embedded: { localParticipant: participant({ aura: 'blue' }) },
    });
    const findings = lintResource(odd);
    expect(findings.map((f) => [f.kind, f.name, f.where])).toEqual([
      ['unknown-rel', 'hologramSession', ''],
      ['undocumented-property', 'aura', 'embedded.localParticipant[0]'],
    ]);
    expect(findings[0]?.message).toMatch(/^rel "hologramSession" is not in the resource catalogue, so its contents were not checked; it fits best: conversation/);
    expect(findings[0]?.candidates?.[0]?.rel).toBe('conversation');
  });

  it('reports a missing rel with the documented rels the resource fits best', () => {
    const anonymous = makeResource({ ...participant(), rel: null });
    const [finding, ...rest] = lintResource(anonymous);
    expect(rest).toEqual([]);
    expect(finding?.kind).toBe('missing-rel');
    expect(finding?.candidates?.[0]?.rel).toBe('participant');
    expect(finding?.message).toMatch(/^resource has no rel; it fits best: participant \(\d\.\d\d\)/);
  });

  it('says when a resource without rel carries nothing to guess from', () => {
    expect(lintResource(makeResource({ href: '/x' }))).toEqual([
      { kind: 'missing-rel', severity: 'finding', name: 'rel', where: '', rel: null, message: 'resource has no rel and carries nothing to guess one from', candidates: [] },
    ]);
  });

  it('does not pretend to check a request input', () => {
    const input = makeResource({ root: 'input', properties: { operationId: '1', to: 'sip:bob@contoso.com' } });
    expect(lintResource(input).map((f) => f.kind)).toEqual(['input-not-checked']);
  });
});

describe('guessRel', () => {
  it('ranks participant first for a participant without its rel', () => {
    const guesses = guessRel(makeResource({ ...participant({ role: 'Attendee' }), rel: null }));
    expect(guesses[0]).toMatchObject({ rel: 'participant', matched: 6, carried: 6 });
    expect(guesses[0]?.score).toBeGreaterThan(guesses[1]?.score ?? 0);
  });

  it('ranks conversation first for a conversation without its rel', () => {
    const guesses = guessRel(makeResource({ ...conversation(), rel: null }));
    expect(guesses[0]?.rel).toBe('conversation');
    expect(guesses[0]?.score).toBeGreaterThan(0.5);
    expect(guesses[1]?.score ?? 0).toBeLessThan(guesses[0]?.score ?? 0);
  });

  it('never offers a relationship-only rel such as localParticipant or organizer', () => {
    const guesses = guessRel(makeResource({ ...participant(), rel: null }), 50);
    expect(guesses.map((g) => g.rel)).not.toContain('localParticipant');
    expect(guesses.map((g) => g.rel)).not.toContain('organizer');
  });

  it('returns at most the number asked for, and nothing for an empty resource', () => {
    expect(guessRel(makeResource({ ...conversation(), rel: null }), 2)).toHaveLength(2);
    expect(guessRel(makeResource({ href: '/x' }))).toEqual([]);
  });
});

describe('lintEventBatch', () => {
  const conversationSender = { rel: 'conversation', href: CONV };
  const participantLink = { rel: 'participant', href: `${CONV}/participants/2` };

  it('finds nothing in documented events', () => {
    const batch = makeEventBatch([
      { sender: conversationSender, type: 'added', link: participantLink, in: { rel: 'typingParticipants', href: `${CONV}/typing` } },
      { sender: { rel: 'communication', href: '/c' }, type: 'updated', link: { rel: 'conversation', href: CONV }, embedded: { conversation: [conversation()] } },
    ]);
    expect(lintEventBatch(batch)).toEqual([]);
  });

  it('lists undocumented event types, unexpected senders and what embedded resources carry', () => {
    const batch = makeEventBatch([
      { sender: conversationSender, type: 'teleported', link: participantLink },
      { sender: { rel: 'communication', href: '/c' }, type: 'started', link: { rel: 'message', href: `${CONV}/messages/1` } },
      {
        sender: conversationSender,
        type: 'completed',
        link: { rel: 'messagingInvitation', href: '/inv/1' },
        embedded: { messagingInvitation: [makeResource({ rel: 'messagingInvitation', href: '/inv/1', properties: { vibe: 'good' } })] },
      },
    ]);
    expect(lintEventBatch(batch).map(({ kind, name, where, rel }) => ({ kind, name, where, rel }))).toEqual([
      { kind: 'undocumented-event', name: 'participant teleported', where: 'events[0]', rel: 'participant' },
      { kind: 'undocumented-sender', name: 'communication', where: 'events[1]', rel: 'message' },
      { kind: 'undocumented-sender', name: 'conversation', where: 'events[2]', rel: 'messagingInvitation' },
      { kind: 'undocumented-property', name: 'vibe', where: 'events[2].embedded.messagingInvitation[0]', rel: 'messagingInvitation' },
    ]);
    expect(lintEventBatch(batch)[1]?.message).toBe(
      'event "message started" at events[1] arrives from sender "communication", but the reference documents it from conversation',
    );
  });
});

describe('lint on what real servers add beyond the reference', () => {
  const APP = '/ucwa/oauth/v1/applications/103';
  const onlineApplication = makeResource({
    rel: 'application',
    href: APP,
    properties: { culture: 'en-US', userAgent: 'ExampleClient/1.0', type: 'Browser', endpointId: 'ep-1', instanceId: 'inst-1', expires: '2024-05-02T10:00:00Z' },
    links: { policies: `${APP}/policies`, batch: `${APP}/batch`, events: `${APP}/events?ack=1` },
  });

  it('reports the expires property Skype for Business Online puts on application as information, not a finding', () => {
    const findings = lintResource(onlineApplication);
    expect(findings.map(({ kind, severity, name, knownFrom }) => ({ kind, severity, name, knownFrom }))).toEqual([
      { kind: 'undocumented-property', severity: 'info', name: 'expires', knownFrom: 'Skype for Business Online' },
    ]);
    expect(findings[0]?.message).toBe(
      'application carries property "expires", which the reference does not document for application; Skype for Business Online sends it (information, not a finding)',
    );
  });

  it('still reports an unexplained extra on the same resource as a finding', () => {
    const findings = lintResource(makeResource({ ...onlineApplication, properties: { ...onlineApplication.properties, mood: 'calm' } }));
    expect(findings.map((f) => [f.name, f.severity])).toEqual([
      ['expires', 'info'],
      ['mood', 'finding'],
    ]);
  });

  it('reports expires on a resource other than application as a finding', () => {
    expect(lintResource(conversation({ properties: { expires: 'soon' } })).map((f) => [f.name, f.severity])).toEqual([['expires', 'finding']]);
  });
});

describe('guessRel with the self href', () => {
  const discovery = (self: string) =>
    makeResource({ href: self, links: { user: 'https://lyncweb.contoso.example/Autodiscover/AutodiscoverService.svc/root/oauth/user', xframe: 'https://lyncweb.contoso.example/Autodiscover/XFrame/XFrame.html' } });

  it('calls a lyncdiscover answer whose self ends in /root a root, though its links fit a redirect as well', () => {
    const guesses = guessRel(discovery('https://lyncdiscover.contoso.example/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.example'));
    expect(guesses[0]).toMatchObject({ rel: 'root', namedBySelf: true });
    expect(guesses.map((g) => g.rel)).toContain('redirect');
    expect(lintResource(discovery('https://lyncdiscover.contoso.example/Autodiscover/AutodiscoverService.svc/root'))[0]?.message).toMatch(/^resource has no rel; it fits best: root /);
  });

  it('ranks by the names carried when the self href names no documented type', () => {
    const guesses = guessRel(discovery('https://lyncdiscover.contoso.example/Autodiscover/AutodiscoverService.svc/discover'));
    expect(guesses[0]?.rel).toBe('redirect');
    expect(guesses.some((g) => g.namedBySelf)).toBe(false);
  });

  it('names the type from the self href alone when the resource carries nothing else', () => {
    expect(guessRel(makeResource({ href: 'https://lyncdiscover.contoso.example/Autodiscover/AutodiscoverService.svc/root/' }))).toEqual([
      { rel: 'root', score: 0, matched: 0, carried: 0, namedBySelf: true },
    ]);
  });
});
