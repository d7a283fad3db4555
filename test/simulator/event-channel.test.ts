import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { signIn } from '../support/sim-http.ts';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

interface Batch {
  _links: { self: { href: string }; next?: { href: string }; resync?: { href: string } };
  sender?: { rel: string; events: { type: string; link: { rel: string; href: string } }[] }[];
}

const parse = (text: string) => JSON.parse(text) as Batch;
const eventsOf = (batch: Batch) => (batch.sender ?? []).flatMap((s) => s.events.map((e) => `${e.link.rel} ${e.type}`));

describe('the event channel', () => {
  it('holds a poll until its timeout and answers an empty batch with next', async () => {
    sim = await startSimulator({ timeScale: 0.002 }); // 180 s → 0.36 s
    const app = await signIn(sim);
    const started = Date.now();
    const first = await app.request('GET', app.eventsHref);
    expect(first.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const batch = parse(first.text);
    expect(batch._links.self.href).toMatch(/events\?ack=1$/);
    expect(batch._links.next?.href).toMatch(/events\?ack=2$/);
    expect(batch.sender).toBeUndefined();
  });

  it('delivers events as they happen, each batch once and in order, and re-sends an unacknowledged batch', async () => {
    sim = await startSimulator({ timeScale: 0.01 });
    const app = await signIn(sim);
    const me = app.application._embedded['me'] as { _links: Record<string, { href: string }> };
    expect((await app.request('POST', (me._links['makeMeAvailable'] as { href: string }).href, { body: '{}', contentType: 'application/json' })).status).toBe(204);
    const first = parse((await app.request('GET', app.eventsHref)).text);
    expect(eventsOf(first)).toEqual(['me updated', 'presence added', 'note added', 'location added']);
    // Asking for the same ack again (a lost response) gets the same batch, not a new one.
    expect(parse((await app.request('GET', first._links.self.href)).text)).toEqual(first);
    const communication = app.application._embedded['communication'] as { _links: Record<string, { href: string }> };
    const start = await app.request('POST', (communication._links['startMessaging'] as { href: string }).href, { body: JSON.stringify({ to: 'sip:echo@contoso.com', operationId: 'abc' }), contentType: 'application/json' });
    expect(start.status).toBe(201);
    const seen: string[] = [];
    let next = first._links.next?.href as string;
    while (!seen.includes('messagingInvitation completed')) {
      const batch = parse((await app.request('GET', next)).text);
      seen.push(...eventsOf(batch));
      next = batch._links.next?.href as string;
    }
    // Whether the start and the connection share a batch depends on timing; within each sender the order holds.
    expect(seen.slice(0, 2)).toEqual(['messagingInvitation started', 'conversation added']);
    expect(seen.filter((e) => e === 'localParticipant added' || e === 'messaging updated').slice(0, 2)).toEqual(['localParticipant added', 'messaging updated']);
    expect(seen.filter((e) => e === 'messagingInvitation started')).toHaveLength(1);
  });

  it('answers a wrong or stale ack with only a resync link to the unacknowledged batch', async () => {
    sim = await startSimulator({ timeScale: 0.002 });
    const app = await signIn(sim);
    const first = parse((await app.request('GET', app.eventsHref)).text);
    const wrong = await app.request('GET', app.eventsHref.replace('ack=1', 'ack=7'));
    expect(wrong.status).toBe(200);
    const batch = parse(wrong.text);
    expect(batch._links.next).toBeUndefined();
    expect(batch._links.resync?.href).toBe(first._links.self.href);
    // Following next acknowledges batch 1 (and, after its timeout, delivers batch 2): ack=1 is then stale.
    const second = parse((await app.request('GET', first._links.next?.href as string)).text);
    const stale = parse((await app.request('GET', first._links.self.href)).text);
    expect(stale._links.resync?.href).toBe(second._links.self.href);
  });

  it('releases a pending poll with 409 PGetReplaced when a second poll with the same ack arrives', async () => {
    sim = await startSimulator({ timeScale: 0.01 });
    const app = await signIn(sim);
    const firstPoll = app.request('GET', app.eventsHref);
    // The first poll is held 1.8 s (180 s scaled): 300 ms later it is surely pending.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const secondPoll = app.request('GET', app.eventsHref, { accept: 'application/xml' });
    const replaced = await firstPoll;
    expect(replaced.status).toBe(409);
    expect(JSON.parse(replaced.text)).toMatchObject({ code: 'Conflict', subcode: 'PGetReplaced' });
    expect((await secondPoll).status).toBe(200);
  });

  it('checks timeout, medium and low against their documented ranges and accepts them in range', async () => {
    sim = await startSimulator({ timeScale: 0.002 });
    const app = await signIn(sim);
    const tooShort = await app.request('GET', `${app.eventsHref}&timeout=10`);
    expect(tooShort.status).toBe(400);
    expect(JSON.parse(tooShort.text)).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    expect((await app.request('GET', `${app.eventsHref}&medium=4`)).status).toBe(400);
    expect((await app.request('GET', `${app.eventsHref}&timeout=180&medium=300&low=600&priority=1`)).status).toBe(200);
  });
});
