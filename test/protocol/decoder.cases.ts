/**
 * One suite both decoders must pass: each case is the same UCWA body written as JSON and as XML
 * (team conventions: `True`/`False`, ISO-8601 dates with offsets, nested `<resource rel=RELATIONSHIP>`
 * carrying `<property name="rel">TYPE</property>`), with checks on the decoded model. The runner is
 * called once per decoder; `decoders-agree.test.ts` also asserts the two models are equal.
 */
import { describe, expect, it } from 'vitest';
import type { BodyContext, DecodedBody, DecodeResult } from '../../protocol/decoded-body.ts';
import type { EventBatch } from '../../protocol/event.ts';
import { firstEmbedded, firstLink, isPropertyRecord, isUcwaDate, type UcwaResource } from '../../protocol/resource.ts';
import type { UcwaError } from '../../protocol/ucwa-error.ts';

export interface DecoderCase {
  readonly name: string;
  readonly context: BodyContext;
  readonly json: string;
  readonly xml: string;
  /** Checks on the decoded body that either format must satisfy. */
  readonly check: (body: DecodedBody) => void;
}

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';
const response: BodyContext = { direction: 'response', status: 200 };
const APP = '/ucwa/oauth/v1/applications/103';
const CONV = `${APP}/communication/conversations/7a5a`;

export function resourceOf(body: DecodedBody): UcwaResource {
  if (body.kind !== 'resource') throw new Error(`expected a resource, got ${body.kind}`);
  return body.resource;
}

function batchOf(body: DecodedBody): EventBatch {
  if (body.kind !== 'events') throw new Error(`expected events, got ${body.kind}`);
  return body.batch;
}

function errorOf(body: DecodedBody): UcwaError {
  if (body.kind !== 'error') throw new Error(`expected an error, got ${body.kind}`);
  return body.error;
}

export const decoderCases: readonly DecoderCase[] = [
  {
    name: 'conversation: typed properties, a list, dates and links',
    context: response,
    json: JSON.stringify({
      rel: 'conversation',
      activeModalities: ['Messaging', 'Audio'],
      created: '/Date(1474932024822)/',
      expirationTime: '/Date(1474935624822)/',
      importance: 'Normal',
      participantCount: 11,
      readLocally: true,
      recording: false,
      state: 'Connected',
      subject: 'Strategy for next quarter',
      threadId: '292e0aaef36c426a97757f43dda19d06',
      _links: {
        self: { href: CONV },
        localParticipant: { href: `${CONV}/participants/me` },
        messaging: { href: `${CONV}/messaging` },
        participants: { href: `${CONV}/participants` },
      },
      etag: '3443612417',
    }),
    xml: `<?xml version="1.0" encoding="utf-8"?>
<resource rel="conversation" href="${CONV}" ${NS}>
  <link rel="localParticipant" href="${CONV}/participants/me"/>
  <link rel="messaging" href="${CONV}/messaging"/>
  <link rel="participants" href="${CONV}/participants"/>
  <property name="rel">conversation</property>
  <propertyList name="activeModalities"><item>Messaging</item><item>Audio</item></propertyList>
  <property name="created">2016-09-26T16:20:24.8226669-07:00</property>
  <property name="expirationTime">2016-09-27T00:20:24.822Z</property>
  <property name="importance">Normal</property>
  <property name="participantCount">11</property>
  <property name="readLocally">True</property>
  <property name="recording">False</property>
  <property name="state">Connected</property>
  <property name="subject">Strategy for next quarter</property>
  <property name="threadId">292e0aaef36c426a97757f43dda19d06</property>
  <property name="etag">3443612417</property>
</resource>`,
    check: (body) => {
      const conversation = resourceOf(body);
      expect(conversation.rel).toBe('conversation');
      expect(conversation.href).toBe(CONV);
      expect(conversation.etag).toBe('3443612417');
      expect(conversation.root).toBe('resource');
      expect(conversation.properties['participantCount']).toBe(11);
      expect(conversation.properties['readLocally']).toBe(true);
      expect(conversation.properties['recording']).toBe(false);
      expect(conversation.properties['activeModalities']).toEqual(['Messaging', 'Audio']);
      const created = conversation.properties['created'];
      expect(isUcwaDate(created) && created.epochMs).toBe(1474932024822);
      expect(Object.keys(conversation.properties)).not.toContain('rel');
      expect(Object.keys(conversation.properties)).not.toContain('etag');
      expect(Object.keys(conversation.links)).toEqual(['localParticipant', 'messaging', 'participants']);
      expect(conversation.links['self']).toBeUndefined();
    },
  },
  {
    name: 'embedded localParticipant without a stated type is a participant',
    context: response,
    json: JSON.stringify({
      rel: 'conversation',
      state: 'Connecting',
      _links: { self: { href: CONV } },
      _embedded: { localParticipant: { name: 'Toshio Kanda', _links: { self: { href: `${CONV}/participants/toshio@contoso.com` } } }, unknownThing: { _links: { self: { href: `${CONV}/x` } } } },
    }),
    xml: `<resource rel="conversation" href="${CONV}" ${NS}>
  <property name="state">Connecting</property>
  <resource rel="localParticipant" href="${CONV}/participants/toshio@contoso.com"><property name="name">Toshio Kanda</property></resource>
  <resource rel="unknownThing" href="${CONV}/x"/>
</resource>`,
    check: (body) => {
      const conversation = resourceOf(body);
      expect(conversation.rel).toBe('conversation');
      expect(firstEmbedded(conversation, 'localParticipant')?.rel).toBe('participant');
      // Nothing says what this is, so its relationship name stands in for its type.
      expect(firstEmbedded(conversation, 'unknownThing')?.rel).toBe('unknownThing');
    },
  },
  {
    name: 'embedded resources without a stated type take the type the catalogue gives their relationship',
    context: response,
    json: JSON.stringify({
      rel: 'messagingInvitation',
      _links: { self: { href: `${APP}/communication/invitations/602` } },
      _embedded: {
        startEmergencyCallInput: [{ _links: { self: { href: `${APP}/communication/invitations/602/startEmergencyCallParameters` } } }],
        from: { _links: { self: { href: `${CONV}/participants/john@contoso.com` } } },
      },
    }),
    xml: `<resource rel="messagingInvitation" href="${APP}/communication/invitations/602" ${NS}>
  <resource rel="startEmergencyCallInput" href="${APP}/communication/invitations/602/startEmergencyCallParameters"/>
  <resource rel="from" href="${CONV}/participants/john@contoso.com"/>
</resource>`,
    check: (body) => {
      const invitation = resourceOf(body);
      expect(firstEmbedded(invitation, 'startEmergencyCallInput')?.rel).toBe('startEmergencyCallParameters');
      expect(firstEmbedded(invitation, 'from')?.rel).toBe('participant');
    },
  },
  {
    name: 'messaging: operation links and a format list',
    context: response,
    json: JSON.stringify({
      rel: 'messaging',
      state: 'Connected',
      negotiatedMessageFormats: ['Plain', 'Html'],
      _links: {
        self: { href: `${CONV}/messaging` },
        conversation: { href: CONV },
        sendMessage: { href: `${CONV}/messaging/messages` },
        setIsTyping: { href: `${CONV}/messaging/typing` },
        stopMessaging: { href: `${CONV}/messaging/terminate` },
        typingParticipants: { href: `${CONV}/messaging/typingParticipants` },
      },
    }),
    xml: `<resource rel="messaging" href="${CONV}/messaging" ${NS}>
  <link rel="conversation" href="${CONV}"/>
  <link rel="sendMessage" href="${CONV}/messaging/messages"/>
  <link rel="setIsTyping" href="${CONV}/messaging/typing"/>
  <link rel="stopMessaging" href="${CONV}/messaging/terminate"/>
  <link rel="typingParticipants" href="${CONV}/messaging/typingParticipants"/>
  <property name="rel">messaging</property>
  <property name="state">Connected</property>
  <propertyList name="negotiatedMessageFormats"><item>Plain</item><item>Html</item></propertyList>
</resource>`,
    check: (body) => {
      const messaging = resourceOf(body);
      expect(messaging.rel).toBe('messaging');
      expect(firstLink(messaging, 'sendMessage')?.href).toBe(`${CONV}/messaging/messages`);
      expect(messaging.links['typingParticipants']).toHaveLength(1);
      expect(messaging.properties['negotiatedMessageFormats']).toEqual(['Plain', 'Html']);
    },
  },
  {
    name: 'participant: booleans, a titled link, numeric-looking strings stay strings',
    context: response,
    json: JSON.stringify({
      rel: 'participant',
      anonymous: false,
      inLobby: false,
      local: false,
      name: 'Toshio Kanda',
      organizer: true,
      role: 'Leader',
      sourceNetwork: 'SameEnterprise',
      uri: 'sip:toshio@contoso.com',
      workPhoneNumber: 'tel:+14255550100',
      id: '123',
      _links: {
        self: { href: `${CONV}/participants/toshio@contoso.com` },
        contact: { href: `${APP}/people/toshio@contoso.com`, title: 'Toshio Kanda' },
        participantMessaging: { href: `${CONV}/participants/toshio@contoso.com/messaging` },
      },
    }),
    xml: `<resource rel="participant" href="${CONV}/participants/toshio@contoso.com" ${NS}>
  <link rel="contact" href="${APP}/people/toshio@contoso.com" title="Toshio Kanda"/>
  <link rel="participantMessaging" href="${CONV}/participants/toshio@contoso.com/messaging"/>
  <property name="rel">participant</property>
  <property name="anonymous">False</property>
  <property name="inLobby">false</property>
  <property name="local">False</property>
  <property name="name">Toshio Kanda</property>
  <property name="organizer">true</property>
  <property name="role">Leader</property>
  <property name="sourceNetwork">SameEnterprise</property>
  <property name="uri">sip:toshio@contoso.com</property>
  <property name="workPhoneNumber">tel:+14255550100</property>
  <property name="id">123</property>
</resource>`,
    check: (body) => {
      const participant = resourceOf(body);
      expect(participant.properties['anonymous']).toBe(false);
      expect(participant.properties['organizer']).toBe(true);
      expect(participant.properties['id']).toBe('123');
      expect(firstLink(participant, 'contact')).toEqual({ rel: 'contact', href: `${APP}/people/toshio@contoso.com`, title: 'Toshio Kanda' });
    },
  },
  {
    name: 'application: embedded me, people and communication, each with its own type and etag',
    context: { direction: 'response', status: 201 },
    json: JSON.stringify({
      culture: 'en-US',
      userAgent: 'UCWA Samples',
      type: 'Application',
      endpointId: 'a917c6f4-976c-4cf3-847d-cdfffa28ccdf',
      id: '103',
      instanceId: '102',
      _links: {
        self: { href: APP },
        policies: { href: `${APP}/policies` },
        batch: { href: `${APP}/batch` },
        events: { href: `${APP}/events?ack=1` },
      },
      _embedded: {
        me: {
          name: 'Toshio Kanda',
          uri: 'sip:toshio@contoso.com',
          _links: { self: { href: `${APP}/me` }, makeMeAvailable: { href: `${APP}/me/makeMeAvailable` } },
          rel: 'me',
        },
        people: {
          _links: { self: { href: `${APP}/people` }, myContacts: { href: `${APP}/people/contacts` } },
          rel: 'people',
        },
        communication: {
          'e9c9b5e0-5b2c-4b1a-9d8e-32a0c3f2d1a4': 'please pass this in a PUT request',
          supportedModalities: [],
          supportedMessageFormats: ['Plain'],
          _links: {
            self: { href: `${APP}/communication` },
            conversations: { href: `${APP}/communication/conversations?filter=active` },
            startMessaging: { href: `${APP}/communication/messagingInvitations` },
          },
          rel: 'communication',
          etag: '2943169141',
        },
      },
      rel: 'application',
    }),
    xml: `<resource rel="application" href="${APP}" ${NS}>
  <link rel="policies" href="${APP}/policies"/>
  <link rel="batch" href="${APP}/batch"/>
  <link rel="events" href="${APP}/events?ack=1"/>
  <property name="culture">en-US</property>
  <property name="userAgent">UCWA Samples</property>
  <property name="type">Application</property>
  <property name="endpointId">a917c6f4-976c-4cf3-847d-cdfffa28ccdf</property>
  <property name="id">103</property>
  <property name="instanceId">102</property>
  <resource rel="me" href="${APP}/me">
    <link rel="makeMeAvailable" href="${APP}/me/makeMeAvailable"/>
    <property name="name">Toshio Kanda</property>
    <property name="uri">sip:toshio@contoso.com</property>
  </resource>
  <resource rel="people" href="${APP}/people">
    <link rel="myContacts" href="${APP}/people/contacts"/>
  </resource>
  <resource rel="communication" href="${APP}/communication">
    <link rel="conversations" href="${APP}/communication/conversations?filter=active"/>
    <link rel="startMessaging" href="${APP}/communication/messagingInvitations"/>
    <property name="e9c9b5e0-5b2c-4b1a-9d8e-32a0c3f2d1a4">please pass this in a PUT request</property>
    <propertyList name="supportedModalities"/>
    <propertyList name="supportedMessageFormats"><item>Plain</item></propertyList>
    <property name="etag">2943169141</property>
  </resource>
</resource>`,
    check: (body) => {
      const application = resourceOf(body);
      expect(application.rel).toBe('application');
      expect(application.properties['instanceId']).toBe('102');
      expect(Object.keys(application.embedded)).toEqual(['me', 'people', 'communication']);
      expect(firstEmbedded(application, 'me')?.rel).toBe('me');
      const communication = firstEmbedded(application, 'communication');
      expect(communication?.rel).toBe('communication');
      expect(communication?.etag).toBe('2943169141');
      expect(communication?.href).toBe(`${APP}/communication`);
      expect(communication?.properties['supportedModalities']).toEqual([]);
      expect(communication?.properties['e9c9b5e0-5b2c-4b1a-9d8e-32a0c3f2d1a4']).toBe('please pass this in a PUT request');
    },
  },
  {
    name: 'messagingInvitation: embedded from and acceptedByParticipant[] are participants',
    context: response,
    json: JSON.stringify({
      rel: 'messagingInvitation',
      direction: 'Outgoing',
      importance: 'Normal',
      operationId: '74cb7404e0a247d5a2d4eb0376a47dbf',
      state: 'Connected',
      threadId: '292e0aaef36c426a97757f43dda19d06',
      to: 'sip:john@contoso.com',
      _links: {
        self: { href: `${APP}/communication/messagingInvitations/602` },
        conversation: { href: CONV },
        messaging: { href: `${CONV}/messaging` },
        from: { href: `${CONV}/participants/toshio@contoso.com` },
        message: { href: 'data:text/plain;charset=utf-8,Hi+John%0d%0a' },
      },
      _embedded: {
        from: { rel: 'participant', name: 'Toshio Kanda', _links: { self: { href: `${CONV}/participants/toshio@contoso.com` } } },
        acceptedByParticipant: [
          { rel: 'participant', name: 'John Doe', _links: { self: { href: `${CONV}/participants/john@contoso.com` } } },
          { name: 'Jane Roe', _links: { self: { href: `${CONV}/participants/jane@contoso.com` } } },
        ],
      },
    }),
    xml: `<resource rel="messagingInvitation" href="${APP}/communication/messagingInvitations/602" ${NS}>
  <link rel="conversation" href="${CONV}"/>
  <link rel="messaging" href="${CONV}/messaging"/>
  <link rel="from" href="${CONV}/participants/toshio@contoso.com"/>
  <link rel="message" href="data:text/plain;charset=utf-8,Hi+John%0d%0a"/>
  <property name="rel">messagingInvitation</property>
  <property name="direction">Outgoing</property>
  <property name="importance">Normal</property>
  <property name="operationId">74cb7404e0a247d5a2d4eb0376a47dbf</property>
  <property name="state">Connected</property>
  <property name="threadId">292e0aaef36c426a97757f43dda19d06</property>
  <property name="to">sip:john@contoso.com</property>
  <resource rel="from" href="${CONV}/participants/toshio@contoso.com">
    <property name="rel">participant</property>
    <property name="name">Toshio Kanda</property>
  </resource>
  <resource rel="acceptedByParticipant" href="${CONV}/participants/john@contoso.com">
    <property name="rel">participant</property>
    <property name="name">John Doe</property>
  </resource>
  <resource rel="acceptedByParticipant" href="${CONV}/participants/jane@contoso.com">
    <property name="name">Jane Roe</property>
  </resource>
</resource>`,
    check: (body) => {
      const invitation = resourceOf(body);
      expect(firstEmbedded(invitation, 'from')?.rel).toBe('participant');
      const accepted = invitation.embedded['acceptedByParticipant'] ?? [];
      expect(accepted.map((p) => [p.rel, p.properties['name']])).toEqual([
        ['participant', 'John Doe'],
        // No rel on the wire: the relationship table says what an acceptedByParticipant is.
        ['participant', 'Jane Roe'],
      ]);
      expect(firstLink(invitation, 'message')?.href).toBe('data:text/plain;charset=utf-8,Hi+John%0d%0a');
    },
  },
  {
    name: 'message: data: links, a timestamp and a repeated link rel',
    context: response,
    json: JSON.stringify({
      rel: 'message',
      direction: 'Incoming',
      status: 'Succeeded',
      timeStamp: '/Date(1383784870271)/',
      _links: {
        self: { href: `${CONV}/messaging/messages/2` },
        messaging: { href: `${CONV}/messaging` },
        participant: { href: `${CONV}/participants/john@contoso.com`, title: 'John Doe' },
        plainMessage: { href: 'data:text/plain;charset=utf-8,Hi+Tosh%0d%0a' },
        htmlMessage: { href: 'data:text/html;charset=utf8;base64,PGI+SGk8L2I+' },
        failedDeliveryParticipant: [{ href: `${CONV}/participants/a@contoso.com` }, { href: `${CONV}/participants/b@contoso.com` }],
      },
    }),
    xml: `<resource rel="message" href="${CONV}/messaging/messages/2" ${NS}>
  <link rel="messaging" href="${CONV}/messaging"/>
  <link rel="participant" href="${CONV}/participants/john@contoso.com" title="John Doe"/>
  <link rel="plainMessage" href="data:text/plain;charset=utf-8,Hi+Tosh%0d%0a"/>
  <link rel="htmlMessage" href="data:text/html;charset=utf8;base64,PGI+SGk8L2I+"/>
  <link rel="failedDeliveryParticipant" href="${CONV}/participants/a@contoso.com"/>
  <link rel="failedDeliveryParticipant" href="${CONV}/participants/b@contoso.com"/>
  <property name="rel">message</property>
  <property name="direction">Incoming</property>
  <property name="status">Succeeded</property>
  <property name="timeStamp">2013-11-07T00:41:10.271Z</property>
</resource>`,
    check: (body) => {
      const message = resourceOf(body);
      expect(message.links['failedDeliveryParticipant']?.map((l) => l.href)).toEqual([`${CONV}/participants/a@contoso.com`, `${CONV}/participants/b@contoso.com`]);
      expect(firstLink(message, 'htmlMessage')?.href).toBe('data:text/html;charset=utf8;base64,PGI+SGk8L2I+');
      const stamp = message.properties['timeStamp'];
      expect(isUcwaDate(stamp) && stamp.epochMs).toBe(1383784870271);
    },
  },
  {
    name: 'application request input: string values stay strings',
    context: { direction: 'request', method: 'POST', url: '/ucwa/oauth/v1/applications' },
    json: JSON.stringify({ culture: 'en-us', endpointId: '123456', instanceId: 'samplevalue', userAgent: 'ContosoApp/1.0 (Windows Phone OS 7.5)' }),
    xml: `<?xml version="1.0" encoding="utf-8"?>
<input ${NS}>
 <property name="culture">en-us</property>
 <property name="endpointId">123456</property>
 <property name="instanceId">samplevalue</property>
 <property name="userAgent">ContosoApp/1.0 (Windows Phone OS 7.5)</property>
</input>`,
    check: (body) => {
      const input = resourceOf(body);
      expect(input.root).toBe('input');
      expect(input.rel).toBeNull();
      expect(input.href).toBeNull();
      expect(input.properties).toEqual({ culture: 'en-us', endpointId: '123456', instanceId: 'samplevalue', userAgent: 'ContosoApp/1.0 (Windows Phone OS 7.5)' });
    },
  },
  {
    name: 'startMessaging request input: a data: message link and a boolean',
    context: { direction: 'request', method: 'POST', url: `${APP}/communication/messagingInvitations` },
    json: JSON.stringify({
      importance: 'Normal',
      sessionContext: '33dc0ef6-0570-4467-bb7e-49fcbea8e944',
      subject: 'Task Sync',
      telemetryId: null,
      to: 'sip:john@contoso.com',
      operationId: '5028e824-2268-4b14-9e59-1abad65ff393',
      joinAudioMuted: false,
      _links: { message: { href: 'data:text/plain,Hello+World' } },
    }),
    xml: `<input ${NS}>
  <link rel="message" href="data:text/plain,Hello+World"/>
  <property name="importance">Normal</property>
  <property name="sessionContext">33dc0ef6-0570-4467-bb7e-49fcbea8e944</property>
  <property name="subject">Task Sync</property>
  <property name="telemetryId" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>
  <property name="to">sip:john@contoso.com</property>
  <property name="operationId">5028e824-2268-4b14-9e59-1abad65ff393</property>
  <property name="joinAudioMuted">False</property>
</input>`,
    check: (body) => {
      const input = resourceOf(body);
      expect(input.root).toBe('input');
      expect(input.properties['telemetryId']).toBeNull();
      expect(input.properties['joinAudioMuted']).toBe(false);
      expect(firstLink(input, 'message')?.href).toBe('data:text/plain,Hello+World');
    },
  },
  {
    name: 'makeMeAvailable request input: PascalCase names and lists',
    context: { direction: 'request', method: 'POST' },
    json: JSON.stringify({ SupportedModalities: ['Messaging'], supportedMessageFormats: ['Plain', 'Html'], phoneNumber: '4255552222' }),
    xml: `<input ${NS}>
  <propertyList name="SupportedModalities"><item>Messaging</item></propertyList>
  <propertyList name="supportedMessageFormats"><item>Plain</item><item>Html</item></propertyList>
  <property name="phoneNumber">4255552222</property>
</input>`,
    check: (body) => {
      expect(resourceOf(body).properties).toEqual({ SupportedModalities: ['Messaging'], supportedMessageFormats: ['Plain', 'Html'], phoneNumber: '4255552222' });
    },
  },
  {
    name: 'dates: ISO-8601 with Z or an offset, /Date(ms)/ with an offset suffix',
    context: response,
    json: JSON.stringify({
      rel: 'onlineMeeting',
      expirationTime: '2013-02-07T01:17:18.000Z',
      lastModified: '/Date(1360199838000+0100)/',
      created: '/Date(1474932024835)/',
      _links: { self: { href: `${APP}/onlineMeetings/myOnlineMeetings/X4GE` } },
    }),
    xml: `<resource rel="onlineMeeting" href="${APP}/onlineMeetings/myOnlineMeetings/X4GE" ${NS}>
  <property name="expirationTime">/Date(1360199838000)/</property>
  <property name="lastModified">2013-02-07T02:17:18+01:00</property>
  <property name="created">2016-09-26T16:20:24.8356669-07:00</property>
</resource>`,
    check: (body) => {
      const meeting = resourceOf(body);
      for (const [name, epochMs] of [
        ['expirationTime', 1360199838000],
        ['lastModified', 1360199838000],
        ['created', 1474932024835],
      ] as const) {
        const value = meeting.properties[name];
        expect(isUcwaDate(value) && value.epochMs, name).toBe(epochMs);
      }
    },
  },
  {
    name: 'nulls, empty strings and unknown properties and links are kept',
    context: response,
    json: JSON.stringify({
      rel: 'phone',
      number: '',
      note: null,
      customFlag: true,
      ticketNumber: '00123',
      customCount: '42',
      _links: {
        self: { href: `${APP}/me/phones/home`, revision: '2' },
        vendorThing: [
          { href: `${APP}/vendor/1`, title: 'One', revision: '3', 'x-vendor': 'yes' },
          { href: `${APP}/vendor/2` },
        ],
      },
    }),
    xml: `<resource rel="phone" href="${APP}/me/phones/home" revision="2" ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <link rel="vendorThing" href="${APP}/vendor/1" title="One" revision="3" x-vendor="yes"/>
  <link rel="vendorThing" href="${APP}/vendor/2"/>
  <property name="number"/>
  <property name="note" xsi:nil="true"/>
  <property name="customFlag">True</property>
  <property name="ticketNumber">00123</property>
  <property name="customCount">42</property>
</resource>`,
    check: (body) => {
      const phone = resourceOf(body);
      expect(phone.properties).toEqual({ number: '', note: null, customFlag: true, ticketNumber: '00123', customCount: '42' });
      expect(phone.links['vendorThing']).toEqual([
        { rel: 'vendorThing', href: `${APP}/vendor/1`, title: 'One', revision: '3', extra: { 'x-vendor': 'yes' } },
        { rel: 'vendorThing', href: `${APP}/vendor/2` },
      ]);
      expect(phone.href).toBe(`${APP}/me/phones/home`);
      expect(phone.links['self']).toEqual([{ rel: 'self', href: `${APP}/me/phones/home`, revision: '2' }]);
    },
  },
  {
    name: 'OPTIONS metadata: nested records in a list (data-contract XML)',
    context: response,
    json: JSON.stringify({ metadata: [{ httpMethod: 'POST', parameters: [{ name: 'culture', supportedValues: ['en-US', 'fr-FR'] }] }] }),
    xml: `<?xml version="1.0"?>
<optionsMetadata xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <httpMethodMetadata>
      <httpMethod>POST</httpMethod>
      <parameters>
        <parameter>
          <name>culture</name>
          <supportedValues><value>en-US</value><value>fr-FR</value></supportedValues>
        </parameter>
      </parameters>
    </httpMethodMetadata>
  </metadata>
</optionsMetadata>`,
    check: (body) => {
      const metadata = resourceOf(body).properties['metadata'];
      expect(Array.isArray(metadata)).toBe(true);
      const first = (metadata as readonly unknown[])[0];
      expect(isPropertyRecord(first as never) && (first as { fields: Record<string, unknown> }).fields['httpMethod']).toBe('POST');
    },
  },
  {
    name: 'error body: code, subcode, message, parameters and debug information',
    context: { direction: 'response', status: 400 },
    json: JSON.stringify({
      code: 'BadRequest',
      subcode: 'ParameterValidationFailure',
      message: 'Please check what you entered and try again.',
      parameters: { to: 'sip:', subject: 'x' },
      debugInfo: { diagnostics: '3201;reason="Missing To"' },
      traceId: 'abc',
    }),
    xml: `<reason ${NS}>
  <code>BadRequest</code>
  <subcode>ParameterValidationFailure</subcode>
  <message>Please check what you entered and try again.</message>
  <parameters><property name="to">sip:</property><property name="subject">x</property></parameters>
  <debugInfo><property name="diagnostics">3201;reason="Missing To"</property></debugInfo>
  <traceId>abc</traceId>
</reason>`,
    check: (body) => {
      expect(errorOf(body)).toEqual({
        code: 'BadRequest',
        subcode: 'ParameterValidationFailure',
        message: 'Please check what you entered and try again.',
        parameters: { to: 'sip:', subject: 'x' },
        debugInfo: { diagnostics: '3201;reason="Missing To"' },
        extra: { traceId: 'abc' },
      });
    },
  },
  {
    name: 'event batch: repeated senders, every event type, in, status, reason and embedded resources',
    context: { direction: 'response', status: 200, url: `${APP}/events?ack=5` },
    json: JSON.stringify({
      _links: { self: { href: `${APP}/events?ack=5` }, next: { href: `${APP}/events?ack=6` } },
      sender: [
        {
          rel: 'communication',
          href: `${APP}/communication`,
          events: [
            {
              link: { rel: 'messagingInvitation', href: `${APP}/communication/messagingInvitations/602` },
              _embedded: {
                messagingInvitation: {
                  rel: 'messagingInvitation',
                  state: 'Connecting',
                  _links: { self: { href: `${APP}/communication/messagingInvitations/602` } },
                  _embedded: { from: { rel: 'participant', name: 'John Doe', _links: { self: { href: `${CONV}/participants/john@contoso.com` } } } },
                },
              },
              type: 'started',
            },
            { link: { rel: 'conversation', href: CONV }, type: 'added' },
          ],
        },
        {
          rel: 'conversation',
          href: CONV,
          events: [
            { link: { rel: 'participant', href: `${CONV}/participants/john@contoso.com`, title: 'John Doe' }, in: { rel: 'typingParticipants', href: `${CONV}/messaging/typingParticipants` }, type: 'added' },
            { link: { rel: 'participant', href: `${CONV}/participants/john@contoso.com` }, in: { rel: 'typingParticipants', href: `${CONV}/messaging/typingParticipants` }, type: 'deleted' },
            { link: { rel: 'messaging', href: `${CONV}/messaging` }, type: 'updated', reason: { code: 'Informational', subcode: 'Removed', message: 'Messaging ended.' } },
          ],
        },
        {
          rel: 'communication',
          href: `${APP}/communication`,
          events: [
            { link: { rel: 'messagingInvitation', href: `${APP}/communication/messagingInvitations/602` }, status: 'Success', type: 'completed' },
            { link: { rel: 'messagingInvitation', href: `${APP}/communication/messagingInvitations/603` }, status: 'Failure', reason: { code: 'RemoteFailure', subcode: 'Declined' }, type: 'completed' },
            { link: { rel: 'missedItems', href: `${APP}/communication/missedItems` }, type: 'resourceChanged' },
          ],
        },
      ],
    }),
    xml: `<events href="${APP}/events?ack=5" ${NS}>
  <link rel="next" href="${APP}/events?ack=6"/>
  <sender rel="communication" href="${APP}/communication">
    <started rel="messagingInvitation" href="${APP}/communication/messagingInvitations/602">
      <resource rel="messagingInvitation" href="${APP}/communication/messagingInvitations/602">
        <property name="rel">messagingInvitation</property>
        <property name="state">Connecting</property>
        <resource rel="from" href="${CONV}/participants/john@contoso.com">
          <property name="rel">participant</property>
          <property name="name">John Doe</property>
        </resource>
      </resource>
    </started>
    <added rel="conversation" href="${CONV}"/>
  </sender>
  <sender rel="conversation" href="${CONV}">
    <added rel="participant" href="${CONV}/participants/john@contoso.com" title="John Doe">
      <in rel="typingParticipants" href="${CONV}/messaging/typingParticipants"/>
    </added>
    <deleted rel="participant" href="${CONV}/participants/john@contoso.com">
      <in rel="typingParticipants" href="${CONV}/messaging/typingParticipants"/>
    </deleted>
    <updated rel="messaging" href="${CONV}/messaging">
      <reason><code>Informational</code><subcode>Removed</subcode><message>Messaging ended.</message></reason>
    </updated>
  </sender>
  <sender rel="communication" href="${APP}/communication">
    <completed rel="messagingInvitation" href="${APP}/communication/messagingInvitations/602" status="Success"/>
    <completed rel="messagingInvitation" href="${APP}/communication/messagingInvitations/603">
      <status>Failure</status>
      <reason><code>RemoteFailure</code><subcode>Declined</subcode></reason>
    </completed>
    <resourceChanged rel="missedItems" href="${APP}/communication/missedItems"/>
  </sender>
</events>`,
    check: (body) => {
      const batch = batchOf(body);
      expect(batch.self).toEqual({ href: `${APP}/events?ack=5`, ack: 5 });
      expect(batch.next).toEqual({ href: `${APP}/events?ack=6`, ack: 6 });
      expect(batch.resync).toBeNull();
      expect(batch.senders.map((s) => [s.rel, s.events.length])).toEqual([
        ['communication', 2],
        ['conversation', 3],
        ['communication', 3],
      ]);
      expect(batch.events.map((e) => [e.index, e.sender.rel, e.type, e.link.rel])).toEqual([
        [0, 'communication', 'started', 'messagingInvitation'],
        [1, 'communication', 'added', 'conversation'],
        [2, 'conversation', 'added', 'participant'],
        [3, 'conversation', 'deleted', 'participant'],
        [4, 'conversation', 'updated', 'messaging'],
        [5, 'communication', 'completed', 'messagingInvitation'],
        [6, 'communication', 'completed', 'messagingInvitation'],
        [7, 'communication', 'resourceChanged', 'missedItems'],
      ]);
      const [started, , typing] = batch.events;
      expect(firstEmbedded(firstEmbedded(started as never, 'messagingInvitation') as UcwaResource, 'from')?.rel).toBe('participant');
      expect(typing?.in).toEqual({ rel: 'typingParticipants', href: `${CONV}/messaging/typingParticipants` });
      expect(typing?.link.title).toBe('John Doe');
      expect(batch.events[4]?.reason).toEqual({ code: 'Informational', subcode: 'Removed', message: 'Messaging ended.' });
      expect(batch.events[5]?.status).toBe('Success');
      expect(batch.events[6]?.status).toBe('Failure');
      expect(batch.events[6]?.reason?.subcode).toBe('Declined');
    },
  },
  {
    name: 'event batch: resync and resume links, no senders',
    context: { direction: 'response', status: 200, url: `${APP}/events?ack=9` },
    json: JSON.stringify({ _links: { self: { href: `${APP}/events?ack=9` }, resync: { href: `${APP}/events?ack=3` }, resume: { href: `${APP}/events?ack=10&timeout=900` } } }),
    xml: `<events href="${APP}/events?ack=9" ${NS}><link rel="resync" href="${APP}/events?ack=3"/><link rel="resume" href="${APP}/events?ack=10&amp;timeout=900"/></events>`,
    check: (body) => {
      const batch = batchOf(body);
      expect(batch.resync).toEqual({ href: `${APP}/events?ack=3`, ack: 3 });
      expect(batch.resume).toEqual({ href: `${APP}/events?ack=10&timeout=900`, ack: 10 });
      expect(batch.next).toBeNull();
      expect(batch.events).toEqual([]);
    },
  },
];

/** Runs every case through one decoder. `pick` chooses the case's text for that decoder's format. */
export function runDecoderCases(label: string, decode: (decoderCase: DecoderCase) => DecodeResult): void {
  describe(`${label} decoder on the shared cases`, () => {
    for (const decoderCase of decoderCases) {
      it(`decodes ${decoderCase.name}`, () => {
        const result = decode(decoderCase);
        if (!result.ok) throw new Error(result.problem);
        expect(result.warnings).toEqual(expect.not.arrayContaining([expect.stringMatching(/not kept/)]));
        decoderCase.check(result.body);
      });
    }
  });
}
