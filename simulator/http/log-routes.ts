/**
 * Conversation history over HTTP: conversationLogs (GET, `limit`), a conversationLog (GET,
 * DELETE), its markAsRead, its transcripts page by page, one transcript, and its recipients.
 */
import type { ApplicationState } from '../state/application.ts';
import type { AppRequest } from './application-routes.ts';
import { sendEmpty, sendResource } from './respond.ts';
import { badRequest, notFound } from './sim-error.ts';

const LOG_PATH = /^\/communication\/conversationLogs(?:\/(\d+)(?:\/(markAsRead|conversationLogTranscripts|recipients)(?:\/(\d+))?)?)?$/;

function wholeNumber(url: URL, name: string, min: number): number | null {
  const text = url.searchParams.get(name);
  if (text === null) return null;
  if (!/^\d+$/.test(text) || Number(text) < min) throw badRequest('ParameterValidationFailure', `${name} must be a whole number from ${min}, not "${text}".`);
  return Number(text);
}

/** Returns false when `rest` is not under conversationLogs. */
export function handleLogRoute(app: ApplicationState, request: AppRequest, allow: (methods: readonly string[]) => void): boolean {
  const match = LOG_PATH.exec(request.rest);
  if (!match) return false;
  const { res, format, method } = request;
  const logs = app.logs;
  const [, logId, part, index] = match;
  if (logId === undefined) {
    allow(['GET']);
    sendResource(res, format, logs.listResource(wholeNumber(request.url, 'limit', 1)));
    return true;
  }
  const entry = logs.find(Number(logId));
  if (!entry) throw notFound(`There is no conversation log at ${request.url.pathname}; it may have been deleted.`);
  if (part === undefined) {
    allow(['GET', 'DELETE']);
    if (method === 'DELETE') {
      logs.remove(entry.id);
      sendEmpty(res, 204);
      if (!entry.read && entry.status === 'Missed') app.unreadMissedConversations--;
      app.missedItemsChanged();
    } else sendResource(res, format, logs.logResource(entry));
    return true;
  }
  if (part === 'markAsRead') {
    allow(['POST']);
    const wasUnread = logs.markRead(entry);
    sendEmpty(res, 204);
    if (wasUnread && entry.status === 'Missed') {
      app.unreadMissedConversations--;
      app.missedItemsChanged();
    }
    return true;
  }
  allow(['GET']);
  if (part === 'recipients') {
    const n = Number(index ?? 0);
    if (n < 1 || n > entry.recipients.length) throw notFound(`There is no recipient at ${request.url.pathname}.`);
    sendResource(res, format, logs.recipientResource(entry, n - 1));
    return true;
  }
  if (index !== undefined) {
    const n = Number(index);
    if (n < 1 || n > logs.transcriptCount(entry)) throw notFound(`There is no transcript at ${request.url.pathname}.`);
    sendResource(res, format, logs.transcriptResource(entry, n - 1));
    return true;
  }
  const start = wholeNumber(request.url, 'start', 0) ?? 0;
  if (start > 0 && start >= logs.transcriptCount(entry)) throw notFound(`This log has ${logs.transcriptCount(entry)} transcripts; there is no page from ${start}.`);
  sendResource(res, format, logs.transcriptsResource(entry, start));
  return true;
}
