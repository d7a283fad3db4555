/**
 * What a body decodes to. Bad input is a value (`ok: false` with a problem that names what and
 * where), never an exception and never a silently partial model.
 */
import type { EventBatch } from './event.ts';
import type { UcwaResource } from './resource.ts';
import type { UcwaError } from './ucwa-error.ts';

export type WireFormat = 'json' | 'xml' | 'form' | 'text' | 'multipart' | 'none' | 'opaque';

/** One part of a `multipart/batching` body: an inner HTTP request or response. */
export interface BatchPart {
  readonly index: number;
  readonly kind: 'request' | 'response';
  /** Request line parts (requests only). */
  readonly method?: string;
  readonly target?: string;
  /** Status line parts (responses only). */
  readonly status?: number;
  readonly statusText?: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The inner body decoded in turn; `ok: false` when the inner body is bad, without failing the batch. */
  readonly body: DecodeResult;
}

export interface OAuthTokenResponse {
  readonly accessToken: string;
  readonly tokenType?: string;
  readonly expiresInSeconds?: number;
  /** Every field of the response, verbatim. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export type DecodedBody =
  /** A server representation or request input in the resource model. */
  | { readonly kind: 'resource'; readonly resource: UcwaResource }
  | { readonly kind: 'events'; readonly batch: EventBatch }
  | { readonly kind: 'error'; readonly error: UcwaError }
  /** `application/x-www-form-urlencoded` (token requests): fields in order, repeated names kept. */
  | { readonly kind: 'form'; readonly fields: readonly (readonly [string, string])[] }
  | { readonly kind: 'token'; readonly token: OAuthTokenResponse }
  /** OAuth error (`{"error":"invalid_grant"}`). */
  | { readonly kind: 'oauth-error'; readonly error: string; readonly description?: string; readonly fields: Readonly<Record<string, string>> }
  /** An IM body POSTed to sendMessage, or any text/plain or text/html body. */
  | { readonly kind: 'message-text'; readonly mediaType: 'text/plain' | 'text/html'; readonly text: string }
  | { readonly kind: 'batch'; readonly parts: readonly BatchPart[] }
  /** An HTML error page a server (IIS, ASP.NET) answered with instead of UCWA: its title, and who wrote it when the markup says. */
  | { readonly kind: 'error-page'; readonly title: string | null; readonly server: 'IIS' | 'ASP.NET' | null }
  /** No body at all (204, Content-Length: 0). */
  | { readonly kind: 'empty' }
  /** A body we keep but do not interpret (image/jpeg, application/sdp...). */
  | { readonly kind: 'opaque'; readonly mediaType: string; readonly sizeBytes: number };

export interface DecodeProblem {
  readonly ok: false;
  readonly format: WireFormat;
  /** A sentence naming what is wrong and where: `XML: unclosed <link> at line 3, column 14`. */
  readonly problem: string;
  /** Byte or character offset into the body, when known. */
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
}

export interface DecodeSuccess {
  readonly ok: true;
  readonly format: WireFormat;
  readonly body: DecodedBody;
  /** Things worth telling a reader that did not stop decoding (e.g. a media type that disagreed with the body). */
  readonly warnings: readonly string[];
}

export type DecodeResult = DecodeSuccess | DecodeProblem;

/** What a decoder knows about a body besides its bytes; everything but the direction is optional. */
export interface BodyContext {
  /** The Content-Type header as sent, parameters included; undefined when missing. */
  readonly contentType?: string | undefined;
  readonly direction: 'request' | 'response';
  /** Request method (for requests, and for responses: the method of their request). */
  readonly method?: string | undefined;
  /** Request URL (absolute or path). */
  readonly url?: string | undefined;
  /** Response status, for responses. */
  readonly status?: number | undefined;
}
