/** Renders the generated `protocol/catalog/ucwa-enums.ts`: the members of every UCWA enumeration, from enums.json. */
import { REGENERATE, quote } from './catalog-module.ts';
import { CatalogShapeError, isRecord, list, text } from './catalog-pages.ts';

/** The generated `protocol/catalog/ucwa-enums.ts`, from the text of enums.json. */
export function buildEnumsModule(enumsJson: string): string {
  const parsed = JSON.parse(enumsJson) as unknown;
  const enums = list(parsed, 'enums.json').map((raw, index) => {
    if (!isRecord(raw)) throw new CatalogShapeError(`enums.json: enum ${index} is not an object`);
    const name = text(raw, 'name', `enums.json: enum ${index}`);
    const members = list(raw['members'], `enums.json: enum ${index} ("${name}"): "members"`).map((m, i) =>
      isRecord(m) ? text(m, 'name', `enums.json: enum "${name}" member ${i}`) : '',
    );
    return { name, members };
  });
  const q = quote;
  return [
    '/**',
    ' * GENERATED from test/corpus/ucwa/enums.json by scripts/build-catalog.ts. Do not edit by hand;',
    ` * regenerate with \`${REGENERATE}\`.`,
    ' * The members of every UCWA enumeration, by the name the reference gives it.',
    ' */',
    'export const UCWA_ENUMS = {',
    ...enums.map((e) => `  ${e.name}: [${e.members.map(q).join(', ')}],`),
    '} as const;',
    '',
    'export type UcwaEnumName = keyof typeof UCWA_ENUMS;',
    '',
    '/** The documented members of one enumeration, e.g. `UcwaEnum<\'ConversationState\'>`. */',
    'export type UcwaEnum<N extends UcwaEnumName> = (typeof UCWA_ENUMS)[N][number];',
    '',
  ].join('\n');
}
