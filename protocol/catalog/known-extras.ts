/**
 * What real servers send beyond the UCWA reference, and which server sends it. Lint reports these
 * as information rather than findings: a client should expect them. Only names seen from a named
 * server belong here. (`etag` needs no entry: decoders lift it out of the properties, so it never
 * reads as undocumented.)
 */

export type KnownExtraPlace = 'property' | 'link' | 'embedded';

interface KnownExtra {
  readonly rel: string;
  readonly place: KnownExtraPlace;
  readonly name: string;
  /** The server that sends it, as a reader would name it. */
  readonly sentBy: string;
}

const KNOWN_EXTRAS: readonly KnownExtra[] = [
  // Skype for Business Online says when an application expires unless the client keeps it alive.
  { rel: 'application', place: 'property', name: 'expires', sentBy: 'Skype for Business Online' },
];

/** The server known to send this name on this rel, or undefined when it is a genuine gap. */
export function knownExtraSender(rel: string, place: KnownExtraPlace, name: string): string | undefined {
  return KNOWN_EXTRAS.find((extra) => extra.rel === rel && extra.place === place && extra.name === name)?.sentBy;
}
