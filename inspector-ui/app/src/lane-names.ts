// How a lane names people: the participant's `label` from the timeline ("you" for the local user)
// wherever a SIP URI appears (messages, typing, invitations), so one person reads the same everywhere.
import { readableName, sipUser } from '../../../protocol/timeline/participant-label.ts';
import type { Conversation } from './timeline-types.ts';

export type NameOf = (who: string | null | undefined, knownName?: string | null) => string;

const sameUri = (a: string, b: string): boolean => a.replace(/^sips?:/i, '').toLowerCase() === b.replace(/^sips?:/i, '').toLowerCase();

/** A namer for one conversation: its participants' labels first, then the name the traffic gave, then the URI's user part. */
export function namesOf(conv: Pick<Conversation, 'participants'>): NameOf {
  return (who, knownName) => {
    if (who === 'local') return 'you';
    const participant = who ? conv.participants.find((p) => (p.uri !== null && sameUri(p.uri, who)) || p.href === who) : undefined;
    if (participant) return participant.local ? 'you' : (participant.label ?? readableName(participant.name, participant.uri) ?? sipUser(who as string));
    return readableName(knownName, who) ?? 'someone';
  };
}
