/**
 * The exchange list's words for a row: the meaningful end of its path and one line on what
 * happened, built from what derivation stored (events, rels, conversation), never from a body.
 */
import type { RowFacts } from '../../storage/queries/row-facts.ts';
import type { ExchangeSummary } from '../../storage/queries/exchange-summary.ts';
import { clipText } from '../../protocol/text/clip-text.ts';

/** What follows `/applications/ID/` in a UCWA path (or the path itself), query included. */
export function whereOf(url: string): string {
  let path = url;
  try {
    const parsed = new URL(url);
    path = `${parsed.pathname}${parsed.search}`;
  } catch {
    // A relative URL is already a path.
  }
  const inApplication = /\/applications\/[^/?]+\/(.+)$/.exec(path);
  return inApplication?.[1] ?? path;
}

export function shortIdOf(href: string): string {
  return href.split('?')[0]?.split('/').filter(Boolean).at(-1) ?? href;
}

const clip = (text: string, max = 40): string => clipText(text.replace(/\s+/g, ' ').trim(), max);

function eventsLine(facts: RowFacts, eventCount: number): string {
  const parts: string[] = [];
  for (const event of facts.events) {
    const text = event.linkRel === 'message' && event.messageText ? `message '${clip(event.messageText)}'` : `${event.linkRel} ${event.type}${event.status ? ` (${event.status})` : ''}`;
    if (parts.at(-1) !== text) parts.push(text);
  }
  const rest = eventCount - facts.events.length;
  return `${parts.join(' · ')}${rest > 0 ? ` · +${rest} more` : ''}`;
}

export function rowSummary(x: ExchangeSummary, facts: RowFacts | undefined): string {
  const derived = x.derived;
  const conversation = facts?.conversationHref ? `conversation ${shortIdOf(facts.conversationHref)}` : null;
  if (x.stage === 'initiated') return derived?.targetRel === 'events' || /\/events\b/.test(x.url) ? 'event channel: waiting for events' : 'waiting for the response';
  if (x.error) return `${x.error.kind}: ${clip(x.error.message, 60)}`;
  if (derived?.eventCount !== null && derived?.eventCount !== undefined) return derived.eventCount === 0 ? 'no events (the poll timed out)' : facts ? eventsLine(facts, derived.eventCount) : `${derived.eventCount} events`;
  if (derived?.ucwaError) return `UCWA error ${derived.ucwaError}${conversation ? ` on ${conversation}` : ''}`;
  const action = derived?.targetRel ?? null;
  const body = derived?.responseKind === 'token' ? 'OAuth token issued' : derived?.responseKind === 'opaque' ? 'binary body' : derived?.requestKind === 'form' ? 'form sent' : null;
  if (x.method !== 'GET') {
    const target = conversation ?? (derived?.responseRel ? derived.responseRel : null);
    if (action === null && target === null) return body ?? '';
    return [action ?? x.method.toLowerCase(), target ? `on ${target}` : null, x.status === 201 ? '→ created' : null].filter(Boolean).join(' ');
  }
  if (body !== null && derived?.responseRel == null) return body;
  const what = derived?.responseRel ?? action;
  return what ? `${what}${conversation && what !== 'conversation' ? ` of ${conversation}` : conversation ? ` ${shortIdOf(facts?.conversationHref ?? '')}` : ''}` : '';
}
