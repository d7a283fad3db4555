/** Typed view of `me`: the signed-in user, and what they can do about their own presence. */
import type { UcwaResource } from '../resource.ts';
import { compact, readHrefs, readString, readStrings, resourceView, type Hrefs, type ResourceView } from './read-fields.ts';

export const ME_LINKS = ['makeMeAvailable', 'reportMyActivity', 'presence', 'note', 'location', 'phones', 'photo', 'callForwardingSettings'] as const;

export interface MeView extends ResourceView {
  readonly name?: string;
  readonly uri?: string;
  readonly title?: string;
  readonly department?: string;
  readonly company?: string;
  readonly officeLocation?: string;
  readonly emailAddresses?: readonly string[];
  readonly endpointUri?: string;
  readonly workPhoneNumber?: string;
  readonly mobilePhoneNumber?: string;
  readonly homePhoneNumber?: string;
  readonly otherPhoneNumber?: string;
  /** `makeMeAvailable` is offered until the user is available; `presence`, `note`... appear after. */
  readonly hrefs: Hrefs<(typeof ME_LINKS)[number]>;
}

export function toMeView(resource: UcwaResource): MeView {
  return compact({
    ...resourceView(resource),
    name: readString(resource, 'name'),
    uri: readString(resource, 'uri'),
    title: readString(resource, 'title'),
    department: readString(resource, 'department'),
    company: readString(resource, 'company'),
    officeLocation: readString(resource, 'officeLocation'),
    emailAddresses: readStrings(resource, 'emailAddresses'),
    endpointUri: readString(resource, 'endpointUri'),
    workPhoneNumber: readString(resource, 'workPhoneNumber'),
    mobilePhoneNumber: readString(resource, 'mobilePhoneNumber'),
    homePhoneNumber: readString(resource, 'homePhoneNumber'),
    otherPhoneNumber: readString(resource, 'otherPhoneNumber'),
    hrefs: readHrefs(resource, ME_LINKS),
  });
}
