/** A well-formedness problem found while reading XML: the sentence (positions named in it) and where it is. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly sentence: string,
    readonly at: number,
  ) {
    super(sentence);
  }
}
