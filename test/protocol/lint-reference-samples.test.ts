// Proves the catalogue and lint on the reference's own JSON and XML samples, decoded by the real decoder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isResourceType, resourceRelFor } from '../../protocol/catalog.ts';
import { guessRel } from '../../protocol/guess-rel.ts';
import { lintEventBatch, lintResource } from '../../protocol/lint.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { decodeEventSample, tryDecodeResourceSample } from '../support/decoded-sample.ts';
import { sharedUcwaDir } from '../support/shared-path.ts';

const samplesDir = join(sharedUcwaDir(), 'samples');

function responseSamples(extension: '.json' | '.xml'): { file: string; resource: UcwaResource }[] {
  return readdirSync(samplesDir)
    .filter((file) => file.endsWith(`.response${extension}`))
    .sort()
    .flatMap((file) => {
      // samples/index.json marks the few that are not well formed; the decoders' tests cover them.
      const resource = tryDecodeResourceSample(join(samplesDir, file));
      return resource ? [{ file, resource }] : [];
    });
}

const samples = responseSamples('.json');
const xmlSamples = responseSamples('.xml');

describe('lint on the reference JSON samples', () => {
  it('loads every JSON response sample that parses', () => {
    expect(samples).toHaveLength(151);
  });

  it('finds only the reference\'s own gaps: one undocumented embedded type and six bodies without a rel', () => {
    const findings = samples.flatMap(({ file, resource }) => lintResource(resource).map((f) => `${file} ${f.kind} ${f.name} ${f.where}`));
    const emergencyInput = 'unknown-rel startEmergencyCallParameters embedded.startEmergencyCallInput[0]';
    expect(findings).toEqual([
      'anonApplications.options.response.json missing-rel rel ',
      'applications.options.response.json missing-rel rel ',
      `audioVideoInvitation.get.response.json ${emergencyInput}`,
      `escalateAudio.post.response.json ${emergencyInput}`,
      `escalateAudioVideo.post.response.json ${emergencyInput}`,
      'makeMeAvailable2.post.response.json missing-rel rel ',
      `messagingInvitation.get.response.json ${emergencyInput}`,
      `onlineMeetingInvitation.get.response.json ${emergencyInput}`,
      `participantInvitation.get.response.json ${emergencyInput}`,
      `phoneAudioInvitation.get.response.json ${emergencyInput}`,
      'renegotiations.post.response.json missing-rel rel ',
      'resumeAudio.post.response.json missing-rel rel ',
      'resumeAudioVideo.post.response.json missing-rel rel ',
    ]);
  });

  it('finds the same gaps in the XML forms of the same samples', () => {
    expect(xmlSamples).toHaveLength(151);
    const asJson = (file: string) => file.replace(/\.xml$/, '.json');
    const findings = (list: typeof samples) => list.flatMap(({ file, resource }) => lintResource(resource).map((f) => `${asJson(file)} ${f.kind} ${f.name} ${f.where}`));
    expect(findings(xmlSamples)).toEqual(findings(samples));
  });

  it('raises nothing for IM text and invitation content carried as data: links', () => {
    const byFile = (file: string) => samples.find((s) => s.file === file)?.resource;
    const message = byFile('message.get.response.json');
    expect(message?.links['plainMessage']).toBeDefined();
    expect(lintResource(message as UcwaResource)).toEqual([]);
    const invitation = byFile('messagingInvitation.get.response.json') as UcwaResource;
    expect(Object.keys(invitation.links)).toEqual(expect.arrayContaining(['message', 'customContent']));
    expect(lintResource(invitation).map((f) => f.kind)).toEqual(['unknown-rel']);
  });

  it('guesses the stripped rel of almost every sample at the top score, and always among the two best scores', () => {
    const outcomes = samples
      .filter(({ resource }) => resource.rel !== null)
      .map(({ file, resource }) => {
        const rel = resource.rel as string;
        const expected = isResourceType(rel) ? rel : (resourceRelFor(rel) ?? rel);
        const guesses = guessRel({ ...resource, rel: null }, 500);
        const levels = [...new Set(guesses.map((g) => g.score))];
        const level = levels.indexOf(guesses.find((g) => g.rel === expected)?.score ?? -1);
        return { file, expected, level };
      });
    expect(outcomes.filter((o) => o.level < 0 || o.level > 1)).toEqual([]);
    const atTop = outcomes.filter((o) => o.level === 0).length;
    expect(atTop / outcomes.length).toBeGreaterThan(0.95);
  });
});

describe('lint on the reference event samples', () => {
  it('finds every event documented, with its sender', () => {
    const dir = join(samplesDir, 'events');
    const batches = readdirSync(dir).map((file) => decodeEventSample(join(dir, file)));
    expect(batches.reduce((n, b) => n + b.events.length, 0)).toBe(124);
    expect(batches.flatMap((b) => lintEventBatch(b))).toEqual([]);
  });
});
