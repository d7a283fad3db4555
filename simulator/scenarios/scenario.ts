/**
 * A scenario: what remote parties do (the server runs it) and what the local user does (a client
 * runs it with `runScenario`), plus what the conversation must look like at the end, so a test
 * can hold a client to it. Plain data: the same scenario and seed give the same run.
 */

/** What remote parties do, in order; each step waits for the one before. */
export type RemoteStep =
  /** Wait until the local user has made themself available (makeMeAvailable). */
  | { readonly wait: 'available' }
  /** Wait until the local user accepted the invitation of the current conversation. */
  | { readonly wait: 'accepted' }
  /** Wait until the local user sent a message in the current conversation (with this text, when given). */
  | { readonly wait: 'message'; readonly text?: string }
  /** Wait until the local user subscribed to someone's presence. */
  | { readonly wait: 'subscribed' }
  /** Wait until the local user read `of`'s presence (GET contactPresence). */
  | { readonly wait: 'presenceRead'; readonly of: string }
  /** Wait until the local user joined a meeting with IM; that meeting's conversation becomes the current one. */
  | { readonly wait: 'joinedMeeting' }
  /** Wait this many (scaled) milliseconds. */
  | { readonly wait: 'ms'; readonly ms: number }
  /** `from` invites the local user; the invitation's conversation becomes the current one. */
  | { readonly do: 'invite'; readonly from: string; readonly subject: string; readonly text: string; readonly others?: readonly string[]; readonly missAfterMs?: number }
  /** `from` calls the local user (audio/video, an SDP offer); the call's conversation becomes the current one. */
  | { readonly do: 'call'; readonly from: string; readonly subject: string; readonly missAfterMs?: number }
  /** `who` comes into the current conversation, a meeting the local user joined (and into its IM). */
  | { readonly do: 'enterMeeting'; readonly who: string }
  | { readonly do: 'type'; readonly who: string; readonly ms: number }
  | { readonly do: 'say'; readonly who: string; readonly text: string; readonly html?: boolean }
  | { readonly do: 'leave'; readonly who: string }
  /** `who` (not signed in) shows this availability: Away, then Online again, say. */
  | { readonly do: 'presence'; readonly who: string; readonly availability: 'Online' | 'Busy' | 'DoNotDisturb' | 'BeRightBack' | 'Away' | 'Offline' };

/** What the local user does; the current conversation is the last one started or accepted. */
export type LocalStep =
  | { readonly do: 'startConversation'; readonly to: string; readonly subject?: string; readonly message?: string }
  | { readonly do: 'send'; readonly text: string; readonly html?: boolean }
  | { readonly do: 'setTyping' }
  | { readonly do: 'waitForMessage'; readonly from: string; readonly text: string }
  | { readonly do: 'acceptIncoming'; readonly from: string }
  | { readonly do: 'declineIncoming'; readonly from: string }
  /** Leave the invitation from `from` unanswered until it becomes a missed item. */
  | { readonly do: 'ignoreIncoming'; readonly from: string }
  | { readonly do: 'waitForParticipantLeft'; readonly who: string }
  | { readonly do: 'waitForMissedItems'; readonly count: number }
  | { readonly do: 'leave' }
  /** Call `to` (startAudioVideo with an SDP offer) and wait until audioVideo is Connected. */
  | { readonly do: 'call'; readonly to: string; readonly subject?: string }
  /** End the current call (stopAudioVideo) and wait until audioVideo is Disconnected. */
  | { readonly do: 'hangUp' }
  | { readonly do: 'answerCall'; readonly from: string }
  | { readonly do: 'declineCall'; readonly from: string }
  | { readonly do: 'subscribePresence'; readonly to: readonly string[] }
  /** Wait for a contactPresence event about `who` after which their presence reads `availability`. */
  | { readonly do: 'waitForPresence'; readonly who: string; readonly availability: string }
  /** Read these contacts' presence in one batch request. */
  | { readonly do: 'batchPresence'; readonly of: readonly string[] }
  /** Leave the call from `from` unanswered until it becomes a missed item. */
  | { readonly do: 'ignoreCall'; readonly from: string }
  /** Wait until the current call's audioVideo is `state` (the other end hung up, say). */
  | { readonly do: 'waitForCallState'; readonly state: 'Connected' | 'Disconnected' }
  /** Put the current call on hold (a sendonly renegotiation) and wait until its session is Suspended. */
  | { readonly do: 'holdCall' }
  /** Resume the current call (resumeAudioVideo) and wait until its session is Established. */
  | { readonly do: 'resumeCall' }
  /** Wait until the current call's audioVideoSession is `state` (the other end held or resumed it). */
  | { readonly do: 'waitForSession'; readonly state: 'Established' | 'Suspended' }
  /** Read conversationLogs, each log, its recipients and every page of its transcripts; they must be as `expect` says, newest first. */
  | { readonly do: 'readConversationLogs'; readonly expect: readonly ExpectedLog[] }
  /** markAsRead on the newest log that offers it (a missed one). */
  | { readonly do: 'markMissedRead' }
  /** Read missedItems; these counts must be as given. */
  | { readonly do: 'readMissedItems'; readonly expect: Readonly<Record<string, number>> }
  /** Schedule an online meeting (myOnlineMeetings) and find it listed; it becomes the current meeting. */
  | { readonly do: 'scheduleMeeting'; readonly subject: string; readonly attendees: readonly string[] }
  /** Read the current meeting, then change it (PUT with If-Match: the ETag just read). */
  | { readonly do: 'updateMeeting'; readonly subject?: string; readonly attendees?: readonly string[] }
  /** Join the current meeting (joinOnlineMeeting) and start IM in it (addMessaging); its conversation becomes the current one. */
  | { readonly do: 'joinMeeting' }
  /** Delete the current meeting (DELETE myOnlineMeeting). */
  | { readonly do: 'deleteMeeting' };

/** A conversation log as the local user reads it. */
export interface ExpectedLog {
  readonly status: 'Archived' | 'Missed';
  readonly type: 'MessageLog' | 'AudioLog';
  readonly direction: 'Incoming' | 'Outgoing';
  readonly recipients: readonly string[];
  /** The transcripts' message texts, in order. */
  readonly messages: readonly string[];
  /** How many transcript pages the messages came in. */
  readonly pages: number;
}

export interface ExpectedMessage {
  /** `local` for the signed-in user, else the sender's address. */
  readonly from: string;
  readonly text: string;
}

export interface ExpectedConversation {
  readonly direction: 'Incoming' | 'Outgoing';
  /** Remote parties who took part, by address. */
  readonly participants: readonly string[];
  /** Remote parties who left before the local user did. */
  readonly left: readonly string[];
  /** Remote parties seen typing at least once. */
  readonly typing: readonly string[];
  readonly messages: readonly ExpectedMessage[];
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** The user the client signs in as. */
  readonly user: string;
  /**
   * A second signed-in user, played by a second client beside the first (live only: a replay of
   * the first user's recording has no peer). Their steps run alongside the user's.
   */
  readonly peer?: { readonly user: string; readonly local: readonly LocalStep[] };
  readonly remote: readonly RemoteStep[];
  readonly local: readonly LocalStep[];
  readonly expect: {
    /** Answered conversations in the order they started. */
    readonly conversations: readonly ExpectedConversation[];
    readonly missedConversations: number;
  };
}
