/** Starting and answering conversations, and everything inside one: messaging, messages, typing, participants. */
import { decodeDataUri } from '../../protocol/data-uri.ts';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState } from '../state/conversation.ts';
import type { AppRequest } from './application-routes.ts';
import { RequestInput } from './request-input.ts';
import { sendEmpty, sendResource } from './respond.ts';
import { conflict, missingInput, notFound, SimError } from './sim-error.ts';

const IMPORTANCE = ['Normal', 'Urgent', 'Emergency'] as const;

function operationIdOf(input: RequestInput): string | null {
  return input.get('operationId') ?? input.get('OperationContext') ?? null;
}

/** The first message an invitation carries, from its `message` link (a data: URI). */
export function firstMessageOf(input: RequestInput): { text: string; html: boolean } | null {
  const messageHref = input.link('message');
  if (messageHref === undefined) return null;
  const decoded = decodeDataUri(messageHref);
  if (!decoded.ok) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `The message link is not a data: URI this server can read: ${decoded.problem}` });
  return { text: decoded.text, html: decoded.mediaType === 'text/html' };
}

export function checkedOperationId(input: RequestInput): string | null {
  const operationId = operationIdOf(input);
  if (operationId !== null && operationId.length > 50) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: 'operationId is limited to 50 characters.' });
  return operationId;
}

function addMessaging(state: SimState, app: ApplicationState, conv: ConversationState, request: AppRequest): void {
  if (conv.messagingState !== 'Disconnected') throw conflict('AlreadyExists', `Messaging is already ${conv.messagingState} in this conversation.`);
  if (!conv.canAddMessaging) throw conflict('None', 'Nobody else is left in this conversation to add messaging with.');
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const inv = state.flows.addMessaging(app, conv, checkedOperationId(input), firstMessageOf(input));
  sendEmpty(request.res, 201, [['Location', inv.href]]);
  state.remote.onAddMessaging(app, inv);
}

function startMessaging(state: SimState, app: ApplicationState, request: AppRequest): void {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const to = input.get('to');
  if (!to) throw missingInput(['to (the SIP address to invite)'], 'startMessaging');
  const importance = input.get('importance') ?? 'Normal';
  if (!(IMPORTANCE as readonly string[]).includes(importance)) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `importance must be Normal, Urgent or Emergency, not "${importance}".` });
  const operationId = checkedOperationId(input);
  const inv = state.flows.startOutgoing(app, { to, subject: input.get('subject') ?? '', importance: importance as (typeof IMPORTANCE)[number], operationId, threadId: input.get('threadId') ?? null, firstMessage: firstMessageOf(input) });
  sendEmpty(request.res, 201, [['Location', inv.href]]);
  state.remote.onOutgoingInvitation(app, inv);
}

/** How long a message waits for messaging to connect: longer than any invitation rings (30 s simulated). */
const CONNECT_WAIT_MS = 35_000;

/**
 * A client that builds the messages URL itself may POST before messaging connected (before it saw
 * sendMessage): the message waits for the invitation to settle instead of failing at once.
 */
async function untilMessagingSettles(conv: ConversationState, timeScale: number): Promise<void> {
  const deadline = Date.now() + CONNECT_WAIT_MS * timeScale;
  while (conv.messagingState === 'Connecting' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function sendMessage(state: SimState, app: ApplicationState, conv: ConversationState, request: AppRequest): Promise<void> {
  const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/plain' && type !== 'text/html') throw new SimError(415, { code: 'UnsupportedMediaType', message: `sendMessage takes a text/plain or text/html body, not ${request.contentType ?? 'a body without Content-Type'}.` });
  if (conv.messagingState === 'Connecting') await untilMessagingSettles(conv, state.clock.timeScale);
  if (conv.messagingState !== 'Connected') throw conflict('NotAllowed', 'Messaging is not connected in this conversation; sendMessage is not available now.');
  const text = new TextDecoder().decode(request.body);
  if (text.length === 0) throw missingInput(['a message body'], 'sendMessage');
  const operationId = operationIdOf(RequestInput.empty(request.url));
  const message = state.flows.localSends(app, conv, text, type === 'text/html', operationId);
  sendEmpty(request.res, 201, [['Location', conv.messageHref(message)]]);
  state.remote.onLocalMessage(app, conv, text, type === 'text/html');
}

/** Handles invitation and conversation resources; returns false when `rest` names none of them. */
export async function handleConversationRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: (methods: readonly string[]) => void): Promise<boolean> {
  const { method, rest, res, format } = request;
  if (rest === '/communication/messagingInvitations') {
    allow(['POST']);
    startMessaging(state, app, request);
    return true;
  }
  const invitationMatch = /^\/communication\/messagingInvitations\/(\d+)(?:\/(accept|decline|cancel))?$/.exec(rest);
  if (invitationMatch) {
    const inv = app.invitations.get(Number(invitationMatch[1]));
    if (!inv) throw notFound(`There is no invitation at ${request.url.pathname}.`);
    const action = invitationMatch[2];
    if (!action) {
      allow(['GET']);
      sendResource(res, format, inv.resource());
      return true;
    }
    allow(['POST']);
    if (action === 'cancel') {
      if (!inv.cancellable) throw conflict('Ended', 'Only an outgoing invitation still connecting can be cancelled.');
      sendEmpty(res, 204);
      state.flows.outgoingFails(app, inv, { code: 'Informational', subcode: 'Canceled', message: 'You cancelled the invitation.' });
      state.remote.onLocalCancelled(inv);
      return true;
    }
    if (!inv.answerable) throw conflict('Ended', `The invitation is ${inv.state}; it can no longer be ${action === 'accept' ? 'accepted' : 'declined'}.`);
    sendEmpty(res, 204);
    if (action === 'accept') {
      state.flows.acceptIncoming(app, inv);
      state.remote.onLocalAccepted(app, inv);
    } else {
      state.flows.endIncoming(app, inv, 'declined');
      state.remote.onLocalDeclined(inv);
    }
    return true;
  }
  const convMatch = /^\/communication\/conversations\/(\d+)(\/.*)?$/.exec(rest);
  if (!convMatch) return false;
  const conv = app.conversations.get(Number(convMatch[1]));
  if (!conv) throw notFound(`There is no conversation at ${request.url.pathname}; it may have ended.`, 'ConversationNotFound');
  const inner = convMatch[2] ?? '';
  const participantMatch = /^\/participants\/(\d+)(\/participantMessaging)?$/.exec(inner);
  if (participantMatch) {
    allow(['GET']);
    const p = conv.participants.get(Number(participantMatch[1]));
    if (!p || (participantMatch[2] && !p.inMessaging)) throw notFound(`There is no ${participantMatch[2] ? 'participantMessaging' : 'participant'} at ${request.url.pathname}.`);
    sendResource(res, format, participantMatch[2] ? conv.participantMessagingResource(p) : conv.participantResource(p));
    return true;
  }
  const messageMatch = /^\/messaging\/messages\/(\d+)$/.exec(inner);
  if (messageMatch) {
    allow(['GET']);
    const m = conv.messages.get(Number(messageMatch[1]));
    if (!m) throw notFound(`There is no message at ${request.url.pathname}.`);
    sendResource(res, format, conv.messageResource(m));
    return true;
  }
  switch (inner) {
    case '':
      allow(['GET', 'DELETE']);
      if (method === 'DELETE') {
        sendEmpty(res, 204);
        state.calls.leaving(app, conv);
        state.flows.leave(app, conv);
        state.remote.onLocalLeft(conv);
        state.remote.onLocalLeftCall(conv);
      } else sendResource(res, format, conv.resource());
      return true;
    case '/messaging':
      allow(['GET']);
      sendResource(res, format, conv.messagingResource());
      return true;
    case '/participants':
      allow(['GET']);
      sendResource(res, format, conv.participantsResource());
      return true;
    case '/messaging/messages':
      allow(['POST']);
      await sendMessage(state, app, conv, request);
      return true;
    case '/messaging/typing':
      allow(['POST']);
      if (conv.messagingState !== 'Connected') throw conflict('NotAllowed', 'Messaging is not connected in this conversation; setIsTyping is not available now.');
      sendEmpty(res, 204);
      state.remote.onLocalTyping(conv);
      return true;
    case '/messaging/terminate':
      allow(['POST']);
      if (conv.messagingState === 'Disconnected') throw conflict('NotAllowed', 'Messaging is already disconnected in this conversation.');
      sendEmpty(res, 204);
      state.flows.stopMessaging(app, conv);
      state.remote.onLocalLeft(conv);
      return true;
    case '/messaging/addMessaging':
      allow(['POST']);
      addMessaging(state, app, conv, request);
      return true;
    case '/messaging/typingParticipants':
      allow(['GET']);
      if (conv.messagingState !== 'Connected') throw notFound('typingParticipants exists only while messaging is connected.');
      sendResource(res, format, { rel: 'typingParticipants', href: `${conv.messagingHref}/typingParticipants`, properties: {}, links: [] });
      return true;
    default:
      return false;
  }
}
