/**
 * Conversation history over HTTP: conversationLogs (GET, `limit`), a conversationLog (GET,
 * DELETE), its markAsRead, its transcripts page by page, one transcript, and its recipients.
 */
import type { ApplicationState } from '../state/application.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { emptyResponse, resourceResponse } from './respond.ts';
import type { SimulatorAnswer } from './sim-answer.ts';
import { badRequest, notFound } from './sim-error.ts';

const LOG_PATH = /^\/communication\/conversationLogs(?:\/(\d+)(?:\/(markAsRead|conversationLogTranscripts|recipients)(?:\/(\d+))?)?)?$/;

function wholeNumber(url: URL, name: string, min: number): number | null {
  const text = url.searchParams.get(name);
  if (text === null) return null;
  if (!/^\d+$/.test(text) || Number(text) < min) throw badRequest('ParameterValidationFailure', `${name} must be a whole number from ${min}, not "${text}".`);
  return Number(text);
}

/** Null when `rest` is not under conversationLogs. */
export function handleLogRoute(app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const match = LOG_PATH.exec(request.rest);
  if (!match) return null;
  const { format, method } = request;
  const logs = app.logs;
  const [, logId, part, index] = match;
  if (logId === undefined) {
    allow(['GET']);
    return resourceResponse(format, logs.listResource(wholeNumber(request.url, 'limit', 1)));
  }
  const entry = logs.find(Number(logId));
  if (!entry) throw notFound(`There is no conversation log at ${request.url.pathname}; it may have been deleted.`);
  if (part === undefined) {
    allow(['GET', 'DELETE']);
    if (method === 'GET') return resourceResponse(format, logs.logResource(entry));
    logs.remove(entry.id);
    if (!entry.read && entry.status === 'Missed') app.unreadMissedConversations--;
    app.missedItemsChanged();
    return emptyResponse(204);
  }
  if (part === 'markAsRead') {
    allow(['POST']);
    const wasUnread = logs.markRead(entry);
    if (wasUnread && entry.status === 'Missed') {
      app.unreadMissedConversations--;
      app.missedItemsChanged();
    }
    return emptyResponse(204);
  }
  allow(['GET']);
  if (part === 'recipients') {
    const n = Number(index ?? 0);
    if (n < 1 || n > entry.recipients.length) throw notFound(`There is no recipient at ${request.url.pathname}.`);
    return resourceResponse(format, logs.recipientResource(entry, n - 1));
  }
  if (index !== undefined) {
    const n = Number(index);
    if (n < 1 || n > logs.transcriptCount(entry)) throw notFound(`There is no transcript at ${request.url.pathname}.`);
    return resourceResponse(format, logs.transcriptResource(entry, n - 1));
  }
  const start = wholeNumber(request.url, 'start', 0) ?? 0;
  if (start > 0 && start >= logs.transcriptCount(entry)) throw notFound(`This log has ${logs.transcriptCount(entry)} transcripts; there is no page from ${start}.`);
  return resourceResponse(format, logs.transcriptsResource(entry, start));
}
