/**
 * The shape of one resource-catalogue entry: the names the UCWA reference documents for a rel,
 * without prose. The data itself is generated into `catalog-data.ts`; `catalog.ts` reads it.
 */

/** One row of a reference page's Events table. */
export interface CatalogEvent {
  /** `added`, `updated`, `deleted`, `started` or `completed`. */
  readonly type: string;
  /** The rel of the event's `link`: the resource the event is about. */
  readonly resource: string;
  /** The rel of the sender the event arrives under (`conversation`, `communication`...). */
  readonly sender: string;
  /** Delivery priority on the event channel: `High`, `Medium` or `Low`. */
  readonly priority: string;
}

/** One documented HTTP operation on a rel. */
export interface CatalogOperation {
  /** Upper-case HTTP method. */
  readonly verb: string;
  /** Query parameter names the Query parameters table lists. */
  readonly query: readonly string[];
  /** Request body parameter names the Request body table lists (POST/PUT inputs). */
  readonly inputs: readonly string[];
}

/** Names a rel's own response samples carry that its reference tables leave out. */
export interface SampleOnlyNames {
  readonly properties: readonly string[];
  readonly links: readonly string[];
  readonly embedded: readonly string[];
}

export interface CatalogEntry {
  /** The rel, spelled as the reference spells it. */
  readonly rel: string;
  /** Reference pages (file stems, e.g. `startMessaging2`) whose facts are merged into this entry. */
  readonly pages: readonly string[];
  /**
   * The `rel` values that resources reached through this relationship carry, from the samples
   * (`organizer` → `contact`) and the walkthroughs (`localParticipant` → `participant`).
   * Empty when the reference shows no resource for it.
   */
  readonly resourceRels: readonly string[];
  /** Property names (scalars and lists alike) from the Properties table. */
  readonly properties: readonly string[];
  /** The properties whose values are lists. */
  readonly propertyLists: readonly string[];
  /** Link rels from the Links table, `self` included. */
  readonly links: readonly string[];
  /** Link rels that always come as arrays in JSON. */
  readonly linkArrays: readonly string[];
  /** Embedded relationship names. */
  readonly embedded: readonly string[];
  /** The embedded relationships that are arrays. */
  readonly embeddedArrays: readonly string[];
  /**
   * Content the Properties table lists but every sample carries as a link (a `data:` URI, e.g.
   * message `plainMessage`): documented in either place.
   */
  readonly linkedContent: readonly string[];
  readonly sampleOnly: SampleOnlyNames;
  readonly events: readonly CatalogEvent[];
  readonly operations: readonly CatalogOperation[];
}
