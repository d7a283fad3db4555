/**
 * A UCWA client with the habits of clients in the wild (issue 14): it signs in by following
 * discovery (redirects included) and the 401 challenge, chats with echo@contoso.com and reports
 * what it sent and heard. Each habit is a switch, so one test can run one habit against
 * simulate, record (reverse and forward) and replay.
 */
import { decodeDataUri } from '../../../protocol/data-uri.ts';
import { HabitTransport, type HabitResponse } from './habit-transport.ts';

export interface Habits {
  /** `none`: no Accept header at all; `any`: `*\/*`; `json`: plain `application/json` (never the vendor type). */
  readonly accept?: 'none' | 'any' | 'json';
  /** Sends `Content-Type: application/json` on GETs too. */
  readonly contentTypeOnGet?: boolean;
  /** Appends `timeout=180` to every event poll. */
  readonly pollTimeout180?: boolean;
  /** Starts messaging before makeMeAvailable. */
  readonly startMessagingFirst?: boolean;
  /** Builds request URLs as `root + href` (`http://host/` + `/ucwa/…` gives `//ucwa/…`). */
  readonly rootPlusHref?: boolean;
  /** Reads only `sender[0]` of each event batch. */
  readonly senderZeroOnly?: boolean;
  /** POSTs its message to `<messaging>/messages`, a URL it built itself, before it saw `sendMessage`. */
  readonly selfBuiltMessagesUrl?: boolean;
  /** Never deletes its application. */
  readonly keepApplication?: boolean;
  /** With a forward proxy: creates its application straight at the server, around the proxy. */
  readonly createAroundProxy?: boolean;
}

type Link = { href: string };
export interface Resource {
  readonly _links: Record<string, Link | Link[]>;
  readonly _embedded?: Record<string, Resource | Resource[]>;
  readonly [property: string]: unknown;
}
interface UcwaEvent {
  readonly link: { rel: string; href: string };
  readonly type: string;
  readonly _embedded?: Record<string, Resource>;
}
interface EventBatch extends Resource {
  readonly sender?: { rel: string; href: string; events: UcwaEvent[] }[];
}

export interface ChatOutcome {
  readonly user: string;
  readonly sent: string;
  readonly heard: string;
  /** The name of the communication resource's PUT sentinel, passed as operationId. */
  readonly operationId: string;
  readonly applicationUrl: string;
  readonly echoContact: string;
}

const SENTINEL_VALUE = /please pass (this|me) in a PUT request/i;

export function linkOf(resource: Resource, rel: string): string {
  const link = resource._links[rel];
  const href = Array.isArray(link) ? link[0]?.href : link?.href;
  if (!href) throw new Error(`no ${rel} link in ${JSON.stringify(resource).slice(0, 400)}`);
  return href;
}

function embedded(resource: Resource, rel: string): Resource {
  const found = resource._embedded?.[rel];
  if (!found || Array.isArray(found)) throw new Error(`no embedded ${rel} in ${JSON.stringify(resource).slice(0, 400)}`);
  return found;
}

export class HabitClient {
  private token: string | null = null;
  /** What `root + href` starts from: the origin the application was created at, with a slash. */
  private root = '';
  /** The user resource's URL: where the client re-authenticates. */
  private userUrl = '';

  constructor(
    readonly habits: Habits,
    readonly transport: HabitTransport,
  ) {}

  /** An href as this client turns it into a URL: absolute as given, else resolved or glued to the root. */
  urlOf(href: string, base: string): string {
    if (/^https?:\/\//i.test(href)) return href;
    if (this.habits.rootPlusHref && this.root) return `${this.root}${href}`;
    return new URL(href, base).href;
  }

  async send(method: string, url: string, init: { body?: string; contentType?: string; aroundProxy?: boolean } = {}): Promise<HabitResponse> {
    const headers: Record<string, string> = {};
    const accept = this.habits.accept ?? 'json';
    if (accept !== 'none') headers['Accept'] = accept === 'any' ? '*/*' : 'application/json';
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    if (init.contentType) headers['Content-Type'] = init.contentType;
    else if (method === 'GET' && this.habits.contentTypeOnGet) headers['Content-Type'] = 'application/json';
    return this.transport.send(method, url, { headers, ...(init.body !== undefined ? { body: init.body } : {}), ...(init.aroundProxy ? { aroundProxy: true } : {}) });
  }

  async json(method: string, url: string, init: { body?: string; contentType?: string; aroundProxy?: boolean } = {}): Promise<Resource> {
    const response = await this.send(method, url, init);
    if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${response.text.slice(0, 400)}`);
    return JSON.parse(response.text) as Resource;
  }

  /** Discovery (following `redirect`), the challenge's token URL, a token, the user resource, a new application. */
  async signIn(start: string, user: string, password = 'Passw0rd!'): Promise<{ application: Resource; applicationUrl: string }> {
    let rootUrl = start;
    let root = await this.json('GET', rootUrl);
    for (let hops = 0; !root._links['user'] && root._links['redirect'] && hops < 5; hops++) {
      rootUrl = this.urlOf(linkOf(root, 'redirect'), rootUrl);
      root = await this.json('GET', rootUrl);
    }
    const userUrl = this.urlOf(linkOf(root, 'user'), rootUrl);
    this.userUrl = userUrl;
    await this.authenticate(userUrl, user, password);
    const userResource = await this.json('GET', userUrl);
    const applicationsUrl = this.urlOf(linkOf(userResource, 'applications'), userUrl);
    this.root = `${new URL(applicationsUrl).origin}/`;
    const body = JSON.stringify({ UserAgent: 'habits/1.0', EndpointId: `habits-${user}`, Culture: 'en-US' });
    const application = await this.json('POST', applicationsUrl, { body, contentType: 'application/json', ...(this.habits.createAroundProxy ? { aroundProxy: true } : {}) });
    return { application, applicationUrl: this.urlOf(linkOf(application, 'self'), applicationsUrl) };
  }

  /** The challenge at `userUrl` names the token endpoint; a password grant there gives the token. */
  async authenticate(userUrl: string, user: string, password = 'Passw0rd!'): Promise<void> {
    this.token = null;
    const challenge = await this.send('GET', userUrl);
    const header = challenge.headers['www-authenticate'];
    const tokenHref = /MsRtcOAuth href="([^"]+)"/.exec(Array.isArray(header) ? header.join(', ') : (header ?? ''))?.[1];
    if (challenge.status !== 401 || !tokenHref) throw new Error(`expected a MsRtcOAuth challenge from ${userUrl}, got ${challenge.status}`);
    const form = new URLSearchParams({ grant_type: 'password', username: user, password }).toString();
    const token = await this.send('POST', this.urlOf(tokenHref, userUrl), { body: form, contentType: 'application/x-www-form-urlencoded;charset=UTF-8' });
    if (token.status !== 200) throw new Error(`the token request failed: ${token.status} ${token.text}`);
    this.token = (JSON.parse(token.text) as { access_token: string }).access_token;
  }

  /** Signs in, finds echo by SIP URI, starts a chat with it, says one thing and waits to hear it back. */
  async chatWithEcho(start: string, user = 'alice@contoso.com'): Promise<ChatOutcome> {
    const { application, applicationUrl } = await this.signIn(start, user);
    const here = (href: string) => this.urlOf(href, applicationUrl);
    const makeMeAvailable = async () => {
      const response = await this.send('POST', here(linkOf(embedded(application, 'me'), 'makeMeAvailable')), { body: JSON.stringify({ SupportedModalities: ['Messaging'] }), contentType: 'application/json' });
      if (response.status !== 204) throw new Error(`makeMeAvailable: ${response.status} ${response.text}`);
    };
    if (!this.habits.startMessagingFirst) await makeMeAvailable();

    // As clients in the wild do, the event channel runs on its own from here, sending once `sendMessage` shows up.
    let sent = '';
    const heard = this.pollUntilEchoed(here(linkOf(application, 'events')), here, async (sendMessage) => {
      if (sent) return;
      sent = 'Hello from a habit client';
      const posted = await this.send('POST', sendMessage, { body: sent, contentType: 'text/plain' });
      if (posted.status !== 201) throw new Error(`sendMessage: ${posted.status} ${posted.text}`);
    });
    heard.catch(() => undefined); // awaited below; a failure here must not go unhandled meanwhile

    const people = await this.json('GET', here(linkOf(embedded(application, 'people'), 'self')));
    // Unencoded, as clients paste it: `?query=sip:echo@contoso.com`.
    const found = await this.json('GET', `${here(linkOf(people, 'search'))}?query=sip:echo@contoso.com`);
    const contacts = (found._embedded?.['contact'] ?? []) as Resource[];
    const echoContact = String(contacts[0]?.['uri'] ?? contacts[0]?.['name'] ?? 'nobody');

    const communication = await this.json('GET', here(linkOf(embedded(application, 'communication'), 'self')));
    const operationId = Object.entries(communication).find(([, value]) => typeof value === 'string' && SENTINEL_VALUE.test(value))?.[0];
    if (!operationId) throw new Error(`no PUT sentinel on the communication resource: ${JSON.stringify(communication).slice(0, 400)}`);
    if (this.habits.selfBuiltMessagesUrl) sent = 'Hello from a URL I built';
    const started = await this.send('POST', here(linkOf(communication, 'startMessaging')), { body: JSON.stringify({ to: 'sip:echo@contoso.com', subject: 'habits', operationId }), contentType: 'application/json' });
    if (started.status !== 201) throw new Error(`startMessaging: ${started.status} ${started.text}`);
    if (this.habits.startMessagingFirst) await makeMeAvailable();

    if (this.habits.selfBuiltMessagesUrl) {
      const invitation = await this.json('GET', here(String(started.headers['location'])));
      const conversation = await this.json('GET', here(linkOf(invitation, 'conversation')));
      const posted = await this.send('POST', `${here(linkOf(conversation, 'messaging'))}/messages`, { body: sent, contentType: 'text/plain' });
      if (posted.status !== 201) throw new Error(`the self-built messages POST: ${posted.status} ${posted.text}`);
    }
    const echoed = await heard;
    if (!this.habits.keepApplication) {
      const deleted = await this.send('DELETE', applicationUrl);
      if (deleted.status !== 204) throw new Error(`DELETE application: ${deleted.status}`);
    }
    return { user, sent, heard: echoed, operationId, applicationUrl, echoContact };
  }

  private pollUrl(url: string): string {
    if (!this.habits.pollTimeout180) return url;
    return `${url}${url.includes('?') ? '&' : '?'}timeout=180`;
  }

  /** Polls the event channel, sending once `sendMessage` shows up, until an incoming message arrives. */
  private async pollUntilEchoed(firstPoll: string, here: (href: string) => string, onSendMessage: (url: string) => Promise<void>): Promise<string> {
    let next = firstPoll;
    for (let polls = 0; polls < 40; polls++) {
      const batch = (await this.json('GET', this.pollUrl(next))) as EventBatch;
      const senders = this.habits.senderZeroOnly ? (batch.sender ?? []).slice(0, 1) : (batch.sender ?? []);
      for (const event of senders.flatMap((s) => s.events)) {
        const messaging = event.link.rel === 'messaging' ? event._embedded?.['messaging'] : undefined;
        if (messaging?._links['sendMessage']) await onSendMessage(here(linkOf(messaging, 'sendMessage')));
        const message = event.link.rel === 'message' ? event._embedded?.['message'] : undefined;
        if (message?.['direction'] === 'Incoming') {
          const decoded = decodeDataUri(linkOf(message, 'plainMessage'));
          if (!decoded.ok) throw new Error(decoded.problem);
          return decoded.text;
        }
      }
      next = here(linkOf(batch, batch._links['next'] ? 'next' : 'resync'));
    }
    throw new Error('echo never answered within 40 polls');
  }

  /**
   * A client that re-authenticates and retries every 404 without limit, here on an application it
   * deleted itself; `rounds` is where the test stops it. Answers the number of 404s it got.
   */
  async retryEvery404(start: string, user: string, rounds: number): Promise<number> {
    const { applicationUrl } = await this.signIn(start, user);
    if ((await this.send('DELETE', applicationUrl)).status !== 204) throw new Error(`DELETE ${applicationUrl} failed`);
    let notFound = 0;
    for (let round = 0; round < rounds; round++) {
      const response = await this.send('GET', applicationUrl);
      if (response.status !== 404) throw new Error(`GET ${applicationUrl}: expected 404, got ${response.status}`);
      notFound++;
      await this.authenticate(this.userUrl, user);
    }
    return notFound;
  }
}
