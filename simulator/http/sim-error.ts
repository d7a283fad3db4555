/** A UCWA error the simulator answers with: HTTP status plus the documented body (code, subcode, message). */
import type { SimReason } from '../wire/sim-resource.ts';

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly reason: SimReason,
    readonly headers: readonly (readonly [string, string])[] = [],
  ) {
    super(reason.message);
  }
}

export const badRequest = (subcode: string, message: string) => new SimError(400, { code: 'BadRequest', subcode, message });
export const notFound = (message: string, subcode?: string) => new SimError(404, { code: 'NotFound', ...(subcode ? { subcode } : {}), message });
export const conflict = (subcode: string, message: string) => new SimError(409, { code: 'Conflict', subcode, message });
export const methodNotAllowed = (method: string, path: string, allowed: readonly string[]) =>
  new SimError(405, { code: 'MethodNotAllowed', message: `${method} is not allowed on ${path}; use ${allowed.join(' or ')}.` }, [['Allow', allowed.join(', ')]]);
export const missingInput = (names: readonly string[], what: string) =>
  new SimError(400, { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: `${what} needs ${names.join(', ')}.` });
