/** The built-in scenarios (`simulate --scenario NAME`). Each runs against any client; `runScenario` plays the local side. */
import type { Scenario } from './scenario.ts';

const outgoingChat: Scenario = {
  name: 'outgoing-chat',
  summary: 'alice starts a chat with echo, types, sends two messages and hears each back, then leaves',
  user: 'alice@contoso.com',
  remote: [],
  local: [
    { do: 'startConversation', to: 'echo@contoso.com', subject: 'Quick question' },
    { do: 'setTyping' },
    { do: 'send', text: 'Hello echo' },
    { do: 'waitForMessage', from: 'echo@contoso.com', text: 'Hello echo' },
    { do: 'send', text: '<b>Still</b> there?', html: true },
    { do: 'waitForMessage', from: 'echo@contoso.com', text: '<b>Still</b> there?' },
    { do: 'leave' },
  ],
  expect: {
    conversations: [
      {
        direction: 'Outgoing',
        participants: ['sip:echo@contoso.com'],
        left: [],
        typing: ['sip:echo@contoso.com'],
        messages: [
          { from: 'local', text: 'Hello echo' },
          { from: 'sip:echo@contoso.com', text: 'Hello echo' },
          { from: 'local', text: '<b>Still</b> there?' },
          { from: 'sip:echo@contoso.com', text: '<b>Still</b> there?' },
        ],
      },
    ],
    missedConversations: 0,
  },
};

const incomingChat: Scenario = {
  name: 'incoming-chat',
  summary: 'bob invites alice with a first message; alice accepts and answers; bob types, replies and leaves',
  user: 'alice@contoso.com',
  remote: [
    { wait: 'available' },
    { wait: 'ms', ms: 200 },
    { do: 'invite', from: 'bob@contoso.com', subject: 'Release notes', text: 'Hi Alice, got a minute?' },
    { wait: 'accepted' },
    { wait: 'message', text: 'Sure, what is up?' },
    { do: 'type', who: 'bob@contoso.com', ms: 300 },
    { do: 'say', who: 'bob@contoso.com', text: 'Can you review the release notes today?' },
    { wait: 'message', text: 'Yes, after lunch.' },
    { do: 'say', who: 'bob@contoso.com', text: 'Thanks!' },
    { wait: 'ms', ms: 100 },
    { do: 'leave', who: 'bob@contoso.com' },
  ],
  local: [
    { do: 'acceptIncoming', from: 'bob@contoso.com' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Hi Alice, got a minute?' },
    { do: 'send', text: 'Sure, what is up?' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Can you review the release notes today?' },
    { do: 'setTyping' },
    { do: 'send', text: 'Yes, after lunch.' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Thanks!' },
    { do: 'waitForParticipantLeft', who: 'bob@contoso.com' },
    { do: 'leave' },
  ],
  expect: {
    conversations: [
      {
        direction: 'Incoming',
        participants: ['sip:bob@contoso.com'],
        left: ['sip:bob@contoso.com'],
        typing: ['sip:bob@contoso.com'],
        messages: [
          { from: 'sip:bob@contoso.com', text: 'Hi Alice, got a minute?' },
          { from: 'local', text: 'Sure, what is up?' },
          { from: 'sip:bob@contoso.com', text: 'Can you review the release notes today?' },
          { from: 'local', text: 'Yes, after lunch.' },
          { from: 'sip:bob@contoso.com', text: 'Thanks!' },
        ],
      },
    ],
    missedConversations: 0,
  },
};

const threeParty: Scenario = {
  name: 'three-party',
  summary: 'bob invites alice to a chat with carol; all three talk; carol leaves; alice and bob finish',
  user: 'alice@contoso.com',
  remote: [
    { wait: 'available' },
    { wait: 'ms', ms: 200 },
    { do: 'invite', from: 'bob@contoso.com', subject: 'Planning', text: 'Planning sync, Alice?', others: ['carol@contoso.com'] },
    { wait: 'accepted' },
    { do: 'type', who: 'carol@contoso.com', ms: 200 },
    { do: 'say', who: 'carol@contoso.com', text: 'Hi both, I only have five minutes.' },
    { wait: 'message', text: 'Hi Carol, hi Bob.' },
    { do: 'say', who: 'carol@contoso.com', text: 'Sorry, have to drop. Bye!' },
    { do: 'leave', who: 'carol@contoso.com' },
    { wait: 'message', text: 'Just us then.' },
    { do: 'say', who: 'bob@contoso.com', text: 'Let us pick this up tomorrow.' },
  ],
  local: [
    { do: 'acceptIncoming', from: 'bob@contoso.com' },
    { do: 'waitForMessage', from: 'carol@contoso.com', text: 'Hi both, I only have five minutes.' },
    { do: 'send', text: 'Hi Carol, hi Bob.' },
    { do: 'waitForParticipantLeft', who: 'carol@contoso.com' },
    { do: 'send', text: 'Just us then.' },
    { do: 'waitForMessage', from: 'bob@contoso.com', text: 'Let us pick this up tomorrow.' },
    { do: 'leave' },
  ],
  expect: {
    conversations: [
      {
        direction: 'Incoming',
        participants: ['sip:bob@contoso.com', 'sip:carol@contoso.com'],
        left: ['sip:carol@contoso.com'],
        typing: ['sip:carol@contoso.com'],
        messages: [
          { from: 'sip:bob@contoso.com', text: 'Planning sync, Alice?' },
          { from: 'sip:carol@contoso.com', text: 'Hi both, I only have five minutes.' },
          { from: 'local', text: 'Hi Carol, hi Bob.' },
          { from: 'sip:carol@contoso.com', text: 'Sorry, have to drop. Bye!' },
          { from: 'local', text: 'Just us then.' },
          { from: 'sip:bob@contoso.com', text: 'Let us pick this up tomorrow.' },
        ],
      },
    ],
    missedConversations: 0,
  },
};

const missedInvitation: Scenario = {
  name: 'missed-invitation',
  summary: 'carol invites alice, who does not answer: the invitation ends and becomes a missed item',
  user: 'alice@contoso.com',
  remote: [{ wait: 'available' }, { wait: 'ms', ms: 200 }, { do: 'invite', from: 'carol@contoso.com', subject: 'Call me', text: 'Call me back when you can', missAfterMs: 3000 }],
  local: [
    { do: 'ignoreIncoming', from: 'carol@contoso.com' },
    { do: 'waitForMissedItems', count: 1 },
  ],
  expect: { conversations: [], missedConversations: 1 },
};

const presenceWatch: Scenario = {
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

const calls: Scenario = {
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

const callLogs: Scenario = {
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

const meeting: Scenario = {
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

const demo: Scenario = {
  name: 'demo',
  summary: 'all of it in one session: an outgoing chat with echo, an incoming chat with typing, a three-party chat someone leaves, a missed invitation',
  user: 'alice@contoso.com',
  remote: [...incomingChat.remote, { wait: 'ms', ms: 300 }, ...threeParty.remote.slice(1), { wait: 'ms', ms: 500 }, ...missedInvitation.remote.slice(1)],
  local: [...outgoingChat.local, ...incomingChat.local, ...threeParty.local, ...missedInvitation.local],
  expect: {
    conversations: [...outgoingChat.expect.conversations, ...incomingChat.expect.conversations, ...threeParty.expect.conversations],
    missedConversations: 1,
  },
};

const beyondIm: Scenario = {
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

export const SCENARIOS: readonly Scenario[] = [outgoingChat, incomingChat, threeParty, missedInvitation, presenceWatch, calls, callLogs, meeting, demo, beyondIm];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
