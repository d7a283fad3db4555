/** What each `demo` variant plays and says: the built-in scenario, the session's name, what to watch for, and how it ended. */
import type { ScenarioOutcome } from '../../simulator/index.ts';

export interface DemoVariant {
  readonly scenario: string;
  readonly sessionName: string;
  /** What alice does, after "alice@contoso.com signs in through the proxy and". */
  readonly doing: string;
  /** What to look at in the inspector while it runs, one line each. */
  readonly watch: readonly string[];
  done(outcome: ScenarioOutcome): string;
}

export const CHAT_DEMO: DemoVariant = {
  scenario: 'demo',
  sessionName: 'demo',
  doing: 'chats',
  watch: [
    'the session\'s exchanges fill in live (try the filter: rel:message, status:4xx, "Hello echo")',
    'click an event poll to see its events and how each resource changed; the timeline shows each conversation moment by moment',
  ],
  done: (outcome) => `conversation done: ${outcome.conversations.length} chats, ${outcome.missedConversations} missed invitation`,
};

export const BEYOND_IM_DEMO: DemoVariant = {
  scenario: 'beyond-im',
  sessionName: 'demo beyond IM',
  doing: 'goes beyond IM',
  watch: [
    'presence: a subscription to carol and bob, carol going Away and back (filter rel:contactPresence), then both read in one batch request (rel:batch: its parts are listed in the detail)',
    'a meeting: scheduled, updated with If-Match, joined with IM (rel:onlineMeetingInvitation); its timeline lane has a meeting band',
    'calls: bob\'s call declined, then a call to echo that connects and hangs up (rel:audioVideo, and the audioVideo.state band)',
  ],
  done: (outcome) => {
    const meetings = outcome.seen.filter((c) => c.links.has('onlineMeeting')).length;
    const connected = outcome.seen.filter((c) => c.audioVideoStates.includes('Connected')).length;
    return `done: presence watched and batched, ${meetings} meeting, a declined call and ${connected} connected call`;
  },
};
