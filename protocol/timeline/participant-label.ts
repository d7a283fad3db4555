/** How the timeline names people: "you" for the local participant, else a name, else the user part of the SIP URI. */
import type { TimelineParticipant } from './timeline-types.ts';

/** A name worth printing, or null: real servers send empty titles and names. */
export function nonEmpty(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed !== '' ? trimmed : null;
}

/** `sip:ada@contoso.example` → `ada`; anything else as written. */
export function sipUser(uri: string): string {
  return /^(?:sips?:)?([^@;:]+)@/i.exec(uri)?.[1] ?? uri.replace(/^sips?:/i, '');
}

/** A readable name from what is known: the name, else the SIP URI's user part; null when neither is known. */
export function readableName(name: string | null | undefined, uri: string | null | undefined): string | null {
  return nonEmpty(name) ?? (nonEmpty(uri) !== null ? sipUser(uri as string) : null);
}

/** UCWA participant hrefs end in the participant's SIP address (`…/participants/ada@contoso.example`), so even a bare href reads as a user. */
export function participantLabel(p: TimelineParticipant): string {
  if (p.local) return 'you';
  return readableName(p.name, p.uri) ?? sipUser(safeDecode(p.href.slice(p.href.lastIndexOf('/') + 1)));
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
