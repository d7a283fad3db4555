// Proves the catalogue and lint on the reference's own samples, JSON and XML alike, read through the real decoder.
import { describe, expect, it } from 'vitest';
import { isResourceType, resourceRelFor } from '../../../protocol/catalog/catalog.ts';
import { guessRel } from '../../../protocol/catalog/guess-rel.ts';
import { lintEventBatch, lintResource } from '../../../protocol/catalog/lint.ts';
import type { UcwaResource } from '../../../protocol/resource.ts';
import { eventSampleFiles, responseSampleFiles, SAMPLE_FORMATS, sampleEventBatch, sampleResource } from '../../support/reference-samples.ts';

describe.each(SAMPLE_FORMATS)('lint on the reference %s response samples', (format) => {
  const samples = responseSampleFiles(format).map((file) => ({ file, resource: sampleResource(file) }));
  it('decodes every response sample', () => {
    expect(samples).toHaveLength(151);
  });

  it('finds only the reference\'s own gaps: one undocumented embedded type and six bodies without a rel', () => {
    const findings = samples.flatMap(({ file, resource }) => lintResource(resource).map((f) => `${file.replace(`.${format}`, '')} ${f.kind} ${f.name} ${f.where}`));
    const emergencyInput = 'unknown-rel startEmergencyCallParameters embedded.startEmergencyCallInput[0]';
    expect(findings).toEqual([
      'anonApplications.options.response missing-rel rel ',
      'applications.options.response missing-rel rel ',
      `audioVideoInvitation.get.response ${emergencyInput}`,
      `escalateAudio.post.response ${emergencyInput}`,
      `escalateAudioVideo.post.response ${emergencyInput}`,
      'makeMeAvailable2.post.response missing-rel rel ',
      `messagingInvitation.get.response ${emergencyInput}`,
      `onlineMeetingInvitation.get.response ${emergencyInput}`,
      `participantInvitation.get.response ${emergencyInput}`,
      `phoneAudioInvitation.get.response ${emergencyInput}`,
      'renegotiations.post.response missing-rel rel ',
      'resumeAudio.post.response missing-rel rel ',
      'resumeAudioVideo.post.response missing-rel rel ',
    ]);
  });

  it('raises nothing for IM text and invitation content carried as data: links', () => {
    const byFile = (stem: string) => samples.find((s) => s.file === `${stem}.${format}`)?.resource;
    const message = byFile('message.get.response');
    expect(message?.links['plainMessage']).toBeDefined();
    expect(lintResource(message as UcwaResource)).toEqual([]);
    const invitation = byFile('messagingInvitation.get.response') as UcwaResource;
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
    const batches = eventSampleFiles('json').map(sampleEventBatch);
    expect(batches.reduce((n, b) => n + b.events.length, 0)).toBe(124);
    expect(batches.flatMap((b) => lintEventBatch(b))).toEqual([]);
  });
});
