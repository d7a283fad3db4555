import { copyFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer } from '../inspector-ui/server/index.ts';
import { OptionError, parseHttpUrl } from '../protocol/option-error.ts';
import { startRecordingProxy } from '../proxy/index.ts';
import { startReplay } from '../replay/index.ts';
import { startSimulator } from '../simulator/index.ts';
import { RecordingStore } from '../storage/recording-store.ts';
import { makeTempDir } from './support/temp-dir.ts';

const tmp = makeTempDir('ucwa-library-options-');
const fixture = tmp.path('chat.json');
let store: RecordingStore;
let taken: Server;
let takenPort = 0;

beforeAll(async () => {
  copyFileSync(fileURLToPath(new URL('../recordings/outgoing-chat-json.json', import.meta.url)), fixture);
  store = RecordingStore.open(tmp.path('proxy.db'), { create: true });
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as AddressInfo).port;
});

afterAll(async () => {
  store.close();
  await new Promise((resolve) => taken.close(resolve));
  tmp.cleanup();
});

/** The rejection, which must be an OptionError naming `option` and showing the value. */
async function optionError(start: Promise<unknown>, option: string, value: string): Promise<OptionError> {
  const error = await start.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OptionError);
  const typed = error as OptionError;
  expect(typed.option).toBe(option);
  expect(typed.message.startsWith(`${option}: `), typed.message).toBe(true);
  expect(typed.message).toContain(value);
  expect(typed.message).not.toContain('\n');
  return typed;
}

describe('library options', () => {
  it('startReplay refuses a fallback that is not an http(s) URL, or one with a fixture', async () => {
    expect((await optionError(startReplay({ fixture, fallback: 'notaurl' }), 'fallback', '"notaurl"')).message).toMatch(/is not an absolute URL; give one with its scheme/);
    await optionError(startReplay({ fixture, fallback: 'file:///etc/passwd' }), 'fallback', 'file:///etc/passwd');
    expect((await optionError(startReplay({ fixture, fallback: 'https://lyncweb.contoso.com' }), 'fallback', 'lyncweb')).message).toMatch(/replay a --db session, not a fixture/);
  });

  it('startReplay refuses a port out of range and a pace it does not know', async () => {
    await optionError(startReplay({ fixture, port: 65536 }), 'port', '65536');
    await optionError(startReplay({ fixture, pace: 'slow' as 'instant' }), 'pace', '"slow"');
  });

  it('startRecordingProxy refuses an upstream that is not an http(s) URL, before starting a session', async () => {
    await optionError(startRecordingProxy({ store, upstream: 'lyncweb.contoso.com', caDir: tmp.path('ca') }), 'upstream', 'lyncweb.contoso.com');
    expect((await optionError(startRecordingProxy({ store, upstream: 'ftp://lyncweb.contoso.com', caDir: tmp.path('ca') }), 'upstream', 'ftp:')).message).toMatch(/uses the ftp: scheme/);
    await optionError(startRecordingProxy({ store, port: -1, caDir: tmp.path('ca') }), 'port', '-1');
    expect(store.listSessions()).toEqual([]);
  });

  it('startRecordingProxy rejects when its port is taken, instead of waiting forever', async () => {
    await expect(startRecordingProxy({ store, port: takenPort, caDir: tmp.path('ca'), writerThread: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('startSimulator refuses an unknown scenario, a port out of range, a time scale of zero, a public URL that is not an origin and an unknown discovery mode', async () => {
    expect((await optionError(startSimulator({ scenario: 'tea-party' }), 'scenario', '"tea-party"')).message).toMatch(/choose one of .*incoming-chat/);
    await optionError(startSimulator({ port: 1.5 }), 'port', '1.5');
    await optionError(startSimulator({ timeScale: 0 }), 'timeScale', '0');
    await optionError(startSimulator({ publicUrl: 'lyncweb.contoso.com' }), 'publicUrl', '"lyncweb.contoso.com"');
    await optionError(startSimulator({ publicUrl: 'https://lyncweb.contoso.com/ucwa' }), 'publicUrl', '/ucwa');
    await optionError(startSimulator({ discovery: 'sideways' as 'direct' }), 'discovery', '"sideways"');
  });

  it('startInspectorServer refuses a port out of range', async () => {
    await optionError(startInspectorServer({ store, port: 100_000 }), 'port', '100000');
  });

  it('parseHttpUrl accepts absolute http and https URLs only', () => {
    expect(parseHttpUrl('https://lyncweb.contoso.com/Autodiscover')).toMatchObject({ ok: true });
    expect(parseHttpUrl('http://127.0.0.1:4000/')).toMatchObject({ ok: true });
    expect(parseHttpUrl('/ucwa/v1/applications')).toMatchObject({ ok: false });
    expect(parseHttpUrl('ws://127.0.0.1/')).toMatchObject({ ok: false, problem: expect.stringMatching(/ws: scheme/) });
  });
});
