// npm run serve -- [options]: the headless server, from its compiled bundle (built here first when
// the sources changed). Runs in this same process, so signals and exit codes are the server's own.
// For development with the TypeScript sources directly: npm run serve:dev -- [options].
import { pathToFileURL } from 'node:url';
import { ensureServerBundle, SERVER_BUNDLE } from './build-server.mjs';

try {
  await ensureServerBundle();
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
await import(pathToFileURL(SERVER_BUNDLE).href);
