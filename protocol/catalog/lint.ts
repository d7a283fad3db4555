/**
 * Compares decoded traffic with the resource catalogue: what a resource or an event batch carries
 * that the UCWA reference does not document. Findings are facts to read, not errors: servers
 * legitimately send more than the docs say.
 */
import { documentedEvent, documentedNames } from './catalog.ts';
import type { DecodedBody } from '../decoded-body.ts';
import type { EventBatch } from '../event.ts';
import { guessRel, type RelGuess } from './guess-rel.ts';
import { knownExtraSender, type KnownExtraPlace } from './known-extras.ts';
import { isPutSentinel } from './put-sentinel.ts';
import type { UcwaResource } from '../resource.ts';

export type LintFindingKind =
  /** A property the resource's rel does not document. */
  | 'undocumented-property'
  /** A link rel the resource's rel does not document. */
  | 'undocumented-link'
  /** An embedded relationship the resource's rel does not document. */
  | 'undocumented-embedded'
  /** The resource names a rel the catalogue does not know; its contents were not checked. */
  | 'unknown-rel'
  /** The resource has no rel; `candidates` says what it looks like. */
  | 'missing-rel'
  /** A request input: the catalogue documents resources, so its parameters were not checked. */
  | 'input-not-checked'
  /** An event whose (link rel, type) no Events table lists. */
  | 'undocumented-event'
  /** A documented event arriving under a sender its Events table does not name. */
  | 'undocumented-sender';

/**
 * `finding`: the reference does not explain it. `info`: it is undocumented, but a named real
 * server is known to send it (`knownFrom`), so a client should expect it.
 */
export type LintSeverity = 'finding' | 'info';

export interface LintFinding {
  readonly kind: LintFindingKind;
  readonly severity: LintSeverity;
  /** For `info`: the server known to send it (`Skype for Business Online`). */
  readonly knownFrom?: string;
  /** The property, link rel, embedded relationship, rel, event (`participant added`) or sender concerned. */
  readonly name: string;
  /** Where it sits: '' for the linted resource itself, `embedded.from[0]`, `events[3]`, `events[3].embedded.message[0]`. */
  readonly where: string;
  /** The rel the item was checked against: the carrying resource's rel, or the event's link rel. */
  readonly rel: string | null;
  /** One sentence for a reader. */
  readonly message: string;
  /** For `missing-rel` and `unknown-rel`: the documented rels the resource fits best. */
  readonly candidates?: readonly RelGuess[];
}

/** Lists what a resource carries that its rel does not document, recursing into embedded resources (each checked against its own rel). */
export function lintResource(resource: UcwaResource): LintFinding[] {
  const findings: LintFinding[] = [];
  lintAt(resource, '', findings);
  return findings;
}

/** Lists events whose (link rel, type) or sender the catalogue does not document, and what their embedded resources carry undocumented. */
export function lintEventBatch(batch: EventBatch): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const event of batch.events) {
    const where = `events[${event.index}]`;
    const name = `${event.link.rel} ${event.type}`;
    const documented = documentedEvent(event.link.rel, event.type);
    if (!documented) {
      findings.push({
        kind: 'undocumented-event',
        severity: 'finding',
        name,
        where,
        rel: event.link.rel,
        message: `event "${name}" (sender ${event.sender.rel}) at ${where} is not in any Events table of the reference`,
      });
    } else if (!documented.senders.includes(event.sender.rel)) {
      findings.push({
        kind: 'undocumented-sender',
        severity: 'finding',
        name: event.sender.rel,
        where,
        rel: event.link.rel,
        message: `event "${name}" at ${where} arrives from sender "${event.sender.rel}", but the reference documents it from ${documented.senders.join(', ')}`,
      });
    }
    for (const [relationship, resources] of Object.entries(event.embedded))
      resources.forEach((embedded, i) => lintAt(embedded, `${where}.embedded.${relationship}[${i}]`, findings));
  }
  return findings;
}

/**
 * The findings for any decoded body: a resource or an event batch is linted, a `multipart/batching`
 * body part by part (`where` and the message say which part). Null for the kinds the catalogue
 * says nothing about (errors, forms, tokens, IM text, empty and opaque bodies).
 */
export function lintDecodedBody(body: DecodedBody): LintFinding[] | null {
  if (body.kind === 'resource') return lintResource(body.resource);
  if (body.kind === 'events') return lintEventBatch(body.batch);
  if (body.kind !== 'batch') return null;
  return body.parts.flatMap((part) => {
    const findings = part.body.ok ? lintDecodedBody(part.body.body) : null;
    return (findings ?? []).map((finding) => ({
      ...finding,
      where: `parts[${part.index}]${finding.where === '' ? '' : `.${finding.where}`}`,
      message: `part ${part.index}: ${finding.message}`,
    }));
  });
}

function place(where: string): string {
  return where === '' ? '' : ` at ${where}`;
}

function describeGuesses(guesses: readonly RelGuess[]): string {
  return guesses.map((g) => `${g.rel} (${g.score.toFixed(2)})`).join(', ');
}

function lintAt(resource: UcwaResource, where: string, findings: LintFinding[]): void {
  const rel = resource.rel;
  const names = rel === null ? undefined : documentedNames(rel);
  if (rel === null && resource.root === 'input') {
    findings.push({
      kind: 'input-not-checked',
      severity: 'finding',
      name: 'input',
      where,
      rel,
      message: `request input${place(where)} not checked: the catalogue documents resources, and an input carries an operation's parameters`,
    });
  } else if (rel === null) {
    const candidates = guessRel(resource);
    findings.push({
      kind: 'missing-rel',
      severity: 'finding',
      name: 'rel',
      where,
      rel,
      message:
        candidates.length > 0
          ? `resource${place(where)} has no rel; it fits best: ${describeGuesses(candidates)}`
          : `resource${place(where)} has no rel and carries nothing to guess one from`,
      candidates,
    });
  } else if (!names) {
    const candidates = guessRel(resource);
    findings.push({
      kind: 'unknown-rel',
      severity: 'finding',
      name: rel,
      where,
      rel,
      message:
        `rel "${rel}"${place(where)} is not in the resource catalogue, so its contents were not checked` +
        (candidates.length > 0 ? `; it fits best: ${describeGuesses(candidates)}` : ''),
      candidates,
    });
  } else {
    const about = `${rel}${place(where)}`;
    const undocumented = (kind: LintFindingKind, spot: KnownExtraPlace, name: string, carries: string): void => {
      const knownFrom = knownExtraSender(rel, spot, name);
      const message = `${about} ${carries}, which the reference does not document for ${rel}`;
      findings.push(
        knownFrom === undefined
          ? { kind, severity: 'finding', name, where, rel, message }
          : { kind, severity: 'info', knownFrom, name, where, rel, message: `${message}; ${knownFrom} sends it (information, not a finding)` },
      );
    };
    for (const [name, value] of Object.entries(resource.properties))
      if (!names.properties.has(name) && !isPutSentinel(name, value)) undocumented('undocumented-property', 'property', name, `carries property "${name}"`);
    for (const linkRel of Object.keys(resource.links))
      if (linkRel !== 'self' && !names.links.has(linkRel)) undocumented('undocumented-link', 'link', linkRel, `carries link "${linkRel}"`);
    for (const relationship of Object.keys(resource.embedded))
      if (!names.embedded.has(relationship)) undocumented('undocumented-embedded', 'embedded', relationship, `embeds "${relationship}"`);
  }
  for (const [relationship, resources] of Object.entries(resource.embedded))
    resources.forEach((embedded, i) => lintAt(embedded, `${where === '' ? '' : `${where}.`}embedded.${relationship}[${i}]`, findings));
}
