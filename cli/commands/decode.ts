/** `ucwa-inspector decode`: reads one body from a file or stdin and prints its decoded model as JSON. */
import { readFile, stat } from 'node:fs/promises';
import { CommandError, UsageError, type Command, type CommandIo } from '../command.ts';
import { decodeHttpMessage, type HttpMessage } from '../../protocol/decode-message.ts';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import { lintDecodedBody } from '../../protocol/catalog/lint.ts';
import { MAX_DECODE_BYTES } from '../../protocol/text/body-text.ts';
import { concatBytes } from '../../protocol/concat-bytes.ts';

const HELP = `Usage: ucwa-inspector decode [FILE] [options]

Decodes one UCWA body (JSON, XML, an event batch, an error, a multipart/batching body,
a token exchange, IM text) into the resource model and prints it as JSON. Reads FILE,
or stdin when FILE is omitted or "-". Warnings go to stderr.

Options:
  --content-type TYPE  the body's Content-Type (default: from a .json or .xml file name,
                       else guessed from the body's first characters)
  --request            the body is a request (a POST input); default: a response
  --url URL            the URL it was sent to or fetched from (an /events URL marks an
                       empty event batch)
  --status N           the response status (error bodies are read as errors on 4xx/5xx)
  --lint               also compare the body with the UCWA resource catalogue: what it
                       carries that the reference does not document for its rel, events
                       no Events table lists, and for a resource without a rel the rels it
                       fits best. Findings go into the printed JSON as "lint" and, one line
                       each, to stderr
  -h, --help           this text

Exit status: 0 decoded (lint findings included: servers may send more than the docs say),
1 the body could not be decoded (the problem is on stderr), 2 bad arguments.

Examples:
  ucwa-inspector decode conversation.json
  ucwa-inspector decode conversation.json --lint
  ucwa-inspector decode events.xml --content-type 'application/vnd.microsoft.com.ucwa+xml'
  curl -s "$UCWA/application" -H "Authorization: Bearer $TOKEN" | ucwa-inspector decode
  ucwa-inspector decode batch.txt --content-type 'multipart/batching; boundary=77f2569d'
  printf 'Hello' | ucwa-inspector decode --request --content-type text/plain
`;

interface DecodeOptions {
  readonly file: string | undefined;
  /** What the flags say of the message: every part of it but its body. */
  readonly message: Omit<HttpMessage, 'body'>;
  readonly lint: boolean;
}

export function parseDecodeArgs(args: readonly string[]): DecodeOptions {
  let file: string | undefined;
  let contentType: string | undefined;
  let url: string | undefined;
  let status: number | undefined;
  let request = false;
  let lint = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || (inline === undefined && next.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--content-type':
        contentType = value();
        break;
      case '--url':
        url = value();
        break;
      case '--status': {
        const text = value();
        if (!/^[1-5]\d\d$/.test(text)) throw new UsageError(`--status takes an HTTP status such as 200 or 409, not "${text}"`);
        status = Number(text);
        break;
      }
      case '--request':
        request = true;
        break;
      case '--lint':
        lint = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (file !== undefined) throw new UsageError(`one FILE at a time (got "${file}" and "${arg}")`);
        file = arg;
    }
  }
  if (request && status !== undefined) throw new UsageError('--status describes a response; it cannot go with --request');
  const message = { side: request ? 'request' : 'response', contentType, url, status } as const;
  return { file: file === '-' ? undefined : file, message, lint };
}

/** A body too large to decode is refused before it is read whole: its size (when known) and the limit, in one line. */
function tooLarge(source: string, sizeBytes: number | null): CommandError {
  const limit = `${MAX_DECODE_BYTES / 1024 / 1024} MB decoding limit`;
  const what = sizeBytes === null ? `${source} holds more than the ${limit} (reading stopped there)` : `${source} is ${(sizeBytes / 1024 / 1024).toFixed(1)} MB, over the ${limit}`;
  return new CommandError(`${what}; decode a smaller body, or cut out the part you need.`);
}

/** Reads stdin up to the decoding limit: one byte past it and the rest is never buffered. */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    total += bytes.byteLength;
    if (total > MAX_DECODE_BYTES) {
      (stdin as { destroy?: () => void }).destroy?.();
      throw tooLarge('stdin', null);
    }
    chunks.push(bytes);
  }
  return concatBytes(chunks);
}

async function readBodyFile(file: string): Promise<Uint8Array> {
  const info = await stat(file);
  if (info.isFile() && info.size > MAX_DECODE_BYTES) throw tooLarge(file, info.size);
  return new Uint8Array(await readFile(file));
}

/** A `.json` or `.xml` file says its format; anything else is sniffed by the decoder, with a warning. */
function typeFromExtension(file: string): string | undefined {
  if (/\.json$/i.test(file)) return 'application/json';
  if (/\.xml$/i.test(file)) return 'application/xml';
  return undefined;
}

/** JSON for people: dates gain an ISO rendering, bytes become base64. */
function printable(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64'), sizeBytes: value.byteLength };
  if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'date' && typeof (value as { epochMs?: unknown }).epochMs === 'number')
    return { ...value, iso: new Date((value as { epochMs: number }).epochMs).toISOString() };
  return value;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { file, message, lint } = parseDecodeArgs(args);
  if (file === undefined && (io.stdin as { isTTY?: boolean }).isTTY) throw new UsageError('no FILE given and stdin is a terminal; pass a FILE or pipe a body in');
  let body: Uint8Array;
  try {
    body = file === undefined ? await readStdin(io.stdin) : await readBodyFile(file);
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : (error as Error).message;
    throw new CommandError(`cannot read ${file ?? 'stdin'}: ${reason}. Check the path and try again.`, { cause: error });
  }
  const source = file ?? 'stdin';
  const result = decodeHttpMessage({ ...message, body, contentType: message.contentType ?? (file === undefined ? undefined : typeFromExtension(file)) });
  if (!result.ok) {
    throw new CommandError(`${source}: ${result.problem} (read as ${result.format}; if that is the wrong format, say which with --content-type)`);
  }
  for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
  io.stdout.write(`${JSON.stringify(lint ? withLint(result.body, io) : result.body, printable, 2)}\n`);
  return 0;
}

/** The body with its catalogue findings added as `lint`; each finding is also told on stderr. */
function withLint(body: DecodedBody, io: CommandIo): DecodedBody & { readonly lint: unknown[] } {
  const findings = lintDecodedBody(body);
  if (findings === null) io.stderr.write(`lint: nothing checked: the catalogue documents resources and events, not ${body.kind} bodies\n`);
  else if (findings.length === 0) io.stderr.write('lint: nothing the reference does not document\n');
  for (const finding of findings ?? []) io.stderr.write(`lint: ${finding.message}\n`);
  return { ...body, lint: findings ?? [] };
}

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'decode one UCWA body (file or stdin) to the resource model as JSON',
  help: HELP,
  run,
};
