// The parts of the timeline JSON (docs/timeline-format.md) the view reads.
import type { Cause } from '../../../protocol/timeline/timeline-types.ts';

export type { Cause };
export interface Change { atMs: number; cause: Cause; what: string; from?: unknown; to?: unknown; detail?: string }
// `label`, `timeStampMs` and the invitation's `fromName`/`subject` are newer fields: older documents lack them.
export interface Participant { href: string; uri: string | null; name: string | null; label?: string; local: boolean; joinedAtMs: number | null; leftAtMs: number | null }
export interface Message { atMs: number; direction: string; from: string | null; fromName: string | null; text: string | null; html: boolean; status: string | null; timeStampMs?: number | null; cause: Cause }
export interface InvitationOutcome { status: string; reason?: string; atMs: number; cause: Cause }
export interface InvitationAction { action: string; atMs: number; cause: Cause }
export interface Invitation { href: string; direction: string | null; from: string | null; fromName?: string | null; to: string | null; subject?: string | null; state: string | null; outcome: InvitationOutcome | null; actions: InvitationAction[] }
export interface Typing { who: string; fromMs: number; toMs: number | null; cause: Cause }
// `meeting` is present only for a conversation that is an online meeting (newer documents).
export interface Meeting { uri: string | null; subject: string | null; joinUrl: string | null; organizer: string | null; joinedAtMs: number; cause: Cause; leftAtMs: number | null; leftCause: Cause | null }
export interface Conversation { key: number; href: string; subject: string | null; direction: string | null; firstSeenAtMs: number; endedAtMs: number | null; properties: Record<string, unknown>; messagingState: string | null; participants: Participant[]; typing: Typing[]; messages: Message[]; invitations?: Invitation[]; changes: Change[]; meeting?: Meeting }
