import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogEntry,
  catalogEvents,
  catalogOperation,
  documentedEvent,
  documentedNames,
  documentedRels,
  eventsAbout,
  eventsSentBy,
  isResourceType,
  resourceRelFor,
} from '../../../protocol/catalog/catalog.ts';
import { CATALOG_ENTRIES } from '../../../protocol/catalog/catalog-data.ts';
import { UCWA_ENUMS } from '../../../protocol/catalog/ucwa-enums.ts';
import { CATALOG_MODULE_PATH, ENUMS_MODULE_PATH, locateCorpus } from '../../../scripts/build-catalog.ts';
import { buildCatalogEntries, buildCatalogModule, CatalogShapeError } from '../../../scripts/catalog-module.ts';
import { buildEnumsModule } from '../../../scripts/enums-module.ts';
import { ucwaCorpusDir } from '../../support/corpus-path.ts';

const corpus = ucwaCorpusDir;
const catalogJson = readFileSync(resolve(corpus, 'catalog.json'), 'utf8');

describe('the generated catalogue modules', () => {
  it('match what scripts/build-catalog.ts makes from catalog.json today', () => {
    // On failure: run `npx tsx scripts/build-catalog.ts` and commit the result.
    expect(readFileSync(CATALOG_MODULE_PATH, 'utf8')).toBe(buildCatalogModule(catalogJson));
  });

  it('match what scripts/build-catalog.ts makes from enums.json today', () => {
    expect(readFileSync(ENUMS_MODULE_PATH, 'utf8')).toBe(buildEnumsModule(readFileSync(resolve(corpus, 'enums.json'), 'utf8')));
  });

  it('account for every reference page', () => {
    const pages = (JSON.parse(catalogJson) as { rel: string }[]).map((p) => p.rel);
    const merged = new Set(CATALOG_ENTRIES.flatMap((e) => e.pages));
    expect(pages.filter((p) => !merged.has(p))).toEqual([]);
    expect(pages).toHaveLength(238);
  });

  it('hold names only, never prose', () => {
    const strings = JSON.stringify(CATALOG_ENTRIES).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    const prose = strings.filter((s) => /\s/.test(s) || s.length > 60);
    expect(prose).toEqual([]);
  });

  it('are built from the corpus folder or its catalog.json, and a wrong path is named', () => {
    expect(locateCorpus(corpus)).toBe(corpus);
    expect(locateCorpus(resolve(corpus, 'catalog.json'))).toBe(corpus);
    expect(locateCorpus(undefined)).toBe(corpus);
    expect(() => locateCorpus(resolve(corpus, 'samples'))).toThrow(`No catalog.json at ${resolve(corpus, 'samples')}`);
  });

  it('refuse a catalog.json of the wrong shape with a sentence naming where', () => {
    expect(() => buildCatalogEntries({})).toThrow(CatalogShapeError);
    expect(() => buildCatalogEntries([{ rel: 'x', doc_quirks: [], properties: 'no' }])).toThrow('catalog.json: page 0 ("x"): "properties" is not a list');
    expect(() => buildCatalogEntries([{ file: 'a.md' }])).toThrow('catalog.json: page 0 has no "rel"');
  });
});

describe('merging pages', () => {
  it('folds revision-2 pages into their base rel', () => {
    expect(catalogEntry('startMessaging')?.pages).toEqual(['startMessaging', 'startMessaging2']);
    expect(catalogEntry('startMessaging2')).toBeUndefined();
    expect(catalogOperation('startMessaging', 'post')?.inputs).toEqual(expect.arrayContaining(['operationId', 'to', 'message']));
    // group2 adds PUT and DELETE to group.
    expect(catalogEntry('group')?.operations.map((o) => o.verb)).toEqual(['GET', 'DELETE', 'PUT']);
  });

  it('lends the names of relationship pages to the type their samples show', () => {
    expect(catalogEntry('organizer')?.resourceRels).toEqual(['contact']);
    expect(catalogEntry('contact')?.pages).toEqual(['acceptedByContact', 'contact', 'organizer', 'to']);
    expect(catalogEntry('conversation')?.pages).toContain('derivedConversation');
    // presenceSubscription has no page of its own; subscribeToGroupPresence and presenceSubscriptions show one.
    expect(catalogEntry('presenceSubscription')?.pages).toEqual(expect.arrayContaining(['presenceSubscriptions', 'subscribeToGroupPresence']));
  });

  it('names the type a relationship leads to', () => {
    expect(resourceRelFor('localParticipant')).toBe('participant');
    expect(resourceRelFor('from')).toBe('participant');
    expect(resourceRelFor('organizer')).toBe('contact');
    expect(resourceRelFor('conversation')).toBe('conversation');
    expect(resourceRelFor('typingParticipants')).toBe('typingParticipants');
    expect(resourceRelFor('noSuchRelationship')).toBeNull();
    expect(resourceRelFor('__proto__')).toBeNull();
    // No reference page of its own; the invitation samples embed it carrying this rel.
    expect(resourceRelFor('startEmergencyCallInput')).toBe('startEmergencyCallParameters');
    expect(isResourceType('participant')).toBe(true);
    expect(isResourceType('organizer')).toBe(false);
    expect(isResourceType('localParticipant')).toBe(false);
  });

  it('accepts content the Properties table lists but the samples carry as links', () => {
    const message = documentedNames('message');
    expect(message?.links.has('plainMessage')).toBe(true);
    expect(message?.properties.has('plainMessage')).toBe(true);
    expect(catalogEntry('messagingInvitation')?.linkedContent).toEqual(['customContent', 'message']);
  });

  it('keeps the names only the samples show apart from the tables', () => {
    expect(catalogEntry('communication')?.sampleOnly.properties).toEqual(['simultaneousRingNumberMatch']);
    expect(catalogEntry('communication')?.properties).not.toContain('simultaneousRingNumberMatch');
  });
});

describe('catalogue lookups', () => {
  it('documents message completed as the walkthroughs show it, beside the ref page\'s message started', () => {
    expect(documentedEvent('message', 'completed')).toEqual({ resource: 'message', type: 'completed', senders: ['conversation'], priorities: ['High'], documentedBy: ['SendAnIM.md'] });
    expect(documentedEvent('message', 'started')?.documentedBy).toEqual(['message']);
    expect(documentedEvent('message', 'exploded')).toBeUndefined();
  });

  it('lists every documented rel once, sorted', () => {
    const rels = documentedRels();
    expect(rels).toContain('conversation');
    expect(new Set(rels).size).toBe(rels.length);
    expect([...rels].sort()).toEqual(rels);
  });

  it('gives the names, lists and arrays of a rel', () => {
    const conversation = catalogEntry('conversation');
    expect(conversation?.properties).toContain('participantCount');
    expect(conversation?.propertyLists).toEqual(['activeModalities']);
    expect(conversation?.links).toEqual(expect.arrayContaining(['messaging', 'participants', 'localParticipant', 'addParticipant']));
    expect(catalogEntry('message')?.linkArrays).toEqual(['failedDeliveryParticipant']);
    expect(catalogEntry('messagingInvitation')?.embeddedArrays).toContain('acceptedByParticipant');
  });

  it('gives operations with their query parameter names', () => {
    expect(catalogOperation('events', 'GET')?.query).toEqual(['low', 'medium', 'priority', 'timeout']);
    expect(catalogOperation('conversation', 'delete')).toEqual({ verb: 'DELETE', query: [], inputs: [] });
    expect(catalogOperation('conversation', 'PUT')).toBeUndefined();
  });

  it('indexes events by link rel and type, with every documented sender', () => {
    const typingStarted = documentedEvent('participant', 'added');
    expect(typingStarted?.senders).toEqual(['conversation']);
    expect(typingStarted?.documentedBy).toEqual(expect.arrayContaining(['participant', 'typingParticipants', 'lobby']));
    expect(documentedEvent('messagingInvitation', 'completed')?.priorities).toEqual(['High']);
    expect(documentedEvent('message', 'deleted')).toBeUndefined();
    expect(eventsAbout('conversation').map((e) => e.type)).toEqual(['added', 'updated', 'deleted']);
    expect(eventsSentBy('me').map((e) => e.resource)).toContain('me');
  });

  it('keeps every row of every Events table', () => {
    const rows = (JSON.parse(catalogJson) as { events: { type: string; resource: string; sender: string }[] }[]).flatMap((p) => p.events);
    const kept = new Set(catalogEvents().map((e) => `${e.type} ${e.resource} ${e.sender}`));
    expect(rows.length).toBe(167);
    expect(rows.filter((r) => !kept.has(`${r.type} ${r.resource} ${r.sender}`))).toEqual([]);
  });

  it('has the enumerations the views type their fields with', () => {
    expect(UCWA_ENUMS.ConversationState).toContain('Incoming');
    expect(UCWA_ENUMS.MessageFormat).toEqual(['Html', 'Plain']);
    expect(Object.keys(UCWA_ENUMS)).toHaveLength(56);
  });
});
