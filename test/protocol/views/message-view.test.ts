import { describe, expect, it } from 'vitest';
import { toMessageView } from '../../../protocol/views/message-view.ts';
import { jsonDate, makeResource } from '../../support/make-resource.ts';

const CONV = '/ucwa/v1/applications/1/communication/conversations/7';
const MSG = `${CONV}/messaging/messages/3`;

describe('toMessageView', () => {
  it('reads an incoming message with its sender and both bodies', () => {
    const view = toMessageView(
      makeResource({
        rel: 'message',
        href: MSG,
        properties: { direction: 'Incoming', status: 'Succeeded', timeStamp: jsonDate(1383784870271), operationId: 'op-7' },
        links: {
          participant: { href: `${CONV}/participants/ann`, title: 'Ann Lee' },
          contact: '/people/ann',
          messaging: `${CONV}/messaging`,
          plainMessage: 'data:text/plain;charset=utf-8,Hi+Tosh%0d%0a',
          htmlMessage: `data:text/html;base64,${btoa('<b>Hi Tosh</b>')}`,
          failedDeliveryParticipant: [`${CONV}/participants/cy`],
        },
      }),
    );
    expect(view).toEqual({
      rel: 'message',
      href: MSG,
      direction: 'Incoming',
      status: 'Succeeded',
      timeStamp: jsonDate(1383784870271),
      operationId: 'op-7',
      sender: { href: `${CONV}/participants/ann`, title: 'Ann Lee' },
      text: 'Hi Tosh\r\n',
      format: 'Plain',
      html: '<b>Hi Tosh</b>',
      failedDeliveryParticipants: [`${CONV}/participants/cy`],
      hrefs: { participant: `${CONV}/participants/ann`, contact: '/people/ann', messaging: `${CONV}/messaging` },
    });
  });

  it('takes the HTML body as the text when there is no plain one', () => {
    const view = toMessageView(makeResource({ rel: 'message', href: MSG, links: { htmlMessage: 'data:text/html;charset=utf8,%3Cp%3Eol%C3%A1%3C%2Fp%3E' } }));
    expect(view).toMatchObject({ text: '<p>olá</p>', format: 'Html', html: '<p>olá</p>' });
  });

  it('reads the text from a property when a server sends it as the Properties table says', () => {
    const view = toMessageView(makeResource({ rel: 'message', href: MSG, properties: { plainMessage: 'data:,Hello' } }));
    expect(view).toMatchObject({ text: 'Hello', format: 'Plain' });
  });

  it('reads a message that carries only its rel and href (an outgoing completed one)', () => {
    expect(toMessageView(makeResource({ rel: 'message', href: MSG }))).toEqual({ rel: 'message', href: MSG, failedDeliveryParticipants: [], hrefs: {} });
  });

  it('ignores wrong-typed values and extra fields, and lists bodies it cannot decode', () => {
    const view = toMessageView(
      makeResource({
        rel: 'message',
        href: MSG,
        properties: { direction: false, timeStamp: '/Date(1383784870271)/', status: 3, emoji: 'wave' },
        links: { plainMessage: 'data:text/plain;charset=klingon,Qapla', htmlMessage: 'https://example.com/x.html', reaction: '/r' },
      }),
    );
    expect(view).toEqual({
      rel: 'message',
      href: MSG,
      bodyProblems: [
        'plainMessage: data: URI names charset "klingon", which this decoder does not know',
        'htmlMessage: not a data: URI: it starts with "https://example."',
      ],
      failedDeliveryParticipants: [],
      hrefs: {},
    });
  });
});
