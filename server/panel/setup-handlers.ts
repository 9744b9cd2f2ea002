// The client-setup operations of the panel contract: per-client guides, the Mac plist and
// hex-patch tools (files arrive base64-encoded, are checked against their size limit before
// being decoded, and every result is made in memory), DNS mode on and off, and the connection check.
import type { Butterfly } from '../app';
import { BindError } from '../listen';
import { clientSetupGuide } from '../setup/guide';
import { patchMacBinary } from '../setup/mac-binary';
import { SetupInputError } from '../setup/input-error';
import type { PatchTarget } from '../setup/hex-patch';
import { PanelError, type OperationName, type Req, type Res } from './contract';
import { base64Length, CLIENT_FAMILY_IDS, tooLarge, UPLOAD_LIMITS, type ClientFamilyId } from './setup-types';

type SetupOps = 'getClientSetup' | 'inspectMacPlist' | 'patchMacBinary' | 'setDnsMode' | 'getClientProgress' | 'resetClientProgress';
type Handlers = { [K in Extract<OperationName, SetupOps>]: (req: Req<K>) => Promise<Res<K>> };

/** The dropped file's bytes, refused (413) before decoding when it is over the limit. */
export function decodeUpload(base64: unknown, kind: keyof typeof UPLOAD_LIMITS): Buffer {
  if (typeof base64 !== 'string') throw new PanelError(400, 'Send the file\'s content as "base64".');
  const limit = UPLOAD_LIMITS[kind];
  if (base64.length > base64Length(limit)) throw new PanelError(413, tooLarge(kind, Math.floor((base64.length * 3) / 4)));
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new PanelError(400, 'The file\'s content is not valid base64.');
  return Buffer.from(base64, 'base64');
}

function family(id: unknown, only?: 'macos'): ClientFamilyId {
  const f = CLIENT_FAMILY_IDS.find((x) => x === id);
  if (!f || (only === 'macos' && !f.startsWith('mac-'))) {
    const allowed = only ? CLIENT_FAMILY_IDS.filter((x) => x.startsWith('mac-')) : CLIENT_FAMILY_IDS;
    throw new PanelError(400, `family must be one of ${allowed.join(', ')}, not "${String(id)}".`);
  }
  return f;
}

export function createSetupHandlers(app: Butterfly): Handlers {
  const target = (host?: string): PatchTarget => ({
    host: (host ?? '').trim() || app.dns.status().answer,
    nsPort: app.ports.ns,
    httpPort: app.ports.http,
    httpsPort: app.ports.https,
  });
  const asPanelError = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SetupInputError) throw new PanelError(400, e.message);
      throw e;
    }
  };
  return {
    async getClientSetup(req) {
      return clientSetupGuide({
        family: family(req.family),
        address: app.config.publicHost,
        ports: { ns: app.ports.ns, http: app.ports.http, https: app.ports.https },
        dns: app.dns.status(),
        certs: app.certs,
      });
    },
    async inspectMacPlist(req) {
      const f = family(req.family ?? 'mac-8', 'macos');
      const bytes = decodeUpload(req.base64, 'plist');
      // The plist parsers (plist, bplist-*) load on the first dropped file, not at start-up.
      const { inspectMacPlist } = await import('../setup/mac-plist');
      return asPanelError(() => inspectMacPlist(bytes, f, target(req.target)));
    },
    async patchMacBinary(req) {
      const bytes = decodeUpload(req.base64, 'binary');
      return asPanelError(() => patchMacBinary(bytes, String(req.name ?? ''), target(req.target)));
    },
    async setDnsMode(req) {
      if (typeof req.enabled !== 'boolean') throw new PanelError(400, 'Send {"enabled": true|false} (and optionally "isolated").');
      if (typeof req.isolated === 'boolean') app.dns.setIsolated(req.isolated);
      if (!req.enabled) {
        await app.dns.stop();
        app.dns.setProblem(undefined);
        return app.dns.status();
      }
      try {
        await app.dns.start();
      } catch (e) {
        if (e instanceof BindError) {
          app.dns.setProblem(e.message);
          throw new PanelError(409, e.message);
        }
        throw e;
      }
      return app.dns.status();
    },
    async getClientProgress() {
      return app.clientProgress.list();
    },
    async resetClientProgress() {
      app.clientProgress.reset();
      return app.clientProgress.list();
    },
  };
}
