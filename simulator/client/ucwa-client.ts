/**
 * A small UCWA client that does what the docs ask of one: discovers the server, signs in with
 * OAuth, creates an application, keeps the event channel polling (the next poll goes out before
 * a batch is processed; `next`, `resync` and 409 PGetReplaced handled), follows links by rel
 * only, and speaks JSON or XML. Everything it sees lands in `seen`.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { encodeBatchRequest } from '../../protocol/batch-messages.ts';
import { decodeHttpMessage } from '../../protocol/decode-message.ts';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import { firstLink, type UcwaResource } from '../../protocol/resource.ts';
import { HttpTransport, type HttpResponse, type TransportOptions } from './http-transport.ts';
import { encodeInput, type InputValue } from './input-body.ts';
import { EventChannelLoop } from './event-channel-loop.ts';
import { SeenState } from './seen-state.ts';
import { CallActions } from './call-actions.ts';
import { resourceOf, sipOf, UcwaClientError, type CallInit, type CallResult, type ClientCore } from './client-core.ts';
import { MeetingActions } from './meeting-actions.ts';
import { PresenceActions } from './presence-actions.ts';
import { waitForChange } from './wait-for-change.ts';

export interface UcwaClientOptions extends TransportOptions {
  /** The autodiscover root, e.g. `http://127.0.0.1:41234/`. */
  readonly baseUrl: string;
  readonly user: string;
  readonly password: string;
  /** Default json. */
  readonly format?: 'json' | 'xml';
  readonly userAgent?: string;
}

export { UcwaClientError };

type Links = Map<string, string>;

export class UcwaClient extends EventEmitter {
  readonly seen = new SeenState();
  readonly format: 'json' | 'xml';
  private readonly transport: HttpTransport;
  private token: string | null = null;
  private links: Links = new Map();
  private base: URL;
  private channel: EventChannelLoop | null = null;
  private operationCounter = 0;
  /** Set when the event channel stopped for good (application gone, network failure). */
  channelError: Error | null = null;
  /** Audio/video calls (call-actions.ts). */
  readonly calls: CallActions;
  /** Online meetings: schedule, join, leave (meeting-actions.ts). */
  readonly meetings: MeetingActions;
  /** Presence: publish, subscribe, contacts' presence links (presence-actions.ts). */
  readonly presence: PresenceActions;

  constructor(private readonly options: UcwaClientOptions) {
    super();
    this.format = options.format ?? 'json';
    this.transport = new HttpTransport(options);
    this.base = new URL(options.baseUrl);
    const core: ClientCore = {
      seen: this.seen,
      call: (method, href, init) => this.call(method, href, init),
      link: (rel) => this.link(rel),
      remember: (resource) => this.remember(resource),
      absolute: (href) => new URL(href, this.base),
      nextOperationId: () => this.nextOperationId(),
      waitFor: (check, what, timeoutMs) => this.waitFor(check, what, timeoutMs),
    };
    this.calls = new CallActions(core);
    this.meetings = new MeetingActions(core);
    this.presence = new PresenceActions(core);
  }

  private get acceptHeader(): string {
    return this.format === 'xml' ? 'application/vnd.microsoft.com.ucwa+xml' : 'application/vnd.microsoft.com.ucwa+json';
  }

  private async send(method: string, href: string, init: { body?: Uint8Array | string; contentType?: string; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<{ response: HttpResponse; url: URL }> {
    const url = new URL(href, this.base);
    const headers: Record<string, string> = { Accept: this.acceptHeader, ...init.headers };
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    if (init.contentType) headers['Content-Type'] = init.contentType;
    const response = await this.transport.request(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}), ...(init.signal ? { signal: init.signal } : {}) });
    return { response, url };
  }

  private decode(response: HttpResponse, url: URL): DecodedBody {
    const result = decodeHttpMessage({ side: 'response', body: response.body, contentType: response.headers['content-type'], url, status: response.status });
    if (!result.ok) throw new UcwaClientError(`${url.pathname}: the server's body did not decode: ${result.problem}`);
    return result.body;
  }

  /** A request that must succeed; a UCWA error body becomes an exception naming code and subcode. Public for the client's feature modules. */
  async call(method: string, href: string, init: CallInit = {}): Promise<CallResult> {
    const encoded = init.input ? encodeInput(init.input, this.format) : init.text ? { body: init.text.body, contentType: init.text.type } : undefined;
    const { response, url } = await this.send(method, href, { ...(encoded ? { body: encoded.body, contentType: encoded.contentType } : {}), ...(init.headers ? { headers: init.headers } : {}) });
    const body = response.body.byteLength > 0 ? this.decode(response, url) : ({ kind: 'empty' } as const);
    if (response.status >= 400) {
      const detail = body.kind === 'error' ? `${body.error.code}${body.error.subcode ? `/${body.error.subcode}` : ''}: ${body.error.message ?? ''}` : `status ${response.status}`;
      throw new UcwaClientError(`${method} ${url.pathname} failed: ${detail}`);
    }
    return { response, body, url };
  }

  /** The href of a link the server gave (by rel), or an error saying it gave none. */
  link(rel: string): string {
    const href = this.links.get(rel);
    if (!href) throw new UcwaClientError(`the server gave no ${rel} link (yet); the client only follows links it was given`);
    return href;
  }

  private remember(resource: UcwaResource): void {
    for (const [rel, list] of Object.entries(resource.links)) if (list[0]) this.links.set(rel, list[0].href);
    for (const [relationship, list] of Object.entries(resource.embedded)) {
      const embedded = list[0];
      if (!embedded) continue;
      if (embedded.href) this.links.set(relationship, embedded.href);
      this.remember(embedded);
    }
  }

  /** The autodiscover root, following `redirect` links (SfB Online points to a pool's root first); a few hops at most. */
  private async discoverRoot(): Promise<UcwaResource> {
    let href = this.base.href;
    for (let hop = 0; hop < 4; hop++) {
      const root = resourceOf((await this.call('GET', href)).body, 'the autodiscover root');
      const redirect = firstLink(root, 'redirect')?.href;
      if (!redirect || firstLink(root, 'user')) return root;
      href = new URL(redirect, href).href;
      this.base = new URL(href);
    }
    throw new UcwaClientError(`autodiscovery from ${this.options.baseUrl} kept redirecting; stopped after 4 hops`);
  }

  /** Discovery, sign-in, a new application and its event channel. */
  async signIn(): Promise<void> {
    const root = await this.discoverRoot();
    const userHref = firstLink(root, 'user')?.href;
    if (!userHref) throw new UcwaClientError('the autodiscover root has no user link');
    const challenge = await this.send('GET', userHref);
    if (challenge.response.status === 401) {
      const header = String(challenge.response.headers['www-authenticate'] ?? '');
      const tokenHref = /MsRtcOAuth\s+href="([^"]+)"/i.exec(header)?.[1];
      if (!tokenHref) throw new UcwaClientError(`the 401 from ${userHref} has no MsRtcOAuth challenge: ${header}`);
      const form = new URLSearchParams({ grant_type: 'password', username: this.options.user, password: this.options.password }).toString();
      const { response, url } = await this.send('POST', tokenHref, { body: form, contentType: 'application/x-www-form-urlencoded' });
      const token = this.decode(response, url);
      if (token.kind !== 'token') throw new UcwaClientError(`sign-in as ${this.options.user} failed: ${token.kind === 'oauth-error' ? token.error : `status ${response.status}`}`);
      this.token = token.token.accessToken;
    }
    const user = resourceOf((await this.call('GET', userHref)).body, 'the user resource');
    const applications = firstLink(user, 'applications')?.href;
    if (!applications) throw new UcwaClientError('the user resource has no applications link');
    this.base = new URL(applications, this.base);
    const created = await this.call('POST', applications, { input: { userAgent: this.options.userAgent ?? 'ucwa-inspector-client/1.0', endpointId: `endpoint-${this.options.user}`, culture: 'en-US' } });
    const application = resourceOf(created.body, 'the new application');
    this.links.set('application', application.href ?? created.response.headers.location ?? '');
    this.remember(application);
    this.channel = new EventChannelLoop(this.link('events'), {
      send: (href, signal) => this.send('GET', href, { signal }),
      decode: (response, url) => this.decode(response, url),
      onBatch: (batch) => {
        for (const event of batch.events) this.seen.apply(event);
        this.emit('change');
      },
      onStopped: (error) => {
        this.channelError = error;
        this.emit('change');
      },
    });
  }

  async makeMeAvailable(): Promise<void> {
    await this.call('POST', this.link('makeMeAvailable'), { input: { SupportedModalities: ['Messaging'], supportedMessageFormats: ['Plain', 'Html'] } });
  }

  /** The href of this client's application, once signed in. */
  get applicationHref(): string {
    return this.link('application');
  }

  /** GETs a resource by href (a contact's presence an event pointed at, say). */
  async read(href: string): Promise<UcwaResource> {
    return resourceOf((await this.call('GET', href)).body, href);
  }

  /** GETs `hrefs` in one POST to `batch`, with a new random boundary each time as real clients send; one decoded answer per part, in order. */
  async batchGet(hrefs: readonly string[]): Promise<{ status: number; body: DecodedBody }[]> {
    const boundary = randomBytes(4).toString('hex');
    const body = encodeBatchRequest(hrefs.map((href) => ({ method: 'GET', target: new URL(href, this.base).pathname + new URL(href, this.base).search, headers: [['Accept', this.acceptHeader]] })), boundary);
    const { response, url } = await this.send('POST', this.link('batch'), { body, contentType: `multipart/batching; boundary=${boundary}` });
    const decoded = this.decode(response, url);
    if (response.status !== 200 || decoded.kind !== 'batch') throw new UcwaClientError(`POST ${url.pathname} answered ${response.status} with ${decoded.kind}, not a batch`);
    return decoded.parts.map((part) => {
      if (!part.body.ok) throw new UcwaClientError(`batch part ${part.index + 1} did not decode: ${part.body.problem}`);
      return { status: part.status ?? 0, body: part.body.body };
    });
  }

  nextOperationId(): string {
    return `op-${++this.operationCounter}`;
  }

  /** Invites `to` to a new IM conversation; resolves with the conversation's href once the server names it. */
  async startConversation(to: string, options: { subject?: string; message?: string } = {}): Promise<string> {
    const { encodeDataUri } = await import('../../protocol/data-uri.ts');
    const input: Record<string, InputValue> = { operationId: this.nextOperationId(), to: sipOf(to), ...(options.subject ? { subject: options.subject } : {}) };
    if (options.message) input['_links.message'] = encodeDataUri(options.message);
    const { response } = await this.call('POST', this.link('startMessaging'), { input });
    const invitationHref = response.headers.location;
    if (!invitationHref) throw new UcwaClientError('startMessaging answered without a Location');
    return this.waitFor(() => this.seen.invitations.get(new URL(invitationHref, this.base).pathname)?.conversationHref ?? this.seen.invitations.get(invitationHref)?.conversationHref ?? undefined, `the conversation of invitation ${invitationHref}`);
  }

  async sendMessage(conversationHref: string, text: string, options: { html?: boolean } = {}): Promise<void> {
    const conv = this.seen.conversation(conversationHref);
    const href = conv.links.get('sendMessage');
    if (!href) throw new UcwaClientError(`conversation ${conversationHref} offers no sendMessage link (messaging is ${conv.messagingStates.at(-1) ?? 'not started'})`);
    const note = this.seen.noteSending(conversationHref, text, options.html ?? false);
    const url = new URL(href, this.base);
    url.searchParams.set('operationId', this.nextOperationId());
    const { response } = await this.call('POST', url.href, { text: { body: text, type: options.html ? 'text/html' : 'text/plain' } });
    const location = response.headers.location;
    if (location && note.href === null && !conv.messages.some((m) => m.href === location)) note.href = location;
    else if (location && note.href !== location) {
      // The completed event arrived first and took this note: nothing more to do.
    }
  }

  async setTyping(conversationHref: string): Promise<void> {
    const href = this.seen.conversation(conversationHref).links.get('setIsTyping');
    if (!href) throw new UcwaClientError(`conversation ${conversationHref} offers no setIsTyping link`);
    await this.call('POST', href);
  }

  /** Stops messaging but stays in the conversation. */
  async stopMessaging(conversationHref: string): Promise<void> {
    const href = this.seen.conversation(conversationHref).links.get('stopMessaging');
    if (!href) throw new UcwaClientError(`conversation ${conversationHref} offers no stopMessaging link`);
    await this.call('POST', href);
  }

  /** Starts messaging again in a conversation that stopped it; resolves with the new invitation's href. */
  async addMessaging(conversationHref: string, options: { message?: string } = {}): Promise<string> {
    const href = this.seen.conversation(conversationHref).links.get('addMessaging');
    if (!href) throw new UcwaClientError(`conversation ${conversationHref} offers no addMessaging link (messaging is ${this.seen.conversation(conversationHref).messagingStates.at(-1) ?? 'not started'})`);
    const { encodeDataUri } = await import('../../protocol/data-uri.ts');
    const input: Record<string, InputValue> = { operationId: this.nextOperationId(), ...(options.message ? { '_links.message': encodeDataUri(options.message) } : {}) };
    const { response } = await this.call('POST', href, { input });
    const location = response.headers.location;
    if (!location) throw new UcwaClientError('addMessaging answered without a Location');
    return location;
  }

  async leave(conversationHref: string): Promise<void> {
    await this.call('DELETE', conversationHref);
  }

  async accept(invitationHref: string): Promise<string> {
    const inv = this.seen.invitations.get(invitationHref);
    const href = inv?.links.get('accept');
    if (!inv || !href) throw new UcwaClientError(`invitation ${invitationHref} offers no accept link (it is ${inv?.state ?? 'unknown'})`);
    inv.answered = true;
    await this.call('POST', href);
    if (!inv.conversationHref) throw new UcwaClientError(`invitation ${invitationHref} names no conversation`);
    return inv.conversationHref;
  }

  async decline(invitationHref: string): Promise<void> {
    const inv = this.seen.invitations.get(invitationHref);
    const href = inv?.links.get('decline');
    if (!inv || !href) throw new UcwaClientError(`invitation ${invitationHref} offers no decline link`);
    inv.answered = true;
    await this.call('POST', href);
  }

  /** Resolves with the first truthy value `check` returns, re-checked whenever events arrive; rejects after `timeoutMs` naming `what`. */
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    return waitForChange(this, () => this.channelError, check, what, timeoutMs);
  }

  /** Stops the event channel and, unless told not to, deletes the application. */
  async close(options: { signOut?: boolean } = {}): Promise<void> {
    await this.channel?.stop();
    if ((options.signOut ?? true) && this.links.get('application')) await this.send('DELETE', this.link('application')).catch(() => undefined);
    this.transport.close();
  }
}
