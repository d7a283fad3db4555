/** Typed view of a `message`: one IM in either direction, with its text decoded from `data:` links. */
import type { UcwaDate, UcwaResource } from '../resource.ts';
import type { UcwaEnum } from '../catalog/ucwa-enums.ts';
import {
  compact,
  readDataContent,
  readDate,
  readEnum,
  readHrefs,
  readLink,
  readLinks,
  readString,
  resourceView,
  type Hrefs,
  type LinkRef,
  type OpenEnum,
  type ResourceView,
} from './read-fields.ts';

export const MESSAGE_LINKS = ['participant', 'contact', 'messaging'] as const;

export interface MessageView extends ResourceView {
  readonly direction?: OpenEnum<'Direction'>;
  /** Delivery status (Failed, Pending, Succeeded); not the event-level `status`. */
  readonly status?: OpenEnum<'Status'>;
  readonly timeStamp?: UcwaDate;
  readonly operationId?: string;
  /** The participant who sent it, with the display name the link's title carries. */
  readonly sender?: LinkRef;
  /** The message text: from `plainMessage` when present, else the `htmlMessage` markup. */
  readonly text?: string;
  /** Which body `text` came from. */
  readonly format?: UcwaEnum<'MessageFormat'>;
  /** The `htmlMessage` markup when the message carries one. Untrusted: sanitize before showing. */
  readonly html?: string;
  /** Bodies that could not be decoded, one sentence each. */
  readonly bodyProblems?: readonly string[];
  /** Remote participants an outgoing IM did not reach. */
  readonly failedDeliveryParticipants: readonly string[];
  readonly hrefs: Hrefs<(typeof MESSAGE_LINKS)[number]>;
}

export function toMessageView(resource: UcwaResource): MessageView {
  const plain = readDataContent(resource, 'plainMessage');
  const html = readDataContent(resource, 'htmlMessage');
  const problems = [plain, html].flatMap((body) => (body && !body.ok ? [body.problem] : []));
  const plainText = plain?.ok ? plain.content.text : undefined;
  const htmlText = html?.ok ? html.content.text : undefined;
  return compact({
    ...resourceView(resource),
    direction: readEnum<'Direction'>(resource, 'direction'),
    status: readEnum<'Status'>(resource, 'status'),
    timeStamp: readDate(resource, 'timeStamp'),
    operationId: readString(resource, 'operationId'),
    sender: readLink(resource, 'participant'),
    text: plainText ?? htmlText,
    format: plainText !== undefined ? 'Plain' : htmlText !== undefined ? 'Html' : undefined,
    html: htmlText,
    bodyProblems: problems.length > 0 ? problems : undefined,
    failedDeliveryParticipants: readLinks(resource, 'failedDeliveryParticipant').map((link) => link.href),
    hrefs: readHrefs(resource, MESSAGE_LINKS),
  });
}
