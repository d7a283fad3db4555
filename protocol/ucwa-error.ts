/** The UCWA error body (JSON object or XML `<reason>`), used synchronously and inside events. */
export interface UcwaError {
  /** Required by the docs; maps to the HTTP status for synchronous errors (`Conflict`, `NotFound`...). */
  readonly code: string;
  readonly subcode?: string;
  readonly message?: string;
  readonly debugInfo?: Readonly<Record<string, string>>;
  /** For 400s: the offending input parameters, name → value. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** A link the error carries, when it has one. */
  readonly link?: { readonly rel: string; readonly href: string };
  /** Any other field the body carried, kept verbatim as text. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The fields a decoder collected, as a UcwaError: optional ones only when present. */
export function assembleUcwaError(fields: {
  readonly code: string | undefined;
  readonly subcode?: string | undefined;
  readonly message?: string | undefined;
  readonly debugInfo?: Readonly<Record<string, string>> | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly link?: { readonly rel: string; readonly href: string } | undefined;
  readonly extra: Readonly<Record<string, string>>;
}): UcwaError {
  const { code, subcode, message, debugInfo, parameters, link, extra } = fields;
  return {
    code: code ?? '',
    ...(subcode !== undefined ? { subcode } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(debugInfo ? { debugInfo } : {}),
    ...(parameters ? { parameters } : {}),
    ...(link ? { link } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
