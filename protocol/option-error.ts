/**
 * The one error the library's entry points (startReplay, startRecordingProxy, startSimulator,
 * startInspectorServer) throw for an option they cannot use, and the checks they share. It lives
 * here, in the bottom layer, so every layer may throw it; it is pure (no I/O), like the rest of protocol/.
 */

export class OptionError extends Error {
  override readonly name = 'OptionError';
  /**
   * @param option the option's name as the caller spelled it (`fallback`, `--port`)
   * @param problem what is wrong and what to do, read after the value: `is not a URL; give one such as …`
   */
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly problem: string,
  ) {
    super(`${option}: ${shown(value)} ${problem}`);
  }
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Object.prototype.toString.call(value);
}

export type HttpUrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly problem: string };

const URL_EXAMPLE = 'https://lyncweb.contoso.com';

/** Whether `text` is an absolute http or https URL; the problem reads after the value, as in OptionError. */
export function parseHttpUrl(text: string): HttpUrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `is not an absolute URL; give one with its scheme, such as ${URL_EXAMPLE}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `uses the ${url.protocol} scheme; give an http or https URL, such as ${URL_EXAMPLE}` };
  return { ok: true, url };
}

/** An absolute http(s) URL option, or an OptionError naming it. */
export function httpUrlOption(option: string, value: string): URL {
  const check = parseHttpUrl(value);
  if (!check.ok) throw new OptionError(option, value, check.problem);
  return check.url;
}

/** A TCP port option (0 asks for a free one), or an OptionError naming it. */
export function portOption(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new OptionError(option, value, 'is not a TCP port; give a whole number from 0 to 65535 (0 picks a free one)');
  return value;
}

/** One of a fixed set of words, or an OptionError naming the option and listing the choices. */
export function choiceOption<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new OptionError(option, value, `is not one of the choices; use ${choices.join(' or ')}`);
  return value as T;
}

/** A number greater than zero (a speed factor), or an OptionError naming it. */
export function positiveNumberOption(option: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new OptionError(option, value, 'is not a positive number; give one such as 1 (real time) or 0.1 (ten times faster)');
  return value;
}
