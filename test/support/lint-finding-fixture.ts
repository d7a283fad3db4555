/** A copy of a reference-clean recording with exactly one catalogue lint finding: one property the reference does not document. */
import { fileURLToPath } from 'node:url';
import { editResponseJson, readFixtureJson, writeFixtureJson } from './edit-fixture.ts';

const source = fileURLToPath(new URL('../../recordings/outgoing-chat-json.json', import.meta.url));

/** The exchange that carries the finding: `POST applications`, answered 201 with the application. */
export const LINT_FINDING_SEQ = 4;
export const UNDOCUMENTED_PROPERTY = 'inspectorTestOnlyProperty';

/** Writes the copy to `path` and returns `path`. */
export function writeLintFindingFixture(path: string): string {
  const fixture = readFixtureJson(source);
  editResponseJson(fixture, LINT_FINDING_SEQ, (body) => {
    body[UNDOCUMENTED_PROPERTY] = 'not in the catalogue';
  });
  return writeFixtureJson(path, fixture);
}
