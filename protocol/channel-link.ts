/** Event-channel links carry the acknowledgement number in their `ack` query parameter. */
import type { ChannelLink } from './event.ts';

export function channelLink(href: string): ChannelLink {
  const match = /[?&]ack=([^&#]*)/.exec(href);
  const ack = match && /^\d{1,15}$/.test(match[1] as string) ? Number(match[1]) : null;
  return { href, ack };
}

/** Whether a URL addresses the event channel (`…/events`, any query); used only when a body cannot say. */
export function isEventChannelUrl(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return /\/events\/?$/.test(path);
}
