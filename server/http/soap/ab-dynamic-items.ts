// UpdateDynamicItem: after changing its roaming profile (storage UpdateProfile), WLM 8.5 and MSNPSharp
// 2.5.8 (StorageService.UpdateProfileImpl) tell the address book that their own "dynamic item" — the
// Profile service's notification data — changed, so that contacts' address books say "look again":
//   <UpdateDynamicItem><abId>0…0</abId><dynamicItems><DynamicItem xsi:type="PassportDynamicItem"><Type>Passport</Type>
//   <PassportName>me@x</PassportName><Changes>Notifications</Changes><Notifications><NotificationData><StoreService>
//   <Info><Handle><Id>0</Id><Type>Profile</Type><ForeignId>MyProfile</ForeignId></Handle>…</Info></StoreService>
//   <Status>Exist Access</Status><LastChanged>2026-12-02T06:55:32.4Z</LastChanged></NotificationData></Notifications></DynamicItem>
//   -> <UpdateDynamicItemResponse/>
// Here the profile is the account itself: UpdateProfile already told every watcher (NLN/UBX) when it
// changed the name or message, so this only has to be the caller's own item to be confirmed.
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { answering, badRequest } from './ab-faults';
import { AB_NS, soapOk, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { path, type XmlElement } from '../../xml/xml';

export function updateDynamicItem(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  void core;
  return answering(() => {
    const items = path(body, 'dynamicItems')?.children ?? [];
    if (items.length === 0) badRequest('UpdateDynamicItem names no dynamic item.');
    for (const item of items) {
      const who = path(item, 'PassportName')?.text.trim().toLowerCase();
      if (who !== owner.email) badRequest(`A dynamic item can only be updated by its owner (${who || 'no PassportName'} is not ${owner.email}).`);
    }
    return soapOk(`<UpdateDynamicItemResponse xmlns="${AB_NS}"/>`, header);
  });
}
