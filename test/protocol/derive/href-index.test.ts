import { describe, expect, it } from 'vitest';
import { HrefIndex, hrefKey } from '../../../protocol/derive/href-index.ts';
import { learnEvent, learnResource } from '../../../protocol/derive/href-learning.ts';
import { makeResource } from '../../support/make-resource.ts';

describe('the href index', () => {
  it('compares hrefs without origin, fragment or doubled slashes, and leaves data: URIs out', () => {
    expect(hrefKey('/ucwa/v1/applications/1/me')).toBe('/ucwa/v1/applications/1/me');
    expect(hrefKey('https://fe.contoso.com/ucwa/v1/applications/1/me?x=1#top')).toBe('/ucwa/v1/applications/1/me?x=1');
    expect(hrefKey('/ucwa//v1/applications/1/me#top')).toBe('/ucwa/v1/applications/1/me');
    expect(hrefKey('https://fe.contoso.com')).toBe('/');
    expect(hrefKey('data:text/plain,Hi')).toBeNull();
  });

  it('answers an href by its comparable form, even when it holds keys that are not one (stored by an older rule, or the path of a bare query)', () => {
    const index = new HrefIndex([
      ['/ucwa//v1/me', { rel: 'stale', conversation: null }],
      ['/ucwa/v1/me', { rel: 'me', conversation: null }],
    ]);
    expect(index.get('/ucwa//v1/me')?.rel).toBe('me');
    expect(index.keyOf('/ucwa//v1/me')).toBe('/ucwa/v1/me');
    // An absolute URL with a query and no path is learned as `?x` and, by its path, as '' — which hrefKey reads as '/'.
    const learned = new HrefIndex();
    learned.learn('https://fe.contoso.com?x=1', 'odd', null);
    learned.learn('/', 'root', null);
    expect(learned.get('')?.rel).toBe('root');
    expect(learned.pathOf('')).toBe('/');
  });

  it('gives the comparable form and path of an href it holds as they are, like hrefKey and hrefPath', () => {
    const index = new HrefIndex();
    index.learn('/conv/1?operationId=7', 'conversation', null);
    expect(index.keyOf('/conv/1?operationId=7')).toBe('/conv/1?operationId=7');
    expect(index.pathOf('/conv/1?operationId=7')).toBe('/conv/1');
    expect(index.keyOf('https://fe.contoso.com/conv//1#x')).toBe('/conv/1');
    expect(index.pathOf('data:text/plain,Hi')).toBeNull();
  });

  it('knows which invitation an action link acts on, the latest that offered it, without persisting it', () => {
    const index = new HrefIndex();
    const invitation = (href: string) => makeResource({ rel: 'messagingInvitation', href, links: { accept: '/inv/accept', conversation: '/conv/1' } });
    learnResource(index, invitation('/inv/1'), '/conv/1');
    expect(index.get('/inv/accept')).toEqual({ rel: 'accept', conversation: '/conv/1', invitation: '/inv/1' });
    index.takeChanges();
    learnResource(index, invitation('/inv/2'), '/conv/1');
    expect(index.get('https://fe.contoso.com/inv/accept?operationId=7')?.invitation).toBe('/inv/2');
    // Only rel and conversation are saved; a new invitation alone is nothing to write.
    expect(index.takeChanges().map(([href]) => href)).not.toContain('/inv/accept');
  });

  it('knows whose presence and note an href is: the contact an event is in, or the me resource that links it', () => {
    const index = new HrefIndex();
    learnResource(index, makeResource({ rel: 'me', href: '/me', links: { presence: '/me/presence', note: '/me/note', makeMeAvailable: '/me/mma' } }), null);
    learnEvent(index, { index: 0, sender: { rel: 'people', href: '/people' }, type: 'updated', link: { rel: 'contactPresence', href: '/people/carol/presence' }, in: { rel: 'contact', href: '/people/carol' }, embedded: {} }, null);
    expect([index.get('/me/presence')?.person, index.get('/me/note')?.person, index.get('/me/mma')?.person]).toEqual(['/me', '/me', undefined]);
    expect(index.get('/people/carol/presence')).toEqual({ rel: 'contactPresence', conversation: null, person: '/people/carol' });
  });
});
