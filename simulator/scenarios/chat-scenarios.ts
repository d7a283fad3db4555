/** The built-in instant-messaging scenarios: chats both ways, three parties, a missed invitation, and all of them as `demo`. */
import type { Scenario } from './scenario.ts';

export const outgoingChat: Scenario = {
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

export const incomingChat: Scenario = {
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

export const threeParty: Scenario = {
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

export const missedInvitation: Scenario = {
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


export const demo: Scenario = {
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
