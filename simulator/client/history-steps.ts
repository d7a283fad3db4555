/**
 * The scenario steps about a call's hold and the user's history (hold, resume, the session state,
 * conversation logs, missed items), played with the client's call-hold and conversation-log
 * modules; a history that differs from the scenario's expectation fails the step, saying how.
 */
import type { ExpectedLog, LocalStep } from '../scenarios/scenario.ts';
import { holdCall, resumeCall } from './call-hold.ts';
import { markLogRead, readConversationLogs, readMissedItems, type SeenLog } from './conversation-log-reader.ts';
import { UcwaClientError, type UcwaClient } from './ucwa-client.ts';

type HistoryStep = Extract<LocalStep, { do: 'holdCall' | 'resumeCall' | 'waitForSession' | 'readConversationLogs' | 'markMissedRead' | 'readMissedItems' }>;

export function isHistoryStep(step: LocalStep): step is HistoryStep {
  return ['holdCall', 'resumeCall', 'waitForSession', 'readConversationLogs', 'markMissedRead', 'readMissedItems'].includes(step.do);
}

/** Per client and conversation, how many session states a waitForSession step already went past. */
const sessionReportsRead = new WeakMap<UcwaClient, Map<string, number>>();

/**
 * Waits until the session reports `state` after the states earlier steps waited for: a hold and
 * resume at the other end may arrive in one batch, so the last state alone would miss the hold.
 */
async function waitForSessionReport(client: UcwaClient, href: string, state: string, timeoutMs: number): Promise<void> {
  const read = sessionReportsRead.get(client) ?? new Map<string, number>();
  sessionReportsRead.set(client, read);
  const from = read.get(href) ?? 0;
  const index = await client.waitFor(() => {
    const at = client.seen.conversation(href).sessionStates.indexOf(state, from);
    return at >= 0 ? at + 1 : undefined;
  }, `the call in ${href} to be ${state}`, timeoutMs);
  read.set(href, index);
}

function asExpected(log: SeenLog): ExpectedLog {
  return {
    status: log.status as ExpectedLog['status'],
    type: log.type as ExpectedLog['type'],
    direction: log.direction as ExpectedLog['direction'],
    recipients: log.recipients,
    messages: log.transcripts.flatMap((t) => (t.text === null ? [] : [t.text])),
    pages: log.transcriptPages,
  };
}

/** `current` is the conversation of the step, `sdp` what this end offers when it renegotiates. */
export async function playHistoryStep(client: UcwaClient, step: HistoryStep, current: () => string, sdp: () => string, timeoutMs: number): Promise<void> {
  switch (step.do) {
    case 'holdCall':
      return holdCall(client, current(), sdp(), timeoutMs);
    case 'resumeCall':
      return resumeCall(client, current(), sdp(), timeoutMs);
    case 'waitForSession':
      return waitForSessionReport(client, current(), step.state, timeoutMs);
    case 'readConversationLogs': {
      const seen = (await readConversationLogs(client)).map(asExpected);
      if (JSON.stringify(seen) !== JSON.stringify(step.expect)) throw new UcwaClientError(`the conversation logs read ${JSON.stringify(seen)}, not ${JSON.stringify(step.expect)}`);
      return;
    }
    case 'markMissedRead': {
      const unread = (await readConversationLogs(client)).find((log) => log.unread);
      if (!unread) throw new UcwaClientError('no conversation log offers markAsRead');
      return markLogRead(client, unread.href);
    }
    case 'readMissedItems': {
      const counts = await readMissedItems(client);
      const wrong = Object.entries(step.expect).filter(([name, value]) => counts[name] !== value);
      if (wrong.length > 0) throw new UcwaClientError(`missedItems reads ${wrong.map(([name]) => `${name} ${counts[name] ?? 'absent'}`).join(', ')}; expected ${wrong.map(([name, value]) => `${name} ${value}`).join(', ')}`);
      return;
    }
  }
}
