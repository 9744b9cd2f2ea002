// The panel operations, implemented once over the running server (both transports call these).
import { CoreError } from '../core/errors';
import { List, isStatus, listNames, type User } from '../core/model';
import { lanAddresses } from '../config';
import type { Butterfly } from '../app';
import { PanelError, type OperationName, type PanelOperations, type Req, type Res, type SessionInfo } from './contract';

export type PanelHandlers = { [K in OperationName]: (req: Req<K>) => Promise<Res<K>> };

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
    };
  };
  const contacts = (owner: User) =>
    core.lists.entries(owner.id).map((e) => {
      const view = core.presence.viewFor(e.contactId, owner.id)!;
      return { email: e.email, displayName: view.friendlyName, lists: listNames(e.lists), status: view.status, psm: view.psm };
    });

  const handlers: PanelHandlers = {
    async getStatus() {
      return {
        publicHost: app.config.publicHost,
        lanAddresses: lanAddresses(),
        dataDir: app.config.dataDir,
        listeners: (['ns', 'sb', 'http', 'https', 'panel'] as const).map((name) => ({ name, port: app.ports[name] })),
      };
    },
    async listAccounts() {
      return core.users.all().map(account);
    },
    async createAccount(req) {
      if (typeof req.email !== 'string' || typeof req.password !== 'string') {
        throw new PanelError(400, 'Send {"email": "...", "password": "..."} (and optionally "displayName").');
      }
      return account(await core.directory.createAccount(req.email, req.password, req.displayName));
    },
    async listContacts(req) {
      return contacts(core.directory.requireUser(String(req.email)));
    },
    async addContact(req) {
      const owner = core.directory.requireUser(String(req.owner));
      const other = core.directory.requireUser(String(req.email));
      if (owner.id === other.id) throw new PanelError(400, 'An account cannot be its own contact.');
      core.directory.addToLists(owner.id, other.id, List.FL | List.AL);
      if (req.mutual) core.directory.addToLists(other.id, owner.id, List.FL | List.AL);
      return contacts(owner);
    },
    async setPresence(req) {
      const user = core.directory.requireUser(String(req.email));
      if (req.status !== undefined && !isStatus(req.status)) {
        throw new PanelError(400, `status must be one of NLN BSY IDL BRB AWY PHN LUN HDN FLN, not "${String(req.status)}".`);
      }
      if (core.presence.isSignedIn(user.id)) {
        throw new PanelError(409, `${user.email} is signed in from a real client; change its status, name and message there.`);
      }
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
  };
  return wrapCoreErrors(handlers);
}

export function sessionList(app: Butterfly): SessionInfo[] {
  return [...app.ns.sessions].map((s) => ({
    id: s.id,
    account: s.user?.email,
    client: s.clientInfo.client,
    dialect: s.dialect?.name,
    remote: s.conn.remote,
    since: s.conn.since,
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
