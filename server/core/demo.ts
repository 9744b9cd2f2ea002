// --demo: the account me@local (password "butterfly") and the eight contacts of the
// Messenger for Mac write-up, each in its own status with a friendly name and a personal message.
import { List, type Status } from './model';
import type { Core } from './core';

export const DEMO_ACCOUNT = { email: 'me@local', password: 'butterfly', friendlyName: 'Me' };

export const DEMO_CONTACTS: readonly { email: string; name: string; status: Status; psm: string }[] = [
  { email: 'online@local', name: 'Online User', status: 'NLN', psm: 'Happy to chat!' },
  { email: 'busy@local', name: 'Busy User', status: 'BSY', psm: 'Deadline today, ping me later' },
  { email: 'idle@local', name: 'Idle User', status: 'IDL', psm: 'Somewhere near the keyboard' },
  { email: 'away@local', name: 'Away User', status: 'AWY', psm: 'Gone for a walk' },
  { email: 'brb@local', name: 'Brb User', status: 'BRB', psm: 'Back in five' },
  { email: 'lunch@local', name: 'Lunch User', status: 'LUN', psm: 'Pizza time' },
  { email: 'phone@local', name: 'Phone User', status: 'PHN', psm: 'On a call' },
  { email: 'hidden@local', name: 'Hidden User', status: 'HDN', psm: 'You cannot see me' },
];

/** Creates what is missing of the demo; leaves anything the user already changed alone. */
export async function seedDemo(core: Core): Promise<void> {
  let me = core.users.byEmail(DEMO_ACCOUNT.email);
  if (!me) {
    me = await core.directory.createAccount(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, DEMO_ACCOUNT.friendlyName);
    // Demo accounts let MSN Messenger 1.0–4.7 in too (MD5 sign-in needs the password kept sealed).
    core.md5.allow(me.id, DEMO_ACCOUNT.password);
  }
  for (const c of DEMO_CONTACTS) {
    let contact = core.users.byEmail(c.email);
    if (!contact) {
      // Demo contacts are driven from the panel; their password is the demo one so they can be tried too.
      contact = await core.directory.createAccount(c.email, DEMO_ACCOUNT.password, c.name);
      core.md5.allow(contact.id, DEMO_ACCOUNT.password);
      core.directory.setPersonalMessage(contact.id, c.psm, '');
      core.directory.setPanelStatus(contact.id, c.status);
    }
    core.directory.addToLists(me.id, contact.id, List.FL | List.AL);
    core.directory.addToLists(contact.id, me.id, List.FL | List.AL);
  }
}
