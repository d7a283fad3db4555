// The conversation every Node wrap client holds, over its own `send(method, url, { headers, body })`:
// discovery, OAuth sign-in, an application, makeMeAvailable, an IM to echo driven by the event
// channel (invite, say "Hello echo", hear it back), then leave and sign out. Links are followed by rel.
const JSON_TYPE = 'application/json';

export async function holdConversation(send, rootUrl) {
  let token = null;
  const call = async (method, href, base, { json, text } = {}) => {
    const url = new URL(href, base).href;
    const headers = { Accept: JSON_TYPE };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body;
    if (json !== undefined) [headers['Content-Type'], body] = [JSON_TYPE, JSON.stringify(json)];
    if (text !== undefined) [headers['Content-Type'], body] = ['text/plain', text];
    const response = await send(method, url, { headers, body });
    if (response.status >= 400 && !(response.status === 401 && token === null)) throw new Error(`${method} ${url}: ${response.status} ${response.text}`);
    return { ...response, json: response.text ? JSON.parse(response.text) : null };
  };

  const root = await call('GET', rootUrl, rootUrl);
  const userHref = new URL(root.json._links.user.href, rootUrl).href;
  const challenge = await call('GET', userHref, rootUrl);
  const tokenHref = /MsRtcOAuth\s+href="([^"]+)"/i.exec(challenge.headers['www-authenticate'] ?? '')?.[1];
  if (!tokenHref) throw new Error(`no MsRtcOAuth challenge from ${userHref}`);
  const form = new URLSearchParams({ grant_type: 'password', username: 'alice@contoso.com', password: 'Passw0rd!' }).toString();
  const granted = await send('POST', new URL(tokenHref, userHref).href, { headers: { Accept: JSON_TYPE, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
  token = JSON.parse(granted.text).access_token;
  const user = await call('GET', userHref, rootUrl);
  const base = new URL(user.json._links.applications.href, userHref).href;
  const app = (await call('POST', base, base, { json: { userAgent: 'wrap-client/1.0', endpointId: 'wrap-1', culture: 'en-US' } })).json;
  await call('POST', app._embedded.me._links.makeMeAvailable.href, base, { json: { SupportedModalities: ['Messaging'] } });
  const communication = (await call('GET', app._embedded.communication._links.self.href, base)).json;
  await call('POST', communication._links.startMessaging.href, base, { json: { operationId: 'op-1', to: 'sip:echo@contoso.com', subject: 'wrapped' } });

  let eventsHref = app._links.events.href;
  let conversationHref = null;
  let said = false;
  for (let poll = 0; poll < 60; poll++) {
    const batch = (await call('GET', eventsHref, base)).json;
    eventsHref = (batch._links.next ?? batch._links.resync).href;
    const events = (batch.sender ?? []).flatMap((sender) => sender.events ?? []);
    for (const event of events) {
      if (event.link?.rel === 'conversation') conversationHref = event.link.href;
      const sendMessage = event._embedded?.messaging?._links?.sendMessage?.href;
      if (sendMessage && !said) {
        said = true;
        await call('POST', `${sendMessage}${sendMessage.includes('?') ? '&' : '?'}operationId=op-2`, base, { text: 'Hello echo' });
      }
      if (event.link?.rel === 'message' && event._embedded?.message?.direction === 'Incoming') {
        await call('DELETE', conversationHref, base);
        await call('DELETE', app._links.self.href, base);
        return;
      }
    }
  }
  throw new Error('echo never answered');
}
