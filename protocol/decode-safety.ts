/**
 * The two guarantees every public decoder keeps: it returns a value even when it has a bug (the
 * raw body is the record and stays untouched), and its warnings stay a readable list however
 * odd the body is.
 */
import type { DecodeProblem, DecodeResult, WireFormat } from './decoded-body.ts';
import { headOf } from './text/clip-text.ts';

export const MAX_WARNINGS = 100;

const SUMMARY = /^…and (\d+) more warnings like these$/;

/** Keeps the first MAX_WARNINGS and counts the rest; summaries from inner decoders are added up, not re-counted. */
export function capWarnings(warnings: readonly string[]): string[] {
  const plain: string[] = [];
  let more = 0;
  for (const warning of warnings) {
    const summary = SUMMARY.exec(warning);
    if (summary) more += Number(summary[1]);
    else plain.push(warning);
  }
  more += Math.max(0, plain.length - MAX_WARNINGS);
  const kept = plain.slice(0, MAX_WARNINGS);
  return more > 0 ? [...kept, `…and ${more} more warnings like these`] : kept;
}

export function unexpectedFailure(format: WireFormat, error: unknown): DecodeProblem {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ok: false, format, problem: `the decoder failed unexpectedly (${message}); the body is kept as sent. Please report it with this body.` };
}

/** Sentences quote names from the body; a megabyte-long name must not make a megabyte-long message. */
export function boundSentence(sentence: string): string {
  return sentence.replace(/[^\s"<>/]{121,}/g, (token) => `${headOf(token, 100)}…(${token.length} characters)`);
}

/** Applies the sentence bound and the warning cap to a finished result. */
export function finished(result: DecodeResult): DecodeResult {
  if (!result.ok) return { ...result, problem: boundSentence(result.problem) };
  return { ...result, warnings: capWarnings(result.warnings).map(boundSentence) };
}
