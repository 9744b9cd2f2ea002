// Test support (not a test file): the editing requests as the clients send them (fact sheet
// §5.2; PAPYON's and MSNPSharp's bodies, whose text is padded with newlines and spaces — kept here
// in a few places because the server must trim it), and readers for what the tests assert.
import { AB_NS } from './envelope';
import { childrenNamed, path, textAt, type XmlElement } from '../../xml/xml';

const AB_ID = '<abId>00000000-0000-0000-0000-000000000000</abId>';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function annotationsXml(a: Record<string, string>): string {
  const items = Object.entries(a).map(([n, v]) => `<Annotation><Name>${n}</Name>${v === '' ? '<Value/>' : `<Value>${xml(v)}</Value>`}</Annotation>`);
  return items.length ? `<annotations>${items.join('')}</annotations>` : '';
}

/** WLM 8 / PAPYON "add a contact": LivePending, an invitation, allow-list management. */
export function contactAddBody(emails: string[], opts: { manage?: boolean; annotations?: Record<string, string> } = {}): string {
  const contacts = emails
    .map(
      (e) =>
        `<Contact xmlns="${AB_NS}"><contactInfo><passportName>${xml(e)}</passportName><isMessengerUser>true</isMessengerUser>` +
        `<contactType>LivePending</contactType>${annotationsXml(opts.annotations ?? {})}` +
        '<MessengerMemberInfo><PendingAnnotations><Annotation><Name>MSN.IM.InviteMessage</Name><Value>hi!</Value></Annotation>' +
        '</PendingAnnotations><DisplayName>Me</DisplayName></MessengerMemberInfo></contactInfo></Contact>',
    )
    .join('');
  return (
    `<ABContactAdd xmlns="${AB_NS}">${AB_ID}<contacts>${contacts}</contacts>` +
    `<options><EnableAllowListManagement>\n  ${opts.manage ?? true}\n</EnableAllowListManagement></options></ABContactAdd>`
  );
}

export function contactDeleteBody(guids: string[]): string {
  return `<ABContactDelete xmlns="${AB_NS}">${AB_ID}<contacts>${guids.map((g) => `<Contact><contactId>${g}</contactId></Contact>`).join('')}</contacts></ABContactDelete>`;
}

export interface ContactUpdate {
  contactId?: string;
  me?: boolean;
  displayName?: string;
  isMessengerUser?: boolean;
  annotations?: Record<string, string>;
}

/** propertiesChanged lists what is sent, as PAPYON does: "DisplayName IsMessengerUser Annotation". */
export function contactUpdateBody(updates: ContactUpdate[]): string {
  const contacts = updates.map((u) => {
    const props: string[] = [];
    let info = '';
    if (u.annotations) {
      info += annotationsXml(u.annotations);
      props.push('Annotation');
    }
    if (u.me) info += '<contactType>Me</contactType>';
    if (u.displayName !== undefined) {
      info += `<displayName>${xml(u.displayName)}</displayName>`;
      props.push('DisplayName');
    }
    if (u.isMessengerUser !== undefined) {
      info += `<isMessengerUser>${u.isMessengerUser}</isMessengerUser>`;
      props.push('IsMessengerUser');
    }
    const id = u.contactId ? `<contactId>\n  ${u.contactId}\n</contactId>` : '';
    return `<Contact xmlns="${AB_NS}">${id}<contactInfo>${info}</contactInfo><propertiesChanged> ${props.join(' ')} </propertiesChanged></Contact>`;
  });
  return `<ABContactUpdate xmlns="${AB_NS}">${AB_ID}<contacts>${contacts.join('')}</contacts><options><EnableAllowListManagement>false</EnableAllowListManagement></options></ABContactUpdate>`;
}

export function groupAddBody(name: string): string {
  return (
    `<ABGroupAdd xmlns="${AB_NS}">${AB_ID}<groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict></groupAddOptions>` +
    `<groupInfo><GroupInfo><name>\n   ${xml(name)}\n</name><groupType>C8529CE2-6EAD-434d-881F-341E17DB3FF8</groupType>` +
    '<fMessenger>false</fMessenger><annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations>' +
    '</GroupInfo></groupInfo></ABGroupAdd>'
  );
}

export function groupUpdateBody(id: string, name: string): string {
  return `<ABGroupUpdate xmlns="${AB_NS}">${AB_ID}<groups><Group><groupId>${id}</groupId><groupInfo><name>${xml(name)}</name></groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups></ABGroupUpdate>`;
}

export function groupDeleteBody(ids: string[]): string {
  return `<ABGroupDelete xmlns="${AB_NS}">${AB_ID}<groupFilter><groupIds>${ids.map((g) => `<guid>${g}</guid>`).join('')}</groupIds></groupFilter></ABGroupDelete>`;
}

export function groupContactBody(action: 'ABGroupContactAdd' | 'ABGroupContactDelete', groupId: string, contact: { id: string } | { email: string }): string {
  const c = 'id' in contact ? `<contactId>${contact.id}</contactId>` : `<contactInfo><passportName>${contact.email}</passportName><isMessengerUser>true</isMessengerUser></contactInfo>`;
  const options = action === 'ABGroupContactAdd' ? '<groupContactAddOptions><fGenerateMissingQuickName>true</fGenerateMissingQuickName><EnableAllowListManagement>true</EnableAllowListManagement></groupContactAddOptions>' : '';
  return `<${action} xmlns="${AB_NS}">${AB_ID}<groupFilter><groupIds><guid>${groupId}</guid></groupIds></groupFilter><contacts><Contact>${c}</Contact></contacts>${options}</${action}>`;
}

/** AddMember/DeleteMember as PAPYON sends them (serviceHandle Id 0, padded text). */
export function memberBody(action: 'AddMember' | 'DeleteMember', role: string, members: ({ email: string } | { membershipId: string })[], service = 'Messenger'): string {
  const ms = members
    .map((m) =>
      'email' in m
        ? `<Member xsi:type="PassportMember" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Type>Passport</Type><State>Accepted</State><PassportName>${m.email}</PassportName></Member>`
        : `<Member xsi:type="PassportMember" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Type>Passport</Type><MembershipId>${m.membershipId}</MembershipId><State>Accepted</State></Member>`,
    )
    .join('');
  return (
    `<${action} xmlns="${AB_NS}"><serviceHandle><Id>\n 0\n</Id><Type>\n ${service}\n</Type><ForeignId>\n</ForeignId></serviceHandle>` +
    `<memberships><Membership><MemberRole>\n ${role}\n</MemberRole><Members>${ms}</Members></Membership></memberships></${action}>`
  );
}

export function findMembershipDelta(lastChange: string): string {
  return (
    `<FindMembership xmlns="${AB_NS}"><serviceFilter><Types><ServiceType>Messenger</ServiceType></Types></serviceFilter>` +
    `<View>Full</View><deltasOnly>true</deltasOnly><lastChange>${lastChange}</lastChange></FindMembership>`
  );
}

export function abFindAllDelta(lastChange: string): string {
  return `<ABFindAll xmlns="${AB_NS}">${AB_ID}<abView>Full</abView><deltasOnly>true</deltasOnly><lastChange>${lastChange}</lastChange></ABFindAll>`;
}

export function findContactsPagedBody(deltasOnly: boolean, lastChanged?: string): string {
  return (
    `<ABFindContactsPaged xmlns="${AB_NS}"><abView>MessengerClient8</abView><extendedContent>AB AllGroups CircleResult</extendedContent>` +
    `<filterOptions><DeltasOnly>${deltasOnly}</DeltasOnly>${lastChanged ? `<LastChanged>${lastChanged}</LastChanged>` : ''}` +
    '<ContactFilter><IncludeHiddenContacts>true</IncludeHiddenContacts></ContactFilter><LastChangedSet>true</LastChangedSet></filterOptions>' +
    '<pageContext><PageSize>1500</PageSize><Direction>Forward</Direction></pageContext></ABFindContactsPaged>'
  );
}

/** FindMembership's Service/LastChange, or ABFindAll's ab/lastChange: what the client sends back. */
export function lastChangeOf(doc: XmlElement): string {
  const fm = textAt(doc, 'Body', 'FindMembershipResponse', 'FindMembershipResult', 'Services', 'Service', 'LastChange');
  const ab = textAt(doc, 'Body', 'ABFindAllResponse', 'ABFindAllResult', 'ab', 'lastChange');
  const paged = textAt(doc, 'Body', 'ABFindContactsPagedResponse', 'ABFindContactsPagedResult', 'Ab', 'lastChange');
  const v = fm ?? ab ?? paged;
  if (!v) throw new Error('no lastChange in the answer');
  return v;
}

/** Memberships as { Allow: ['bob@x', '-carol@x' (Deleted)], … }. */
export function membershipChanges(doc: XmlElement): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const service = path(doc, 'Body', 'FindMembershipResponse', 'FindMembershipResult', 'Services', 'Service');
  for (const m of childrenNamed(path(service, 'Memberships'), 'Membership')) {
    out[textAt(m, 'MemberRole')!] = childrenNamed(path(m, 'Members'), 'Member').map(
      (x) => `${textAt(x, 'Deleted') === 'true' ? '-' : ''}${textAt(x, 'PassportName')}`,
    );
  }
  return out;
}

/** ABFindAll / ABFindContactsPaged contacts as ['bob@x', '-carol@x' (fDeleted), 'me@x (Me)']. */
export function contactChanges(doc: XmlElement): string[] {
  const result = path(doc, 'Body', 'ABFindAllResponse', 'ABFindAllResult') ?? path(doc, 'Body', 'ABFindContactsPagedResponse', 'ABFindContactsPagedResult');
  return childrenNamed(path(result, 'contacts'), 'Contact').map((c) => {
    const email = textAt(c, 'contactInfo', 'passportName');
    const me = textAt(c, 'contactInfo', 'contactType') === 'Me' ? ' (Me)' : '';
    return `${textAt(c, 'fDeleted') === 'true' ? '-' : ''}${email}${me}`;
  });
}

/** Group names, '-Name' for deleted ones. */
export function groupChanges(doc: XmlElement): string[] {
  const result = path(doc, 'Body', 'ABFindAllResponse', 'ABFindAllResult') ?? path(doc, 'Body', 'ABFindContactsPagedResponse', 'ABFindContactsPagedResult');
  return childrenNamed(path(result, 'groups'), 'Group').map((g) => `${textAt(g, 'fDeleted') === 'true' ? '-' : ''}${textAt(g, 'groupInfo', 'name')}`);
}
