/**
 * One application's conversation history (conversationLogs_ref.md, conversationLog_ref.md): a log
 * written when a conversation ends or is missed, its recipients, and its transcripts (the IM
 * messages, or the call) paged through `nextConversationLogTranscripts`.
 */
import { encodeDataUri } from '../../protocol/data-uri.ts';
import { simDate, type SimLink, type SimResource } from '../wire/sim-resource.ts';

/** ConversationLogStatus and ConversationLogType, as enums.json lists them. */
export type LogStatus = 'Archived' | 'Missed';
export type LogType = 'MessageLog' | 'AudioLog';

export interface LogTranscript {
  readonly timeStampMs: number;
  /** `null` for the local user. */
  readonly from: string | null;
  readonly message?: { readonly text: string; readonly html: boolean };
  /** A call: how long it was connected (its AudioTranscriptStatus is Ended: a log is written once the call is over). */
  readonly audio?: { readonly durationMs: number };
}

export interface LogInput {
  readonly threadId: string;
  readonly subject: string;
  readonly importance: 'Normal' | 'Urgent' | 'Emergency';
  readonly direction: 'Incoming' | 'Outgoing';
  readonly createdMs: number;
  readonly status: LogStatus;
  readonly type: LogType;
  readonly modalities: readonly string[];
  readonly recipients: readonly { readonly sip: string; readonly name: string }[];
  readonly transcripts: readonly LogTranscript[];
}

export interface LogEntry extends LogInput {
  readonly id: number;
  read: boolean;
}

/** Transcripts per page: small, so a short session already shows `nextConversationLogTranscripts`. */
const TRANSCRIPTS_PER_PAGE = 3;

/** A call's duration as a .NET TimeSpan prints it (`hh:mm:ss`), the form UCWA's duration values take. */
function timeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

export class ConversationLogs {
  private readonly entries: LogEntry[] = [];

  constructor(
    private readonly communicationHref: string,
    private readonly meHref: string,
    /** The contact href of a built-in user, for recipient and transcript links; undefined for strangers. */
    private readonly contactHrefOf: (sip: string) => string | undefined,
  ) {}

  get href(): string {
    return `${this.communicationHref}/conversationLogs`;
  }

  get count(): number {
    return this.entries.length;
  }

  add(input: LogInput, id: number): void {
    this.entries.unshift({ ...input, id, read: input.status !== 'Missed' });
  }

  find(id: number): LogEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  remove(id: number): boolean {
    const index = this.entries.findIndex((e) => e.id === id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }

  /** Marks a log read; true when it was unread (a missed one). */
  markRead(entry: LogEntry): boolean {
    if (entry.read) return false;
    entry.read = true;
    return true;
  }

  logHref(entry: { readonly id: number }): string {
    return `${this.href}/${entry.id}`;
  }

  /** Newest first; `limit` as the GET's query parameter (conversationLogs_ref.md). */
  listResource(limit: number | null): SimResource {
    const shown = limit === null ? this.entries : this.entries.slice(0, limit);
    return { rel: 'conversationLogs', href: this.href, properties: {}, links: shown.map((e) => ({ rel: 'conversationLog', href: this.logHref(e) })) };
  }

  logResource(entry: LogEntry): SimResource {
    const href = this.logHref(entry);
    const links: SimLink[] = [{ rel: 'conversationLogTranscripts', href: `${href}/conversationLogTranscripts` }];
    if (!entry.read) links.push({ rel: 'markAsRead', href: `${href}/markAsRead` });
    const lastMessage = [...entry.transcripts].reverse().find((t) => t.message)?.message;
    return {
      rel: 'conversationLog',
      href,
      properties: {
        creationTime: simDate(entry.createdMs),
        direction: entry.direction,
        importance: entry.importance,
        modalities: [...entry.modalities],
        ...(lastMessage ? { previewMessage: lastMessage.text } : {}),
        status: entry.status,
        subject: entry.subject,
        threadId: entry.threadId,
        totalRecipientsCount: entry.recipients.length,
        type: entry.type,
      },
      links,
      embedded: { conversationLogRecipient: entry.recipients.map((_, index) => this.recipientResource(entry, index)) },
    };
  }

  recipientResource(entry: LogEntry, index: number): SimResource {
    const recipient = entry.recipients[index];
    if (!recipient) throw new Error(`log ${entry.id} has no recipient ${index}`);
    const contact = this.contactHrefOf(recipient.sip);
    const links: SimLink[] = contact ? [{ rel: 'contact', href: contact }, { rel: 'contactPresence', href: `${contact}/presence` }] : [];
    return { rel: 'conversationLogRecipient', href: `${this.logHref(entry)}/recipients/${index + 1}`, properties: { displayName: recipient.name, sipUri: recipient.sip }, links };
  }

  /**
   * A page of transcripts from `start` (0-based): the first page is `conversationLogTranscripts`,
   * later ones `nextConversationLogTranscripts`; each links the next while more remain.
   */
  transcriptsResource(entry: LogEntry, start: number): SimResource {
    const base = `${this.logHref(entry)}/conversationLogTranscripts`;
    const page = entry.transcripts.slice(start, start + TRANSCRIPTS_PER_PAGE);
    const next = start + TRANSCRIPTS_PER_PAGE;
    const links: SimLink[] = next < entry.transcripts.length ? [{ rel: 'nextConversationLogTranscripts', href: `${base}?start=${next}` }] : [];
    return {
      rel: start === 0 ? 'conversationLogTranscripts' : 'nextConversationLogTranscripts',
      href: start === 0 ? base : `${base}?start=${start}`,
      properties: {},
      links,
      embedded: { conversationLogTranscript: page.map((_, i) => this.transcriptResource(entry, start + i)) },
    };
  }

  transcriptCount(entry: LogEntry): number {
    return entry.transcripts.length;
  }

  transcriptResource(entry: LogEntry, index: number): SimResource {
    const t = entry.transcripts[index];
    if (!t) throw new Error(`log ${entry.id} has no transcript ${index}`);
    const href = `${this.logHref(entry)}/conversationLogTranscripts/${index + 1}`;
    const contact = t.from === null ? undefined : this.contactHrefOf(t.from);
    const links: SimLink[] = t.from === null ? [{ rel: 'me', href: this.meHref }] : contact ? [{ rel: 'contact', href: contact }] : [];
    const embedded: Record<string, SimResource> = {};
    if (t.message)
      embedded['messageTranscript'] = {
        rel: 'messageTranscript',
        href: `${href}/messageTranscript`,
        properties: {},
        links: [{ rel: t.message.html ? 'htmlMessage' : 'plainMessage', href: encodeDataUri(t.message.text, t.message.html ? 'text/html' : 'text/plain') }],
      };
    if (t.audio) embedded['audioTranscript'] = { rel: 'audioTranscript', href: `${href}/audioTranscript`, properties: { duration: timeSpan(t.audio.durationMs), status: 'Ended' }, links: [] };
    return { rel: 'conversationLogTranscript', href, properties: { timeStamp: simDate(t.timeStampMs) }, links, embedded };
  }
}
