// GetProfile and UpdateProfile: the roaming profile's name, personal message and photo.
//   C: <GetProfile><profileHandle><Alias><Name>-7196982838722664072</Name><NameSpace>MyCidStuff</NameSpace></Alias>
//      <RelationshipName>MyProfile</RelationshipName></profileHandle><profileAttributes>…</profileAttributes></GetProfile>
//   S: <GetProfileResult><ResourceID>9C1F…!106</ResourceID><DateModified>…</DateModified><ExpressionProfile>
//      <ResourceID>9C1F…!118</ResourceID>…<PersonalStatus>…</PersonalStatus>…<DisplayName>Me</DisplayName>…
// MSNPSharp 2.5.8 takes its own name from DisplayName at every sign-in (ContactService.SetDefaults),
// so without this it signs in nameless. Element order is MSNPSharp's schema (msnstorage_servicetypes.xsd,
// GetProfileResultType); Photo only when there is one, with an absolute PreAuthURL on this server.
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { RoamingProfile } from '../../core/roaming-profile';
import { CoreError } from '../../core/errors';
import { cidOf, soapTime } from '../soap/ids';
import { el } from '../soap/envelope';
import { path, type XmlElement } from '../../xml/xml';
import { storageFault, storageOk } from './storage-envelope';
import { documentResourceId, expressionProfileId, imageMimeType, profileId } from './storage-ids';
import { userTileUrl } from './user-tile';
import type { SoapReply } from '../soap/envelope';

export interface StorageRequest {
  core: Core;
  user: User;
  body: XmlElement;
  /** "http://10.0.0.5:80": where tiles are fetched from. */
  httpBase: string;
  /** The namespace the request used, answered in kind: …/storage/w10 (WLM 8.5, MSNPSharp 2.5) or …/storage/2008 (MSNPSharp 3.0). */
  ns: string;
}

/** A profile handle names the caller (their CID, or none); other people's profiles are not served. */
function namesCaller(user: User, handle: XmlElement | undefined): boolean {
  const name = path(handle, 'Alias', 'Name')?.text.trim();
  return !name || name === '0' || name === cidOf(user.guid);
}

export function getProfile(r: StorageRequest): SoapReply {
  if (!namesCaller(r.user, path(r.body, 'profileHandle'))) {
    return storageFault('ItemDoesNotExist', 'The profile does not exist (only your own profile is kept here).');
  }
  const p = RoamingProfile.of(r.core).view(r.user);
  const photo = p.photo
    ? '<Photo>' +
      el('ItemType', 'Photo') +
      el('ResourceID', documentResourceId(r.user, p.photo.id)) +
      el('DateModified', soapTime(p.photo.modifiedAt)) +
      el('Name', p.photo.name) +
      '<DocumentStreams><DocumentStream>' +
      el('DocumentStreamName', 'UserTileStatic') +
      el('DocumentStreamType', 'UserTileStatic') +
      el('MimeType', imageMimeType(p.photo.mimeType)) +
      el('DataSize', p.photo.data.length) +
      el('PreAuthURL', userTileUrl(r.httpBase, r.user, p.photo.id)) +
      el('PreAuthURLPartner', userTileUrl(r.httpBase, r.user, p.photo.id)) +
      '</DocumentStream></DocumentStreams></Photo>'
    : '';
  return storageOk(
    `<GetProfileResponse xmlns="${r.ns}"><GetProfileResult>` +
      el('ResourceID', profileId(r.user)) +
      el('DateModified', soapTime(p.times.modifiedAt)) +
      '<ExpressionProfile>' +
      el('ResourceID', expressionProfileId(r.user)) +
      el('DateModified', soapTime(p.times.modifiedAt)) +
      el('Flags', 0) +
      photo +
      el('PersonalStatus', p.psm) +
      el('PersonalStatusLastModified', soapTime(p.times.psmModifiedAt)) +
      el('DisplayName', p.displayName) +
      el('DisplayNameLastModified', soapTime(p.times.nameModifiedAt)) +
      (p.photo ? el('StaticUserTilePublicURL', userTileUrl(r.httpBase, r.user, p.photo.id)) : '') +
      '</ExpressionProfile></GetProfileResult></GetProfileResponse>',
    r.user.guid,
    r.ns,
  );
}

/**
 * UpdateProfile: DisplayName and PersonalStatus given are set; profileAttributesToDelete/…/PersonalStatus
 * clears the message. An empty DisplayName is no change (MSNPSharp sends its possibly empty nickname).
 *   <UpdateProfile><profile><ResourceID>…!106</ResourceID><ExpressionProfile><FreeText>Update</FreeText>
 *   <DisplayName>Me</DisplayName><PersonalStatus>hi</PersonalStatus><Flags>0</Flags></ExpressionProfile></profile></UpdateProfile>
 */
export function updateProfile(r: StorageRequest): SoapReply {
  const resourceId = path(r.body, 'profile', 'ResourceID')?.text.trim();
  if (resourceId && resourceId !== profileId(r.user) && resourceId !== expressionProfileId(r.user)) {
    return storageFault('ItemDoesNotExist', `The profile ${resourceId} does not exist (yours is ${profileId(r.user)}).`);
  }
  const exp = path(r.body, 'profile', 'ExpressionProfile');
  const name = path(exp, 'DisplayName')?.text;
  const psmEl = path(exp, 'PersonalStatus');
  const deletePsm = path(r.body, 'profileAttributesToDelete', 'ExpressionProfileAttributes', 'PersonalStatus')?.text.trim() === 'true';
  try {
    RoamingProfile.of(r.core).update(r.user, {
      displayName: name && name.trim() ? name : undefined,
      psm: deletePsm ? '' : psmEl ? psmEl.text : undefined,
    });
  } catch (e) {
    if (e instanceof CoreError) return storageFault('BadArgument', e.message);
    throw e;
  }
  return storageOk(`<UpdateProfileResponse xmlns="${r.ns}"/>`, r.user.guid, r.ns);
}
