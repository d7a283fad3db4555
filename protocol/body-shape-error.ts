/**
 * Raised inside a decoder when a well-formed body cannot be read as the model (a `sender` that
 * is not a list, say). Each decoder catches it at its edge and returns a DecodeProblem; it never
 * escapes to callers.
 */
export class BodyShapeError extends Error {
  constructor(
    readonly sentence: string,
    /** Character offset the sentence is about, when the format knows one. */
    readonly offset?: number,
  ) {
    super(sentence);
    this.name = 'BodyShapeError';
  }
}
