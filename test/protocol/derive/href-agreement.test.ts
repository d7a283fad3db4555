import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveExchange } from '../../../protocol/derive/derive-exchange.ts';
import { HrefIndex, hrefPath } from '../../../protocol/derive/href-index.ts';
import { foldTimeline, timelineInputs } from '../../../protocol/timeline/index.ts';
import { readFixtureFile } from '../../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../../storage/recording-store.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-href-agreement-');
afterAll(() => tmp.cleanup());

const recordingsDir = fileURLToPath(new URL('../../../recordings/', import.meta.url));
const recordings = readdirSync(recordingsDir).filter((name) => name.endsWith('.json'));

const path = (href: string | null): string | null => (href === null ? null : hrefPath(href));

/** Href path → conversation path, for every href the index attributes to a conversation. */
function conversations(index: HrefIndex): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const [href, facts] of index.known()) map.set(path(href) as string, path(facts.conversation));
  return map;
}

describe('derivation and the timeline attribute hrefs alike', () => {
  it.each(recordings)('puts every href of %s in the same conversation, folded from raw bytes or stored inputs', (name) => {
    const store = RecordingStore.open(tmp.path(`${name}.db`), { create: true });
    try {
      const sessionId = store.importSession(readFixtureFile(`${recordingsDir}${name}`)).id;
      const derived = new HrefIndex();
      for (const ref of store.iterateExchanges(sessionId)) deriveExchange(ref, derived);
      const byDerivation = conversations(derived);
      const folds = [foldTimeline(timelineInputs(store.iterateExchanges(sessionId))), foldTimeline(store.timelineInputs(sessionId))];
      for (const fold of folds) {
        const byTimeline = conversations(fold.hrefs);
        let inConversations = 0;
        for (const [href, conversation] of byTimeline) {
          // The timeline learns only the links it reads; each one it knows, derivation knows too.
          expect(byDerivation.has(href), `${href} is unknown to derivation`).toBe(true);
          expect({ href, conversation }).toEqual({ href, conversation: byDerivation.get(href) });
          if (conversation !== null) inConversations++;
        }
        const conversationCount = fold.timeline.conversations.length;
        expect(inConversations > 0).toBe(conversationCount > 0);
      }
    } finally {
      store.close();
    }
  });
});
