/** The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) we write and read. Fields starting with `_` are ours. */

export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

export interface HarRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarNameValue[];
  readonly headers: readonly HarNameValue[];
  readonly queryString: readonly HarNameValue[];
  readonly postData?: { readonly mimeType: string; readonly text: string; readonly _encoding?: 'base64' };
  readonly headersSize: number;
  readonly bodySize: number;
}

export interface HarResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarNameValue[];
  readonly headers: readonly HarNameValue[];
  readonly content: { readonly size: number; readonly mimeType: string; readonly text?: string; readonly encoding?: 'base64' };
  readonly redirectURL: string;
  readonly headersSize: number;
  readonly bodySize: number;
}

/** What HAR has no field for, kept so a HAR import loses nothing of our own recordings. */
export interface HarUcwaExtras {
  readonly seq: number;
  readonly stage: 'initiated' | 'completed' | 'aborted';
  readonly connectionId: string;
  readonly startedAtMs: number;
  readonly startedMonoMs: number;
  readonly requestSentMs: number | null;
  readonly firstByteMs: number | null;
  readonly endedMs: number | null;
  readonly requestBodySizeBytes: number;
  readonly requestBodyTruncated: boolean;
  readonly responseBodySizeBytes: number | null;
  readonly responseBodyTruncated: boolean | null;
  readonly error: { readonly kind: string; readonly message: string } | null;
  readonly redactions: readonly string[];
  /** Set when the exchange was rebuilt from a logged response body (its request was not captured). */
  readonly reconstructed?: true;
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: HarRequest;
  readonly response: HarResponse;
  readonly cache: Record<string, never>;
  readonly timings: { readonly send: number; readonly wait: number; readonly receive: number };
  readonly connection?: string;
  readonly _ucwa?: HarUcwaExtras;
}

export interface HarLog {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly comment?: string;
    readonly _session?: { readonly name: string; readonly mode: string; readonly upstream: string | null; readonly startedAtMs: number; readonly endedAtMs: number | null; readonly redacted: boolean; readonly notes: string };
    readonly entries: readonly HarEntry[];
  };
}
