/** The built-in scenarios beyond IM: presence watched and batched, calls, conversation logs, online meetings, and all of them as `beyond-im`. */
import type { Scenario } from './scenario.ts';

export const presenceWatch: Scenario = {
  name: 'presence-watch',
  summary: 'alice subscribes to carol\'s and bob\'s presence; carol goes Away and comes back, and alice reads both presences in one batch',
  user: 'alice@contoso.com',
  // Carol comes back only once alice has read her Away: a loaded machine cannot make alice miss it.
  remote: [{ wait: 'subscribed' }, { wait: 'ms', ms: 300 }, { do: 'presence', who: 'carol@contoso.com', availability: 'Away' }, { wait: 'presenceRead', of: 'carol@contoso.com' }, { wait: 'ms', ms: 600 }, { do: 'presence', who: 'carol@contoso.com', availability: 'Online' }],
  local: [
    { do: 'subscribePresence', to: ['carol@contoso.com', 'bob@contoso.com'] },
    { do: 'waitForPresence', who: 'carol@contoso.com', availability: 'Away' },
    { do: 'waitForPresence', who: 'carol@contoso.com', availability: 'Online' },
    { do: 'batchPresence', of: ['carol@contoso.com', 'bob@contoso.com'] },
  ],
  expect: { conversations: [], missedConversations: 0 },
};

export const calls: Scenario = {
  name: 'calls',
  summary: 'alice calls echo (audio/video, SDP offered and answered), the call connects, she hangs up and leaves; then bob calls alice and she declines',
  user: 'alice@contoso.com',
  remote: [{ wait: 'available' }, { wait: 'ms', ms: 2500 }, { do: 'call', from: 'bob@contoso.com', subject: 'Quick call' }],
  local: [{ do: 'call', to: 'echo@contoso.com', subject: 'Sound check' }, { do: 'hangUp' }, { do: 'leave' }, { do: 'declineCall', from: 'bob@contoso.com' }],
  expect: {
    conversations: [{ direction: 'Outgoing', participants: ['sip:echo@contoso.com'], left: [], typing: [], messages: [] }],
    missedConversations: 0,
  },
};

export const callLogs: Scenario = {
  name: 'call-logs',
  summary:
    'carol calls alice, who lets it ring (a missed call); alice chats with echo and leaves; she calls bob, signed in as a second client, who answers; she holds and resumes the call, bob hangs up and both leave; alice reads her conversation logs with their transcripts, marks the missed call read and reads her missed items',
  user: 'alice@contoso.com',
  peer: {
    user: 'bob@contoso.com',
    local: [
      { do: 'answerCall', from: 'alice@contoso.com' },
      { do: 'waitForSession', state: 'Suspended' },
      { do: 'waitForSession', state: 'Established' },
      { do: 'hangUp' },
      { do: 'waitForParticipantLeft', who: 'alice@contoso.com' },
      { do: 'leave' },
      { do: 'readConversationLogs', expect: [{ status: 'Archived', type: 'AudioLog', direction: 'Incoming', recipients: ['sip:alice@contoso.com'], messages: [], pages: 1 }] },
    ],
  },
  remote: [{ wait: 'available' }, { wait: 'ms', ms: 200 }, { do: 'call', from: 'carol@contoso.com', subject: 'Missed you', missAfterMs: 1500 }],
  local: [
    { do: 'ignoreCall', from: 'carol@contoso.com' },
    { do: 'startConversation', to: 'echo@contoso.com', subject: 'Notes' },
    { do: 'send', text: 'First note' },
    { do: 'waitForMessage', from: 'echo@contoso.com', text: 'First note' },
    { do: 'send', text: 'Second note' },
    { do: 'waitForMessage', from: 'echo@contoso.com', text: 'Second note' },
    { do: 'leave' },
    { do: 'call', to: 'bob@contoso.com', subject: 'Catch-up' },
    { do: 'holdCall' },
    { do: 'resumeCall' },
    { do: 'waitForCallState', state: 'Disconnected' },
    { do: 'leave' },
    {
      do: 'readConversationLogs',
      expect: [
        { status: 'Archived', type: 'AudioLog', direction: 'Outgoing', recipients: ['sip:bob@contoso.com'], messages: [], pages: 1 },
        { status: 'Archived', type: 'MessageLog', direction: 'Outgoing', recipients: ['sip:echo@contoso.com'], messages: ['First note', 'First note', 'Second note', 'Second note'], pages: 2 },
        { status: 'Missed', type: 'AudioLog', direction: 'Incoming', recipients: ['sip:carol@contoso.com'], messages: [], pages: 1 },
      ],
    },
    { do: 'markMissedRead' },
    { do: 'readMissedItems', expect: { conversationLogsCount: 3, missedConversationsCount: 1, unreadMissedConversationsCount: 0 } },
  ],
  expect: {
    conversations: [
      {
        direction: 'Outgoing',
        participants: ['sip:echo@contoso.com'],
        left: [],
        typing: ['sip:echo@contoso.com'],
        messages: [
          { from: 'local', text: 'First note' },
          { from: 'sip:echo@contoso.com', text: 'First note' },
          { from: 'local', text: 'Second note' },
          { from: 'sip:echo@contoso.com', text: 'Second note' },
        ],
      },
      { direction: 'Outgoing', participants: ['sip:bob@contoso.com'], left: [], typing: [], messages: [] },
    ],
    missedConversations: 1,
  },
};

export const meeting: Scenario = {
  name: 'meeting',
  summary: 'alice schedules an online meeting with bob, reads and updates it, joins it with IM; bob comes in and they talk; alice leaves and deletes the meeting',
  user: 'alice@contoso.com',
  remote: [
    { wait: 'joinedMeeting' },
    { wait: 'ms', ms: 200 },
    { do: 'enterMeeting', who: 'bob@contoso.com' },
    { do: 'type', who: 'bob@contoso.com', ms: 300 },
    { do: 'say', who: 'bob@contoso.com', text: 'Hi Alice, I am in the meeting.' },
    { wait: 'message', text: 'Welcome, Bob. Shall we start with the plan?' },
    { do: 'say', who: 'bob@contoso.com', text: 'Yes, the plan first.' },
  ],
  local: [
    { do: 'scheduleMeeting', subject: 'Release planning', attendees: ['bob@contoso.com'] },
    { do: 'updateMeeting', subject: 'Release planning (moved)', attendees: ['bob@contoso.com', 'carol@contoso.com'] },
    { do: 'joinMeeting' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Hi Alice, I am in the meeting.' },
    { do: 'send', text: 'Welcome, Bob. Shall we start with the plan?' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Yes, the plan first.' },
    { do: 'leave' },
    { do: 'deleteMeeting' },
  ],
  expect: {
    conversations: [
      {
        direction: 'Outgoing',
        participants: ['sip:bob@contoso.com'],
        left: [],
        typing: ['sip:bob@contoso.com'],
        messages: [
          { from: 'sip:bob@contoso.com', text: 'Hi Alice, I am in the meeting.' },
          { from: 'local', text: 'Welcome, Bob. Shall we start with the plan?' },
          { from: 'sip:bob@contoso.com', text: 'Yes, the plan first.' },
        ],
      },
    ],
    missedConversations: 0,
  },
};

export const beyondIm: Scenario = {
  name: 'beyond-im',
  summary: 'beyond IM in one session: alice watches carol go Away and back and reads presences in one batch, holds an online meeting with bob, declines bob\'s call, and calls echo',
  user: 'alice@contoso.com',
  remote: [
    ...presenceWatch.remote,
    ...meeting.remote,
    // Bob calls once alice is out of the meeting; she declines, then makes her own call.
    { wait: 'ms', ms: 1500 },
    { do: 'call', from: 'bob@contoso.com', subject: 'Quick call' },
  ],
  local: [
    ...presenceWatch.local,
    ...meeting.local,
    { do: 'declineCall', from: 'bob@contoso.com' },
    ...calls.local.filter((step) => step.do !== 'declineCall'),
  ],
  expect: {
    conversations: [...meeting.expect.conversations, ...calls.expect.conversations],
    missedConversations: 0,
  },
};
