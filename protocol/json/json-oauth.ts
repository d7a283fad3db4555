/**
 * OAuth token-endpoint JSON (AuthenticationInUCWA.md): `{"access_token","token_type","expires_in"}`
 * responses and `{"error","error_description"}` failures.
 */
import type { DecodedBody, OAuthTokenResponse } from '../decoded-body.ts';
import { setOwn } from '../own-field.ts';
import type { JsonObject } from './json-values.ts';

export function isOAuthToken(object: JsonObject): boolean {
  return typeof object['access_token'] === 'string';
}

export function isOAuthError(object: JsonObject): boolean {
  return typeof object['error'] === 'string' && !('_links' in object) && !('code' in object);
}

export function readOAuthToken(object: JsonObject): OAuthTokenResponse {
  const fields: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(object)) setOwn(fields, key, scalar(object[key]));
  const tokenType = object['token_type'];
  const expires = object['expires_in'];
  const expiresInSeconds = typeof expires === 'number' ? expires : typeof expires === 'string' && /^\d+$/.test(expires) ? Number(expires) : undefined;
  return {
    accessToken: object['access_token'] as string,
    ...(typeof tokenType === 'string' ? { tokenType } : {}),
    ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}),
    fields,
  };
}

export function readOAuthError(object: JsonObject): Extract<DecodedBody, { kind: 'oauth-error' }> {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(object)) {
    const value = scalar(object[key]);
    setOwn(fields, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const description = object['error_description'];
  return { kind: 'oauth-error', error: object['error'] as string, ...(typeof description === 'string' ? { description } : {}), fields };
}

/** Scalars as they are; nested values as their JSON text, so nothing is dropped. */
function scalar(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? null;
}
