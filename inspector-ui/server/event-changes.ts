/**
 * For the detail of an event batch: how each event's embedded resource differs from the last
 * known state of its href, whether that state came earlier in the same batch or from an earlier
 * exchange of the session (found through the derived resources table, then decoded: one body).
 */
import { decodeMessage, responseOf, type MessageSide } from '../../protocol/decode-message.ts';
import type { DecodeResult, DecodedBody } from '../../protocol/decoded-body.ts';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { diffResources, lastStateIn } from '../../protocol/resource-diff.ts';
import { isUcwaDate, type PropertyValue, type UcwaResource } from '../../protocol/resource.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import type { ResourceChangeDto } from '../api/wire-types.ts';

/** A side's body decoded, or null when it is empty or missing. */
export function decodedSide(exchange: RecordedExchange, side: MessageSide): DecodeResult | null {
  const message = side === 'request' ? exchange.request : responseOf(exchange);
  return message && message.body.byteLength > 0 ? decodeMessage(exchange, side) : null;
}

export function decodedResponse(exchange: RecordedExchange): DecodedBody | null {
  const result = decodedSide(exchange, 'response');
  return result?.ok ? result.body : null;
}

function text(value: PropertyValue): string {
  if (isUcwaDate(value)) return value.text;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The change from `before` (null: nothing known, so everything is added) to `after`, for the wire. */
export function changeDto(href: string, sinceExchangeId: number | null, before: UcwaResource | null, after: UcwaResource): ResourceChangeDto {
  if (before === null)
    return { href, sinceExchangeId: null, added: Object.entries(after.properties).map(([name, value]) => ({ name, value: text(value) })), changed: [], removed: [], linksAdded: Object.entries(after.links).flatMap(([rel, links]) => links.map((l) => ({ rel, href: l.href }))), linksRemoved: [] };
  const diff = diffResources(before, after);
  return {
    href,
    sinceExchangeId,
    added: diff.added.map((p) => ({ name: p.name, value: text(p.value) })),
    changed: diff.changed.map((p) => ({ name: p.name, from: text(p.from), to: text(p.to) })),
    removed: diff.removed.map((p) => ({ name: p.name, value: text(p.value) })),
    linksAdded: diff.linksAdded,
    linksRemoved: diff.linksRemoved,
  };
}

/** Event index → the changes of the resources it embeds. */
export function eventChanges(store: RecordingStore, sessionId: number, exchangeId: number, body: DecodedBody | null): Map<number, ResourceChangeDto[]> {
  const out = new Map<number, ResourceChangeDto[]>();
  if (body?.kind !== 'events') return out;
  const earlierBodies = new Map<number, DecodedBody | null>();
  for (const event of body.batch.events) {
    for (const list of Object.values(event.embedded)) {
      for (const resource of list) {
        if (resource.href === null) continue;
        let before = lastStateIn(body, resource.href, event.index);
        let since: number | null = before ? exchangeId : null;
        if (!before) {
          since = store.earlierResourceExchange(sessionId, resource.href, exchangeId);
          if (since !== null) {
            if (!earlierBodies.has(since)) {
              const stored = store.getExchange(since);
              earlierBodies.set(since, stored ? decodedResponse(stored.exchange) : null);
            }
            const earlier = earlierBodies.get(since) ?? null;
            before = earlier ? lastStateIn(earlier, resource.href) : null;
            if (!before) since = null;
          }
        }
        out.set(event.index, [...(out.get(event.index) ?? []), changeDto(resource.href, since, before, resource)]);
      }
    }
  }
  return out;
}
