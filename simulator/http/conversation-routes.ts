/** Starting and answering conversations, and everything inside one: messaging, messages, typing, participants. */
import { decodeDataUri } from '../../protocol/data-uri.ts';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState } from '../state/conversation.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, resourceResponse } from './respond.ts';
import type { Reply, SimulatorAnswer } from './sim-answer.ts';
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

function addMessaging(state: SimState, app: ApplicationState, conv: ConversationState, request: AppRequest): SimulatorAnswer {
  if (conv.messagingState !== 'Disconnected') throw conflict('AlreadyExists', `Messaging is already ${conv.messagingState} in this conversation.`);
  if (!conv.canAddMessaging) throw conflict('None', 'Nobody else is left in this conversation to add messaging with.');
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const inv = state.flows.addMessaging(app, conv, checkedOperationId(input), firstMessageOf(input));
  state.remote.onAddMessaging(app, inv);
  return emptyResponse(201, [['Location', inv.href]]);
}

function startMessaging(state: SimState, app: ApplicationState, request: AppRequest): SimulatorAnswer {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const to = input.get('to');
  if (!to) throw missingInput(['to (the SIP address to invite)'], 'startMessaging');
  const importance = input.get('importance') ?? 'Normal';
  if (!(IMPORTANCE as readonly string[]).includes(importance)) throw new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `importance must be Normal, Urgent or Emergency, not "${importance}".` });
  const operationId = checkedOperationId(input);
  const inv = state.flows.startOutgoing(app, { to, subject: input.get('subject') ?? '', importance: importance as (typeof IMPORTANCE)[number], operationId, threadId: input.get('threadId') ?? null, firstMessage: firstMessageOf(input) });
  state.remote.onOutgoingInvitation(app, inv);
  return emptyResponse(201, [['Location', inv.href]]);
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

/** Sends at once when messaging is connected; a message that waits for it answers later. */
function sendMessage(state: SimState, app: ApplicationState, conv: ConversationState, request: AppRequest): Reply {
  const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/plain' && type !== 'text/html') throw new SimError(415, { code: 'UnsupportedMediaType', message: `sendMessage takes a text/plain or text/html body, not ${request.contentType ?? 'a body without Content-Type'}.` });
  if (conv.messagingState === 'Connecting') return untilMessagingSettles(conv, state.clock.timeScale).then(() => sendConnected(state, app, conv, request, type));
  return sendConnected(state, app, conv, request, type);
}

function sendConnected(state: SimState, app: ApplicationState, conv: ConversationState, request: AppRequest, type: 'text/plain' | 'text/html'): SimulatorAnswer {
  if (conv.messagingState !== 'Connected') throw conflict('NotAllowed', 'Messaging is not connected in this conversation; sendMessage is not available now.');
  const text = new TextDecoder().decode(request.body);
  if (text.length === 0) throw missingInput(['a message body'], 'sendMessage');
  const operationId = operationIdOf(RequestInput.empty(request.url));
  const message = state.flows.localSends(app, conv, text, type === 'text/html', operationId);
  state.remote.onLocalMessage(app, conv, text, type === 'text/html');
  return emptyResponse(201, [['Location', conv.messageHref(message)]]);
}

/** Answers invitation and conversation resources; null when `rest` names none of them. */
export function handleConversationRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): Reply | null {
  const { method, rest, format } = request;
  if (rest === '/communication/messagingInvitations') {
    allow(['POST']);
    return startMessaging(state, app, request);
  }
  const invitationMatch = /^\/communication\/messagingInvitations\/(\d+)(?:\/(accept|decline|cancel))?$/.exec(rest);
  if (invitationMatch) {
    const inv = app.invitations.get(Number(invitationMatch[1]));
    if (!inv) throw notFound(`There is no invitation at ${request.url.pathname}.`);
    const action = invitationMatch[2];
    if (!action) {
      allow(['GET']);
      return resourceResponse(format, inv.resource());
    }
    allow(['POST']);
    if (action === 'cancel') {
      if (!inv.cancellable) throw conflict('Ended', 'Only an outgoing invitation still connecting can be cancelled.');
      state.flows.outgoingFails(app, inv, { code: 'Informational', subcode: 'Canceled', message: 'You cancelled the invitation.' });
      state.remote.onLocalCancelled(inv);
      return emptyResponse(204);
    }
    if (!inv.answerable) throw conflict('Ended', `The invitation is ${inv.state}; it can no longer be ${action === 'accept' ? 'accepted' : 'declined'}.`);
    if (action === 'accept') {
      state.flows.acceptIncoming(app, inv);
      state.remote.onLocalAccepted(app, inv);
    } else {
      state.flows.endIncoming(app, inv, 'declined');
      state.remote.onLocalDeclined(inv);
    }
    return emptyResponse(204);
  }
  const convMatch = /^\/communication\/conversations\/(\d+)(\/.*)?$/.exec(rest);
  if (!convMatch) return null;
  const conv = app.conversations.get(Number(convMatch[1]));
  if (!conv) throw notFound(`There is no conversation at ${request.url.pathname}; it may have ended.`, 'ConversationNotFound');
  const inner = convMatch[2] ?? '';
  const participantMatch = /^\/participants\/(\d+)(\/participantMessaging)?$/.exec(inner);
  if (participantMatch) {
    allow(['GET']);
    const p = conv.participants.get(Number(participantMatch[1]));
    if (!p || (participantMatch[2] && !p.inMessaging)) throw notFound(`There is no ${participantMatch[2] ? 'participantMessaging' : 'participant'} at ${request.url.pathname}.`);
    return resourceResponse(format, participantMatch[2] ? conv.participantMessagingResource(p) : conv.participantResource(p));
  }
  const messageMatch = /^\/messaging\/messages\/(\d+)$/.exec(inner);
  if (messageMatch) {
    allow(['GET']);
    const m = conv.messages.get(Number(messageMatch[1]));
    if (!m) throw notFound(`There is no message at ${request.url.pathname}.`);
    return resourceResponse(format, conv.messageResource(m));
  }
  switch (inner) {
    case '':
      allow(['GET', 'DELETE']);
      if (method === 'GET') return resourceResponse(format, conv.resource());
      state.calls.leaving(app, conv);
      state.flows.leave(app, conv);
      state.remote.onLocalLeft(conv);
      state.remote.onLocalLeftCall(conv);
      return emptyResponse(204);
    case '/messaging':
      allow(['GET']);
      return resourceResponse(format, conv.messagingResource());
    case '/participants':
      allow(['GET']);
      return resourceResponse(format, conv.participantsResource());
    case '/messaging/messages':
      allow(['POST']);
      return sendMessage(state, app, conv, request);
    case '/messaging/typing':
      allow(['POST']);
      if (conv.messagingState !== 'Connected') throw conflict('NotAllowed', 'Messaging is not connected in this conversation; setIsTyping is not available now.');
      state.remote.onLocalTyping(conv);
      return emptyResponse(204);
    case '/messaging/terminate':
      allow(['POST']);
      if (conv.messagingState === 'Disconnected') throw conflict('NotAllowed', 'Messaging is already disconnected in this conversation.');
      state.flows.stopMessaging(app, conv);
      state.remote.onLocalLeft(conv);
      return emptyResponse(204);
    case '/messaging/addMessaging':
      allow(['POST']);
      return addMessaging(state, app, conv, request);
    case '/messaging/typingParticipants':
      allow(['GET']);
      if (conv.messagingState !== 'Connected') throw notFound('typingParticipants exists only while messaging is connected.');
      return resourceResponse(format, { rel: 'typingParticipants', href: `${conv.messagingHref}/typingParticipants`, properties: {}, links: [] });
    default:
      return null;
  }
}
