import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSessions, type DriftFinding, type DriftReport } from '../../../replay/drift/index.ts';
import { readImportFile } from '../../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../../storage/recording-store.ts';
import { editRequestText, editResponseJson, exchangeAt, readFixtureJson, writeFixtureJson } from '../../support/edit-fixture.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const recording = (name: string) => new URL(`../../../recordings/${name}.json`, import.meta.url).pathname;
const tmp = makeTempDir('ucwa-drift-');
afterAll(() => tmp.cleanup());

// outgoing-chat-json.json, by seq (a file's exchange ids are seq + 1): 4 POST applications,
// 6 makeMeAvailable, 7 POST messagingInvitations, 9 the event batch completing message op-2,
// 11 POST messages "Hello echo", 19 DELETE the conversation.
let before: string;
let after: string;
beforeAll(() => {
  const a = readFixtureJson(recording('outgoing-chat-json'));
  editResponseJson(a, 4, (app) => {
    app['a0a0a0a0-1111-4222-8333-444455556666'] = 'please pass this in a PUT request';
    app['lastSeen'] = '/Date(1795401400000)/';
    app['etag'] = '"111"';
  });
  before = writeFixtureJson(tmp.path('before.json'), a);

  const b = readFixtureJson(recording('outgoing-chat-json'));
  const invitation = exchangeAt(b, 7).response;
  if (invitation) Object.assign(invitation, { status: 403, statusText: 'Forbidden' });
  editResponseJson(b, 4, (app) => {
    app['culture'] = 'fr-FR';
    app['newFlag'] = true;
    delete app['type'];
    // Volatile: a new id, new hrefs, another date and etag are not drift.
    app['id'] = 'f00d';
    app['lastSeen'] = '/Date(1795409999999)/';
    app['etag'] = '"222"';
    app['0f0f0f0f-1111-4222-8333-444455556666'] = 'please pass this in a PUT request';
    (app['_links'] as Record<string, { href: string }>)['batch'] = { href: '/ucwa/oauth/v1/applications/47132b924/batch' };
    const embedded = app['_embedded'] as Record<string, { _links: Record<string, { href: string }> }>;
    if (embedded['people']) embedded['people']._links['self'] = { href: '/ucwa/oauth/v1/applications/f00d/people' };
    if (embedded['communication']) delete embedded['communication']._links['missedItems'];
  });
  editResponseJson(b, 9, (batch) => {
    const sender = (batch['sender'] as { events: unknown[] }[])[0];
    if (sender) sender.events = [{ link: { rel: 'participant', href: '/ucwa/oauth/v1/applications/47132b924/communication/conversations/138/participants/140' }, in: { rel: 'typingParticipants', href: '/ucwa/oauth/v1/applications/47132b924/communication/conversations/138/typingParticipants' }, type: 'added' }];
  });
  editRequestText(b, 11, 'Hallo echo');
  const makeMeAvailable = exchangeAt(b, 6).timings;
  Object.assign(makeMeAvailable, { firstByteMs: 599, endedMs: 600 });
  b.exchanges = b.exchanges.filter((e) => e.seq !== 19);
  after = writeFixtureJson(tmp.path('after.json'), b);
});

function only<K extends DriftFinding['kind']>(report: DriftReport, kind: K): Extract<DriftFinding, { kind: K }>[] {
  return report.findings.filter((f): f is Extract<DriftFinding, { kind: K }> => f.kind === kind);
}

describe('diffSessions', () => {
  it('finds no drift between a recording and itself', () => {
    const report = diffSessions({ file: recording('outgoing-chat-json') }, { file: recording('outgoing-chat-json') });
    expect(report.findings).toEqual([]);
    expect(report.matched).toBe(12);
  });

  it('compares bodies by meaning: the JSON and XML recordings of one scenario do not drift', () => {
    expect(diffSessions({ file: recording('incoming-chat-json') }, { file: recording('incoming-chat-xml') }).findings).toEqual([]);
  });

  it('reports a changed status with both exchanges, first', () => {
    const report = diffSessions({ file: before }, { file: after });
    expect(report.findings[0]).toMatchObject({ kind: 'status', statusA: 201, statusB: 403, a: { id: 8, seq: 7 }, b: { id: 8, seq: 7 } });
    expect(report.findings[0]?.kind === 'status' && report.findings[0].a.request).toMatch(/^POST \/ucwa\/.*\/messagingInvitations \(startMessaging\)$/);
  });

  it('reports properties changed, added and removed and link rels added and removed, but not ids, hrefs, dates, etags or PUT sentinels', () => {
    const [body, ...more] = only(diffSessions({ file: before }, { file: after }), 'body');
    expect(more).toEqual([]);
    expect(body).toMatchObject({ a: { id: 5 }, b: { id: 5 } });
    expect(body?.changes).toEqual(
      expect.arrayContaining([
        { change: 'changed', field: 'property culture', a: '"en-US"', b: '"fr-FR"' },
        { change: 'added', field: 'property newFlag', a: null, b: 'true' },
        { change: 'removed', field: 'property type', a: '"Browser"', b: null },
        { change: 'added', field: 'link batch', a: null, b: '1' },
        { change: 'removed', field: 'embedded communication[0] link missedItems', a: '1', b: null },
      ]),
    );
    expect(body?.changes).toHaveLength(5);
  });

  it('leaves out what --ignore-field names', () => {
    const [body] = only(diffSessions({ file: before }, { file: after }, { ignore: ['culture', 'missedItems'] }), 'body');
    expect(body?.changes.map((c) => c.field)).toEqual(['property type', 'property newFlag', 'link batch']);
  });

  it("reports events only in A and only in B per conversation, with the batches' exchange ids", () => {
    const [events, ...more] = only(diffSessions({ file: before }, { file: after }), 'events');
    expect(more).toEqual([]);
    expect(events?.conversation).toMatchObject({ place: 1, hrefA: expect.stringMatching(/\/conversations\/138$/) });
    expect(events?.onlyInA).toEqual([{ text: 'completed message Success', sender: 'conversation', exchangeId: 10 }]);
    expect(events?.onlyInB).toEqual([{ text: 'added participant in typingParticipants', sender: 'conversation', exchangeId: 10 }]);
  });

  it('pairs a request whose body changed and says what differs; a dropped request is only in A', () => {
    const report = diffSessions({ file: before }, { file: after });
    const [changed] = only(report, 'request-changed');
    expect(changed).toMatchObject({ a: { id: 12 }, b: { id: 12 } });
    expect(changed?.differences).toEqual(['body text: "Hallo echo" (in A "Hello echo")']);
    expect(only(report, 'only-in-a').map((f) => [f.a.id, f.a.request])).toEqual([[20, expect.stringMatching(/^DELETE .*\/conversations\/138 /)]]);
    expect(only(report, 'only-in-b')).toEqual([]);
  });

  it('reports an exchange slower beyond --slower-than, and timing not at all without it', () => {
    expect(only(diffSessions({ file: before }, { file: after }), 'timing')).toEqual([]);
    const [slower, ...more] = only(diffSessions({ file: before }, { file: after }, { slowerThan: 2 }), 'timing');
    expect(more).toEqual([]);
    expect(slower).toMatchObject({ a: { id: 7 }, b: { id: 7 }, durationMsB: 600 });
    expect(slower?.ratio).toBeGreaterThan(2);
    expect(only(diffSessions({ file: after }, { file: before }, { slowerThan: 2 }), 'timing')).toEqual([]);
  });

  it('lists requests of a different scenario as only in one side', () => {
    const report = diffSessions({ file: recording('outgoing-chat-json') }, { file: recording('incoming-chat-json') });
    expect(only(report, 'only-in-a').map((f) => f.a.request)).toContainEqual(expect.stringMatching(/^POST .*\/messagingInvitations \(startMessaging\)$/));
    expect(only(report, 'only-in-b').map((f) => f.b.request)).toContainEqual(expect.stringMatching(/^POST .*\/accept \(accept\)$/));
  });

  it('reads a side from a session of a recording, naming its exchanges by their ids there', () => {
    const db = tmp.path('after.db');
    const store = RecordingStore.open(db, { create: true });
    store.importSession(readImportFile(recording('incoming-chat-json')).session);
    store.importSession(readImportFile(after).session);
    store.close();
    const report = diffSessions({ file: before }, { db, session: '2' });
    expect(report.b.label).toBe('after.db session 2');
    const offset = readFixtureJson(recording('incoming-chat-json')).exchanges.length;
    expect(report.findings[0]).toMatchObject({ kind: 'status', a: { id: 8 }, b: { id: 8 + offset } });
  });
});
