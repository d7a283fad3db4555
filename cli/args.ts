/** Command-line options through node:util parseArgs, with its errors turned into usage errors that name the option; checks shared by commands. */
import { existsSync, statSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseHttpUrl } from '../protocol/option-error.ts';
import { CommandError, UsageError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Spelled out so the compiled declarations can name it (node:util does not export its own name for it). */
type ReadArgs<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>>;

export function readArgs<T extends Options>(args: readonly string[], options: T, maxPositionals = 0): ReadArgs<T> {
  let parsed: ReadArgs<T>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: maxPositionals > 0, strict: true });
  } catch (error) {
    const message = (error as Error).message
      .replace(/^Unknown option '([^']+)'.*$/s, 'unknown option $1')
      .replace(/^Option '([^']+)' argument missing$/s, '$1 needs a value')
      .replace(/^Option '([^']+)' does not take an argument$/s, '$1 takes no value')
      .replace(/^Option '([^']+)' argument is ambiguous.*$/s, '$1 needs a value; to give one that starts with "-", write $1=VALUE')
      .replace(/^Unexpected argument '([^']+)'.*$/s, 'unexpected argument "$1"');
    throw new UsageError(message);
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  return parsed;
}

/** A required option's value, or a usage error naming it. */
export function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required: ${what}`);
  return value;
}

/** `--allow-host NAME` values: host names or addresses without a port, lower-cased. */
export function allowHostOption(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((name) => {
    const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
    if (isIPv6(bare) || /^[0-9a-z]([0-9a-z.-]*[0-9a-z])?$/i.test(name)) return name.toLowerCase();
    throw new UsageError(`--allow-host takes a host name or address without a port, such as inspector.lan or 192.168.1.20, not "${name}"`);
  });
}

/** A whole number option (a port, a count). */
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${value}"`);
  return Number(value);
}

/** An absolute http(s) URL option, checked as the library will check it: `what` says what the URL is for. */
export function urlOption(value: string | undefined, flag: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  const check = parseHttpUrl(value);
  if (!check.ok) throw new UsageError(`${flag} takes ${what}, but "${value}" ${check.problem}`);
  return value;
}

/** A number above zero (a speed factor). */
export function positiveNumberOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`${flag} takes a number above 0 such as 1 or 0.1, not "${value}"`);
  return number;
}

/** A folder option: it may not exist yet (the command creates it), but it may not be a file. */
export function folderOption(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && existsSync(value) && !statSync(value).isDirectory()) throw new CommandError(`${flag} ${value} is a file, not a folder; give a folder (it is created if missing)`);
  return value;
}

/** A file option to write: it may not be a folder. */
export function outputFileOption(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && existsSync(value) && statSync(value).isDirectory()) throw new CommandError(`${flag} ${value} is a folder; give the name of a file to write`);
  return value;
}
