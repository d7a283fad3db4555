"""The conversation every Python wrap client holds, over its own send(method, url, headers, body):
discovery, OAuth sign-in, an application, makeMeAvailable, an IM to echo driven by the event
channel (invite, say "Hello echo", hear it back), then leave and sign out. Links are followed by rel."""
import json
import re
from urllib.parse import urlencode, urljoin

JSON_TYPE = 'application/json'


def hold_conversation(send, root_url):
    state = {'token': None}

    def call(method, href, base, payload=None, text=None):
        url = urljoin(base, href)
        headers = {'Accept': JSON_TYPE}
        if state['token']:
            headers['Authorization'] = 'Bearer ' + state['token']
        body = None
        if payload is not None:
            headers['Content-Type'], body = JSON_TYPE, json.dumps(payload).encode()
        if text is not None:
            headers['Content-Type'], body = 'text/plain', text.encode()
        status, response_headers, response_text = send(method, url, headers, body)
        if status >= 400 and not (status == 401 and state['token'] is None):
            raise RuntimeError(f'{method} {url}: {status} {response_text}')
        return status, response_headers, json.loads(response_text) if response_text else None

    _, _, root = call('GET', root_url, root_url)
    user_href = urljoin(root_url, root['_links']['user']['href'])
    _, challenge, _ = call('GET', user_href, root_url)
    token_href = re.search(r'MsRtcOAuth\s+href="([^"]+)"', challenge.get('www-authenticate', ''), re.I).group(1)
    form = urlencode({'grant_type': 'password', 'username': 'alice@contoso.com', 'password': 'Passw0rd!'}).encode()
    _, _, granted = send('POST', urljoin(user_href, token_href), {'Accept': JSON_TYPE, 'Content-Type': 'application/x-www-form-urlencoded'}, form)
    state['token'] = json.loads(granted)['access_token']
    _, _, user = call('GET', user_href, root_url)
    base = urljoin(user_href, user['_links']['applications']['href'])
    _, _, app = call('POST', base, base, {'userAgent': 'wrap-client/1.0', 'endpointId': 'wrap-1', 'culture': 'en-US'})
    call('POST', app['_embedded']['me']['_links']['makeMeAvailable']['href'], base, {'SupportedModalities': ['Messaging']})
    _, _, communication = call('GET', app['_embedded']['communication']['_links']['self']['href'], base)
    call('POST', communication['_links']['startMessaging']['href'], base, {'operationId': 'op-1', 'to': 'sip:echo@contoso.com', 'subject': 'wrapped'})

    events_href = app['_links']['events']['href']
    conversation_href = None
    said = False
    for _ in range(60):
        _, _, batch = call('GET', events_href, base)
        events_href = (batch['_links'].get('next') or batch['_links'].get('resync'))['href']
        for sender in batch.get('sender', []):
            for event in sender.get('events', []):
                link = event.get('link', {})
                embedded = event.get('_embedded', {})
                if link.get('rel') == 'conversation':
                    conversation_href = link['href']
                send_message = embedded.get('messaging', {}).get('_links', {}).get('sendMessage', {}).get('href')
                if send_message and not said:
                    said = True
                    call('POST', send_message + ('&' if '?' in send_message else '?') + 'operationId=op-2', base, text='Hello echo')
                if link.get('rel') == 'message' and embedded.get('message', {}).get('direction') == 'Incoming':
                    call('DELETE', conversation_href, base)
                    call('DELETE', app['_links']['self']['href'], base)
                    return
    raise RuntimeError('echo never answered')
