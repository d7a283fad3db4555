import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import { lintDecodedBody } from '../../protocol/catalog/lint.ts';
import { signIn } from '../support/sim-http.ts';
import { useSimulatorClients } from '../support/simulator-clients.ts';

const sims = useSimulatorClients();

const CRLF = '\r\n';
function part(target: string, accept: string): string {
  return ['Content-Type: application/http; msgtype=request', '', `GET ${target} HTTP/1.1`, `Accept: ${accept}`, '', ''].join(CRLF);
}

describe('the simulator batch link', () => {
  it('answers each part as if sent alone, in order, under a fresh boundary in the request\'s style', async () => {
    const sim = await sims.start({ timeScale: 0.2 });
    const alice = await signIn(sim);
    const batchHref = alice.application._links['batch']?.href ?? '';
    expect(batchHref).toBe(`${alice.appHref}/batch`);
    const boundary = 'EA370946';
    const parts = [part(`${alice.appHref}/me`, 'application/vnd.microsoft.com.ucwa+json'), part(`${alice.appHref}/people/bob@contoso.com/presence`, 'application/vnd.microsoft.com.ucwa+xml'), part(`${alice.appHref}/people/nobody@contoso.com`, 'application/json')];
    const body = parts.map((p) => `--${boundary}${CRLF}${p}`).join(CRLF) + `${CRLF}--${boundary}--${CRLF}`;
    const answer = await alice.request('POST', batchHref, { body, contentType: `multipart/batching; boundary=${boundary}` });
    expect(answer.status).toBe(200);
    const type = answer.headers.get('content-type') ?? '';
    const fresh = /boundary=([^;]+)/.exec(type)?.[1] ?? '';
    expect(type).toMatch(/^multipart\/batching;/);
    expect(fresh).toMatch(/^[0-9A-F]{8}$/);
    expect(fresh).not.toBe(boundary);
    const decoded = decodeBody(new TextEncoder().encode(answer.text), { direction: 'response', status: 200, contentType: type });
    if (!decoded.ok || decoded.body.kind !== 'batch') throw new Error(`not a batch: ${JSON.stringify(decoded)}`);
    expect(decoded.warnings).toEqual([]);
    const [me, presence, nobody] = decoded.body.parts;
    expect([me?.status, presence?.status, nobody?.status]).toEqual([200, 200, 404]);
    if (!me?.body.ok || me.body.body.kind !== 'resource') throw new Error('part 1 is not a resource');
    expect(me.body.body.resource.properties['uri']).toBe('sip:alice@contoso.com');
    if (!presence?.body.ok || presence.body.body.kind !== 'resource') throw new Error('part 2 is not a resource');
    expect(presence.body.format).toBe('xml');
    expect(presence.body.body.resource.properties['availability']).toBe('Offline');
    expect(nobody?.body.ok && nobody.body.body.kind).toBe('error');
    expect(lintDecodedBody(decoded.body)).toEqual([]);
  });

  it('reads a batch of presence GETs through the client, lint clean, and refuses a body that is not multipart', async () => {
    const sim = await sims.start({ timeScale: 0.2 });
    const alice = sims.client('alice@contoso.com');
    const bob = sims.client('bob@contoso.com', 'xml');
    await alice.signIn();
    await bob.signIn();
    await bob.makeMeAvailable();
    const answers = await alice.batchGet(['people/bob@contoso.com/presence', 'people/carol@contoso.com/presence', 'people/bob@contoso.com/note'].map((p) => `${alice.applicationHref}/${p}`));
    expect(answers.map((a) => (a.body.kind === 'resource' ? [a.status, a.body.resource.rel, a.body.resource.properties['availability'] ?? null] : a.status))).toEqual([
      [200, 'contactPresence', 'Online'],
      [200, 'contactPresence', 'Offline'],
      [200, 'contactNote', null],
    ]);
    const raw = await signIn(sim, 'carol@contoso.com');
    const refused = await raw.request('POST', `${raw.appHref}/batch`, { body: '{}', contentType: 'application/json' });
    expect(refused.status).toBe(415);
    expect(refused.text).toContain('multipart/batching');
  });
});
