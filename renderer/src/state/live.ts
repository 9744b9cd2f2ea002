// Keeps the stores in step with the server: a full load on every (re)connection, then events.
// Traffic is collected and handed to the store once per animation frame, so 2,000 lines a second
// cost one render per frame, not 2,000.
import type { AccountInfo, ContactInfo, PanelEventMessage } from '../../../server/panel/contract';
import type { TrafficRecord } from '../../../server/tap/tap';
import { panel } from '../api/current';
import { useServer } from './server-store';
import { addTraffic, resetTraffic } from './traffic-store';
import { coalesce } from './coalesce';
import { upsertConversation, useConversations } from './conversations-store';
import { useSetup } from './setup-store';
import { noteConversation, seenConversations } from './unread-store';

/** How much history to load on connecting (the server keeps 5,000 lines). */
const HISTORY = 5000;

export function startLiveSync(): void {
  const client = panel();
  let frameBatch: TrafficRecord[] = [];
  let frameRequested = false;
  const flushFrame = () => {
    frameRequested = false;
    const batch = frameBatch;
    frameBatch = [];
    addTraffic(batch);
  };

  client.on((events: PanelEventMessage[]) => {
    for (const e of events) {
      switch (e.event) {
        case 'traffic':
          frameBatch.push(e.data);
          if (!frameRequested) {
            frameRequested = true;
            requestAnimationFrame(flushFrame);
          }
          break;
        case 'sessions': {
          // Who is signed in decides which accounts the panel may drive: only the accounts whose
          // signed-in state changed are fetched again (one sign-in is one small request, not the list).
          const before = useServer.getState().accounts;
          useServer.setState({ sessions: e.data });
          const on = new Set(e.data.map((x) => x.account).filter((a): a is string => a !== undefined));
          for (const a of before) {
            if (a.signedIn === on.has(a.email)) continue;
            void refreshAccount(a.email);
            contactChanged(a.email);
          }
          break;
        }
        case 'presence': {
          const p = e.data;
          useServer.setState((s) => ({
            accounts: s.accounts.map((a) => (a.email === p.email ? { ...a, status: p.status, displayName: p.friendlyName, psm: p.psm, picture: p.picture } : a)),
          }));
          contactChanged(p.email);
          break;
        }
        case 'lists': {
          // A new account announces itself with its lists; an existing one's row does not change.
          const { email, contact } = e.data;
          if (!useServer.getState().accounts.some((a) => a.email === email)) void refreshAccount(email);
          const open = useServer.getState().openList;
          if (open?.owner === email) {
            // One entry of the open list changed: fetch that entry; otherwise (groups) the list.
            if (contact) void refreshContact(entryKey(email, contact));
            else void loadList(email);
          } else if (contact === undefined || contact === open?.owner) {
            // A contact's own lists or settings changed: how it appears to the owner may have.
            contactChanged(email);
          }
          break;
        }
        case 'accountsChanged': {
          // One account deleted: its row goes (the whole list is fetched only when the server cannot say which).
          const gone = e.data.deleted;
          if (gone) useServer.setState((s) => ({ accounts: s.accounts.filter((a) => a.email !== gone) }));
          else void loadAccounts();
          break;
        }
        case 'conversation':
          upsertConversation(e.data);
          noteConversation(e.data);
          break;
        case 'offlineMessage':
          useConversations.setState((s) => ({ offlineTick: s.offlineTick + 1 }));
          break;
        case 'dns': {
          const dns = e.data;
          useServer.setState((s) => (s.status ? { status: { ...s.status, dns } } : {}));
          break;
        }
        case 'clientProgress':
          useSetup.setState({ progress: e.data, loaded: true });
          break;
      }
    }
  });

  client.onConnection((connection) => {
    useServer.setState({ connection });
    if (connection.state === 'connected') void loadEverything();
  });
  client.start();
}

async function loadEverything(): Promise<void> {
  const client = panel();
  const [status, sessions, history, conversations, echo, progress] = await Promise.all([
    client.call('getStatus', {}),
    client.call('listSessions', {}),
    client.call('getTraffic', { limit: HISTORY }),
    client.call('listConversations', {}),
    client.call('listEchoModes', {}),
    client.call('getClientProgress', {}),
  ]);
  useServer.setState({ status, sessions });
  useSetup.setState({ progress, loaded: true });
  useConversations.setState({ list: conversations, loaded: true, echo });
  seenConversations(conversations);
  resetTraffic(history);
  await loadAccounts();
  const open = useServer.getState().openList;
  if (open) await loadList(open.owner);
}

/**
 * `email` changed (presence, signed in or out, its own lists): if it is on the open contact list,
 * that one entry is fetched again. The list itself is never refetched for a contact's change.
 */
function contactChanged(email: string): void {
  const open = useServer.getState().openList;
  if (open?.loaded && open.contacts.some((c) => c.email === email)) void refreshContact(entryKey(open.owner, email));
}

const entryKey = (owner: string, email: string) => `${owner}\n${email}`;

/** Fetches one entry of the open list and puts it in place; off the owner's lists, it goes. */
const refreshContact = coalesce(async (key: string) => {
  const [owner, email] = key.split('\n') as [string, string];
  let contact: ContactInfo;
  try {
    contact = await panel().call('getContact', { owner, email });
  } catch {
    // Taken off the owner's lists (a rare change): the list as it is now.
    if (useServer.getState().openList?.owner === owner) void loadList(owner);
    return;
  }
  useServer.setState((s) => {
    const open = s.openList;
    if (open?.owner !== owner || !open.loaded) return {};
    const at = open.contacts.findIndex((c) => c.email === email);
    return { openList: { ...open, contacts: at >= 0 ? open.contacts.map((c, i) => (i === at ? contact : c)) : [...open.contacts, contact] } };
  });
});

export const loadAccounts = coalesce(async () => {
  const accounts = await panel().call('listAccounts', {});
  useServer.setState({ accounts, accountsLoaded: true });
});

/** Fetches one account and puts it in the list (replacing its row, or adding it at the end). */
export async function refreshAccount(email: string): Promise<void> {
  try {
    upsertAccount(await panel().call('getAccount', { email }));
  } catch {
    // Deleted meanwhile: accountsChanged follows and reloads the list.
  }
}

export function upsertAccount(a: AccountInfo): void {
  useServer.setState((s) => {
    const at = s.accounts.findIndex((x) => x.email === a.email);
    if (at < 0) return { accounts: [...s.accounts, a] };
    const accounts = [...s.accounts];
    accounts[at] = a;
    return { accounts };
  });
}

/** Loads (or reloads) the contact list and groups of the account open on the accounts page. */
export const loadList = coalesce(async (owner: string) => {
  const client = panel();
  try {
    const [contacts, groups] = await Promise.all([client.call('listContacts', { email: owner }), client.call('listGroups', { email: owner })]);
    // Only if that account is still the one open.
    if (useServer.getState().openList?.owner === owner) useServer.setState({ openList: { owner, contacts, groups, loaded: true } });
  } catch {
    // The account was deleted meanwhile; the accounts page notices it is gone.
  }
});

/** Longest wait for a contact list before an account is shown without it ("Loading…"). */
const OPEN_WAIT_MS = 250;
let opening: string | undefined;

/**
 * Opens an account from a click: its contact list is asked for first and the page changes when it
 * has arrived (at most OPEN_WAIT_MS later), so the account and its list are drawn in one pass.
 * Drawing the account first and the list when it comes cost two renders and two layouts of the
 * whole page, each longer than the server takes to answer (about 60 ms more, measured in
 * `npm run bench -- panel`). A later click wins over an earlier one still waiting.
 */
export async function openAccount(owner: string, go: () => void): Promise<void> {
  opening = owner;
  const client = panel();
  const list = Promise.all([client.call('listContacts', { email: owner }), client.call('listGroups', { email: owner })]);
  const arrived = await Promise.race([list.catch(() => undefined), new Promise<undefined>((r) => setTimeout(r, OPEN_WAIT_MS))]);
  if (opening !== owner) return;
  opening = undefined;
  // Both stores change in the same task: React draws the account with its list at once.
  if (arrived) useServer.setState({ openList: { owner, contacts: arrived[0], groups: arrived[1], loaded: true } });
  go();
}

/** The accounts page opened `owner`: show it empty at once, then its list. */
export function openList(owner: string | undefined): void {
  if (useServer.getState().openList?.owner === owner) return;
  useServer.setState({ openList: owner ? { owner, contacts: [], groups: [], loaded: false } : undefined });
  if (owner) void loadList(owner);
}
