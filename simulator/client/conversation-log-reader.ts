/**
 * Conversation history and missed items, for the simulator's client: reads conversationLogs and
 * each log with its recipients and every page of its transcripts (following
 * `nextConversationLogTranscripts`), marks a log read, and reads missedItems.
 */
import { decodeDataUri } from '../../protocol/data-uri.ts';
import { firstLink, type UcwaResource } from '../../protocol/resource.ts';
import { readNumber, readString } from '../../protocol/views/read-fields.ts';
import { UcwaClientError, type UcwaClient } from './ucwa-client.ts';

export interface SeenTranscript {
  /** `local` for the signed-in user, else the contact href the transcript links (or `unknown`). */
  readonly from: string;
  readonly text: string | null;
  /** A call's transcript: its duration as the server printed it. */
  readonly audioDuration: string | null;
}

export interface SeenLog {
  readonly href: string;
  readonly status: string;
  readonly type: string;
  readonly direction: string;
  readonly subject: string;
  readonly modalities: readonly string[];
  /** Recipients' SIP addresses. */
  readonly recipients: readonly string[];
  readonly transcripts: readonly SeenTranscript[];
  /** How many pages the transcripts came in. */
  readonly transcriptPages: number;
  readonly unread: boolean;
}

function transcriptOf(resource: UcwaResource): SeenTranscript {
  const message = resource.embedded['messageTranscript']?.[0];
  const textLink = message ? (firstLink(message, 'plainMessage') ?? firstLink(message, 'htmlMessage')) : undefined;
  const decoded = textLink ? decodeDataUri(textLink.href) : undefined;
  const audio = resource.embedded['audioTranscript']?.[0];
  return {
    from: firstLink(resource, 'me') ? 'local' : (firstLink(resource, 'contact')?.href ?? 'unknown'),
    text: decoded?.ok ? decoded.text : null,
    audioDuration: audio ? (readString(audio, 'duration') ?? null) : null,
  };
}

async function readTranscripts(client: UcwaClient, firstHref: string): Promise<{ transcripts: SeenTranscript[]; pages: number }> {
  const transcripts: SeenTranscript[] = [];
  let href: string | undefined = firstHref;
  let pages = 0;
  while (href) {
    if (++pages > 100) throw new UcwaClientError(`the transcripts at ${firstHref} kept linking a next page; stopped after 100`);
    const page = await client.read(href);
    transcripts.push(...(page.embedded['conversationLogTranscript'] ?? []).map(transcriptOf));
    href = firstLink(page, 'nextConversationLogTranscripts')?.href;
  }
  return { transcripts, pages };
}

/** One log, with its recipients and all its transcripts. */
export async function readConversationLog(client: UcwaClient, href: string): Promise<SeenLog> {
  const log = await client.read(href);
  const transcriptsHref = firstLink(log, 'conversationLogTranscripts')?.href;
  const { transcripts, pages } = transcriptsHref ? await readTranscripts(client, transcriptsHref) : { transcripts: [], pages: 0 };
  const modalities = log.properties['modalities'];
  return {
    href,
    status: readString(log, 'status') ?? '',
    type: readString(log, 'type') ?? '',
    direction: readString(log, 'direction') ?? '',
    subject: readString(log, 'subject') ?? '',
    modalities: Array.isArray(modalities) ? modalities.map(String) : [],
    recipients: (log.embedded['conversationLogRecipient'] ?? []).map((r) => readString(r, 'sipUri') ?? ''),
    transcripts,
    transcriptPages: pages,
    unread: firstLink(log, 'markAsRead') !== undefined,
  };
}

/** Every log in conversationLogs (newest first, as the server lists them), each read in full. */
export async function readConversationLogs(client: UcwaClient): Promise<SeenLog[]> {
  const list = await client.read(client.link('conversationLogs'));
  const logs: SeenLog[] = [];
  for (const link of list.links['conversationLog'] ?? []) logs.push(await readConversationLog(client, link.href));
  return logs;
}

/** markAsRead on a log that offers it. */
export async function markLogRead(client: UcwaClient, logHref: string): Promise<void> {
  const href = firstLink(await client.read(logHref), 'markAsRead')?.href;
  if (!href) throw new UcwaClientError(`conversation log ${logHref} offers no markAsRead link (it is read already)`);
  await client.call('POST', href);
}

/** missedItems' counts, by property name. */
export async function readMissedItems(client: UcwaClient): Promise<Record<string, number>> {
  const missed = await client.read(client.link('missedItems'));
  const counts: Record<string, number> = {};
  for (const name of Object.keys(missed.properties)) {
    const value = readNumber(missed, name);
    if (value !== undefined) counts[name] = value;
  }
  return counts;
}
