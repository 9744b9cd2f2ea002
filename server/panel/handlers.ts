// The panel operations, implemented once over the running server (both transports call these).
import { CoreError } from '../core/errors';
import { List, isStatus, listNames, type ContactEntry, type Status, type User } from '../core/model';
import { accountsPage } from '../store/panel-lists';
import { lanAddresses } from '../config';
import { passwordProblem } from '../core/passwords';
import type { Butterfly } from '../app';
import {
  PanelError,
  type ContactInfo,
  type ListenerInfo,
  type ListenerName,
  type OperationName,
  type PanelOperations,
  type Req,
  type Res,
  type SessionInfo,
} from './contract';
import { startupProblems } from './startup-problems';
import { imageMimeType, RoamingProfile } from '../core/roaming-profile';
import { certificateInfo } from './certificate';
import { createConversationHandlers } from './conversations';
import { createSetupHandlers } from './setup-handlers';
import { createHistoryHandlers } from './history';
import { pcapngFileName, trafficToPcapng } from '../tap/pcapng';
import { createStartConversation } from './start-conversation';
import { createPictureHandlers } from './picture-handlers';

export type PanelHandlers = { [K in OperationName]: (req: Req<K>) => Promise<Res<K>> };

/** A page request's bounds: 100 rows unless asked, never more than 1,000. */
export function pageBounds(req: { offset?: number; limit?: number }): { offset: number; limit: number } {
  const limit = Math.max(1, Math.min(Number(req.limit ?? 100) || 100, 1000));
  const offset = Math.max(0, Number(req.offset ?? 0) || 0);
  return { offset, limit };
}

const CORE_TO_HTTP: Record<CoreError['code'], 400 | 404 | 409> = {
  'invalid-email': 400,
  'invalid-password': 400,
  'invalid-name': 400,
  'invalid-status': 400,
  'account-exists': 409,
  'no-such-account': 404,
  'already-on-list': 409,
  'not-on-list': 404,
  'in-opposite-list': 409,
  'list-full': 409,
  'signed-in': 409,
  'no-such-group': 404,
  'group-exists': 409,
  'too-many-groups': 409,
  'group-name-too-long': 400,
  'not-in-group': 404,
  'cannot-remove-group': 400,
};

export function createPanelHandlers(app: Butterfly): PanelHandlers {
  const { core } = app;
  const account = (u: User) => {
    const snap = core.presence.snapshot(u.id)!;
    return {
      email: u.email,
      displayName: u.friendlyName,
      status: snap.status,
      psm: snap.psm,
      signedIn: core.presence.isSignedIn(u.id),
      ...profilePicture(core, u.id),
      ...pictureOf(u.id),
      allowsOldMessengers: core.md5.allowed(u.id),
    };
  };
  const pictureOf = (userId: number) => core.pictureKey(userId);
  // From memory (the lists and presence the core holds): no query per contact.
  // How each contact treats the owner (blocked?) comes from the owner's reverse index, read once:
  // asking each contact's own list would be a query per contact the first time.
  const contacts = (owner: User) => {
    const theirs = core.lists.listersOf(owner.id);
    return core.lists.entries(owner.id).map((e) => contactInfo(owner, e, theirs.get(e.contactId) ?? 0));
  };
  const contactInfo = (owner: User, e: ContactEntry, relation: number): ContactInfo => {
    const view = core.presence.viewFor(e.contactId, owner.id, relation)!;
    return {
      email: e.email,
      displayName: view.friendlyName,
      lists: listNames(e.lists),
      status: view.status,
      psm: view.psm,
      groups: e.groups,
      ownStatus: core.presence.snapshot(e.contactId)!.status,
      signedIn: core.presence.isSignedIn(e.contactId),
      ...pictureOf(e.contactId),
    };
  };
  const notSignedIn = (user: User, what: string) => {
    if (core.presence.isSignedIn(user.id)) {
      throw new PanelError(409, `${user.email} is signed in from a real client; change its ${what} there.`);
    }
  };

  const handlers: PanelHandlers = {
    async getStatus() {
      return {
        publicHost: app.config.publicHost,
        lanAddresses: lanAddresses(),
        dataDir: app.config.dataDir,
        listeners: listeners(app),
        dns: app.dns.status(),
      };
    },
    async listAccounts() {
      return core.users.all().map(account);
    },
    async listAccountsPage(req) {
      const { offset, limit } = pageBounds(req);
      const page = accountsPage(core.db, { offset, limit, search: typeof req.search === 'string' ? req.search.trim() : undefined });
      return { total: page.total, offset, accounts: page.rows.map((r) => account(core.users.byId(r.id)!)) };
    },
    async getAccount(req) {
      return account(core.directory.requireUser(String(req.email)));
    },
    async createAccount(req) {
      if (typeof req.email !== 'string' || typeof req.password !== 'string') {
        throw new PanelError(400, 'Send {"email": "...", "password": "..."} (and optionally "displayName").');
      }
      return account(await core.directory.createAccount(req.email, req.password, req.displayName));
    },
    async updateAccount(req) {
      const user = core.directory.requireUser(String(req.email));
      if (req.displayName === undefined && req.password === undefined) {
        throw new PanelError(400, 'Send "displayName" and/or "password" to change.');
      }
      // Both checked before either is changed, so a refusal changes nothing.
      const pwProblem = req.password === undefined ? undefined : passwordProblem(String(req.password));
      if (pwProblem) throw new PanelError(400, pwProblem);
      if (req.displayName !== undefined) {
        notSignedIn(user, 'friendly name');
        core.directory.setFriendlyName(user.id, String(req.displayName).trim());
      }
      // A new password is for the next sign-in; a client signed in now stays signed in.
      if (req.password !== undefined) await core.directory.setPassword(user.id, String(req.password));
      return account(core.users.byId(user.id)!);
    },
    async setOldMessengers(req) {
      const user = core.directory.requireUser(String(req.email));
      if (req.allow !== true) {
        core.md5.forbid(user.id);
        return account(user);
      }
      // The password itself is what MD5 sign-in needs, so turning it on asks for it (and checks it).
      if (typeof req.password !== 'string' || !(await core.directory.authenticate(user.email, req.password))) {
        throw new PanelError(
          403,
          `That is not the password of ${user.email}. Type the password it signs in with (or set a new one first), then turn this on again.`,
        );
      }
      core.md5.allow(user.id, req.password);
      return account(user);
    },
    async deleteAccount(req) {
      const user = core.directory.requireUser(String(req.email));
      core.directory.deleteAccount(user.id);
      return { deleted: user.email };
    },
    async listContacts(req) {
      return contacts(core.directory.requireUser(String(req.email)));
    },
    async listContactsPage(req) {
      const owner = core.directory.requireUser(String(req.email));
      const { offset, limit } = pageBounds(req);
      const q = typeof req.search === 'string' ? req.search.trim().toLowerCase() : '';
      // By address, so pages stay put while statuses change; from memory, like the whole list.
      const all = contacts(owner)
        .filter((c) => !q || c.email.includes(q) || c.displayName.toLowerCase().includes(q))
        .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
      return { total: all.length, offset, contacts: all.slice(offset, offset + limit) };
    },
    async getContact(req) {
      const owner = core.directory.requireUser(String(req.owner));
      const other = core.directory.requireUser(String(req.email));
      const e = core.lists.entry(owner.id, other.id);
      if (!e) throw new PanelError(404, `${other.email} is not on ${owner.email}'s lists.`);
      return contactInfo(owner, e, core.lists.listersOf(owner.id).get(other.id) ?? 0);
    },
    async listGroups(req) {
      const owner = core.directory.requireUser(String(req.email));
      return core.lists.groups(owner.id).map((g) => ({ id: g.id, name: g.name }));
    },
    async addContact(req) {
      const owner = core.directory.requireUser(String(req.owner));
      const other = core.directory.requireUser(String(req.email));
      if (owner.id === other.id) throw new PanelError(400, 'An account cannot be its own contact.');
      core.directory.addToLists(owner.id, other.id, List.FL | List.AL);
      if (req.mutual) core.directory.addToLists(other.id, owner.id, List.FL | List.AL);
      return contacts(owner);
    },
    async removeContact(req) {
      const owner = core.directory.requireUser(String(req.owner));
      const other = core.directory.requireUser(String(req.email));
      const own = List.FL | List.AL | List.BL;
      if (!((core.lists.entry(owner.id, other.id)?.lists ?? 0) & own)) {
        throw new PanelError(404, `${other.email} is not on ${owner.email}'s contact list.`);
      }
      core.directory.removeFromLists(owner.id, other.id, own);
      return contacts(owner);
    },
    async setBlocked(req) {
      const owner = core.directory.requireUser(String(req.owner));
      const other = core.directory.requireUser(String(req.email));
      if (typeof req.blocked !== 'boolean') throw new PanelError(400, 'Send {"blocked": true} or {"blocked": false}.');
      if (owner.id === other.id) throw new PanelError(400, 'An account cannot block itself.');
      // Blocking moves the contact from the allow list to the block list, unblocking back (as the clients do).
      if (req.blocked) core.directory.editListsAtOnce(owner.id, other.id, List.BL, List.AL);
      else core.directory.editListsAtOnce(owner.id, other.id, List.AL, List.BL);
      return contacts(owner);
    },
    async setPresence(req) {
      const user = core.directory.requireUser(String(req.email));
      if (req.status !== undefined && !isStatus(req.status)) {
        throw new PanelError(400, `status must be one of NLN BSY IDL BRB AWY PHN LUN HDN FLN, not "${String(req.status)}".`);
      }
      notSignedIn(user, 'status, name and message');
      if (req.displayName !== undefined) core.directory.setFriendlyName(user.id, String(req.displayName));
      if (req.psm !== undefined) core.directory.setPersonalMessage(user.id, String(req.psm), user.currentMedia);
      if (req.status !== undefined) core.directory.setPanelStatus(user.id, req.status);
      return account(core.users.byId(user.id)!);
    },
    async listSessions() {
      return sessionList(app);
    },
    async kickSession(req) {
      const session = [...app.ns.sessions].find((s) => s.id === req.id);
      if (!session) throw new PanelError(404, `No connection ${req.id}; it may have ended already.`);
      if (session.signedIn) session.kick('KICK');
      else session.conn.close('closed from the panel');
      return { kicked: req.id };
    },
    async getTraffic(req) {
      const limit = Math.max(1, Math.min(Number(req.limit ?? 500) || 500, app.tap.capacity));
      return app.tap.recent(limit);
    },
    async getTrafficCapture(req) {
      const conn = typeof req.conn === 'string' && req.conn ? req.conn : undefined;
      const records = app.tap.recent().filter((r) => conn === undefined || r.conn === conn);
      return { name: pcapngFileName(new Date()), base64: trafficToPcapng(records).toString('base64') };
    },
    async getCertificate() {
      return certificateInfo(app.certs);
    },
    ...createConversationHandlers(app),
    ...createStartConversation(app),
    ...createSetupHandlers(app),
    ...createHistoryHandlers(app),
    ...createPictureHandlers(app),
  };
  return wrapCoreErrors(handlers);
}

/** Each listener, where it listens, and whether it got the port it was asked for. */
function listeners(app: Butterfly): ListenerInfo[] {
  const problems = startupProblems(app);
  return (['ns', 'sb', 'http', 'https', 'panel'] as const satisfies readonly ListenerName[]).map((name) => {
    const problem = problems.find((p) => p.listener === name);
    return {
      name,
      port: app.ports[name],
      // The panel controls everything, so it only ever listens on loopback (see app.ts).
      host: name === 'panel' ? '127.0.0.1' : app.config.host,
      state: problem ? 'moved' : 'listening',
      ...(problem ? { problem } : {}),
    };
  });
}

export function sessionList(app: Butterfly): SessionInfo[] {
  return [...app.ns.sessions].map((s) => ({
    id: s.id,
    account: s.user?.email,
    client: s.clientInfo.client,
    dialect: s.dialect?.name,
    remote: s.conn.remote,
    since: s.conn.since,
    ...(s.machineGuid ? { machineGuid: s.machineGuid, machineName: app.core.presence.placeOf(s)?.name || undefined } : {}),
  }));
}

/** Core errors carry messages written for people; give them the right HTTP status. */
function wrapCoreErrors(h: PanelHandlers): PanelHandlers {
  const out = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(h) as [string, (req: unknown) => Promise<unknown>][]) {
    out[name] = async (req: unknown) => {
      try {
        return await fn(req ?? {});
      } catch (e) {
        if (e instanceof CoreError) throw new PanelError(CORE_TO_HTTP[e.code], e.message);
        throw e;
      }
    };
  }
  return out as PanelHandlers;
}

export type { PanelOperations };

/** A tile this size or smaller goes into the account as a data: URL (the panel's CSP allows data: images). */
const MAX_PANEL_PICTURE_BYTES = 96 * 1024;

function profilePicture(core: Butterfly['core'], userId: number): { profilePicture?: string } {
  const photo = RoamingProfile.of(core).photoOf(userId);
  if (!photo || photo.data.length > MAX_PANEL_PICTURE_BYTES) return {};
  return { profilePicture: `data:${imageMimeType(photo.mimeType)};base64,${photo.data.toString('base64')}` };
}
