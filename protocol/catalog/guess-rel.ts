/**
 * Guesses which documented resource type a resource without a `rel` is, from the property, link
 * and embedded names it carries. A ranking with scores, never a certainty.
 */
import { documentedNames, documentedRels, isResourceType, type DocumentedNames } from './catalog.ts';
import { isPutSentinel } from './put-sentinel.ts';
import type { UcwaResource } from '../resource.ts';

export interface RelGuess {
  readonly rel: string;
  /** 0..1: how well the rel's documented names explain what the resource carries (1 = fully, and most of what it documents is there). */
  readonly score: number;
  /** How many of the carried names this rel documents. */
  readonly matched: number;
  /** How many names the resource carries (properties, links other than `self`, embedded relationships). */
  readonly carried: number;
  /** Set when the resource's own `self` href ends in this rel's name (`…/root`): that outranks the names it carries. */
  readonly namedBySelf?: true;
}

interface Candidate {
  readonly rel: string;
  readonly names: ReadonlySet<string>;
}

interface Model {
  readonly candidates: readonly Candidate[];
  /** Rare names say more than common ones (`participantCount` versus `name`): inverse document frequency. */
  readonly weight: (name: string) => number;
  readonly documentedWeight: ReadonlyMap<string, number>;
}

let model: Model | undefined;

function keyedNames(names: DocumentedNames): Set<string> {
  return new Set([
    ...[...names.properties].map((n) => `p:${n}`),
    ...[...names.links].filter((n) => n !== 'self').map((n) => `l:${n}`),
    ...[...names.embedded].map((n) => `e:${n}`),
  ]);
}

function buildModel(): Model {
  // Relationship-only rels (`organizer`, `localParticipant`) lend their names to their type, so guessing them would only split the vote.
  const candidates = documentedRels()
    .filter(isResourceType)
    .map((rel) => ({ rel, names: keyedNames(documentedNames(rel) ?? { properties: new Set(), links: new Set(), embedded: new Set() }) }))
    .filter((c) => c.names.size > 0);
  const frequency = new Map<string, number>();
  for (const c of candidates) for (const name of c.names) frequency.set(name, (frequency.get(name) ?? 0) + 1);
  const total = candidates.length;
  const weight = (name: string) => Math.log(1 + total / (frequency.get(name) ?? 1));
  const documentedWeight = new Map(candidates.map((c) => [c.rel, [...c.names].reduce((sum, n) => sum + weight(n), 0)]));
  return { candidates, weight, documentedWeight };
}

function carriedNames(resource: UcwaResource): string[] {
  return [
    ...Object.entries(resource.properties)
      .filter(([name, value]) => !isPutSentinel(name, value))
      .map(([name]) => `p:${name}`),
    ...Object.keys(resource.links)
      .filter((rel) => rel !== 'self')
      .map((rel) => `l:${rel}`),
    ...Object.keys(resource.embedded).map((relationship) => `e:${relationship}`),
  ];
}

/**
 * Documented resource types ranked by fit, best first, at most `limit` of them. The score is an
 * F-measure weighted towards precision (β = 0.5): a rel that documents everything the resource
 * carries beats one that merely documents a lot. Empty when the resource carries nothing to go on.
 */
export function guessRel(resource: UcwaResource, limit = 3): RelGuess[] {
  model ??= buildModel();
  const { candidates, weight, documentedWeight } = model;
  const carried = carriedNames(resource);
  const selfNamed = relNamedBySelf(resource.href, candidates);
  if (carried.length === 0) return selfNamed === undefined || limit < 1 ? [] : [{ rel: selfNamed, score: 0, matched: 0, carried: 0, namedBySelf: true }];
  const carriedWeight = carried.reduce((sum, n) => sum + weight(n), 0);
  const guesses: RelGuess[] = [];
  for (const candidate of candidates) {
    const matchedNames = carried.filter((n) => candidate.names.has(n));
    if (matchedNames.length === 0) continue;
    const matchedWeight = matchedNames.reduce((sum, n) => sum + weight(n), 0);
    const precision = matchedWeight / carriedWeight;
    const recall = matchedWeight / (documentedWeight.get(candidate.rel) ?? matchedWeight);
    const f = (1.25 * precision * recall) / (0.25 * precision + recall);
    const guess = { rel: candidate.rel, score: Math.round(f * 1000) / 1000, matched: matchedNames.length, carried: carried.length };
    guesses.push(candidate.rel === selfNamed ? { ...guess, namedBySelf: true } : guess);
  }
  if (selfNamed !== undefined && !guesses.some((g) => g.namedBySelf)) guesses.push({ rel: selfNamed, score: 0, matched: 0, carried: carried.length, namedBySelf: true });
  guesses.sort((a, b) => Number(b.namedBySelf === true) - Number(a.namedBySelf === true) || b.score - a.score || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return guesses.slice(0, Math.max(0, limit));
}

/**
 * The documented type a self href names by its last path segment, case-insensitively
 * (`…/AutodiscoverService.svc/root` is a root, though its links fit a redirect as well). Only a
 * guess's tie-breaker: rels are never taken from URLs where the body names one.
 */
function relNamedBySelf(href: string | null, candidates: readonly Candidate[]): string | undefined {
  if (href === null) return undefined;
  const path = href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (segment === '') return undefined;
  return candidates.find((c) => c.rel.toLowerCase() === segment)?.rel;
}
