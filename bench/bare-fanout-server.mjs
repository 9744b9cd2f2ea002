// The machine's floor for a presence fan-out (lan-party's fanout.bareNodeFloor): a bare Node server
// that holds the watchers' sockets and, on a trigger byte, writes one change's bytes to each of
// them in one synchronous loop, as Butterfly's fan-out does (socket.write of one shared Buffer per
// watcher, Nagle off) and with nothing else: no parsing, no presence rules, no tap.
//   node bare-fanout-server.mjs <base64 bytes for "B"> <base64 bytes for "N">
// prints {"event":"ready","watchers":PORT,"trigger":PORT}; a watcher connects to the first port,
// the bench to the second and sends "B" or "N" for each change.
import net from 'node:net';

const bytes = { B: Buffer.from(process.argv[2] ?? '', 'base64'), N: Buffer.from(process.argv[3] ?? '', 'base64') };
const watchers = [];

const watcherServer = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('close', () => {
    const i = watchers.indexOf(socket);
    if (i >= 0) watchers.splice(i, 1);
  });
  watchers.push(socket);
});

const triggerServer = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    for (const c of chunk.toString('latin1')) {
      const out = bytes[c];
      if (!out) continue;
      for (let i = 0; i < watchers.length; i++) watchers[i].write(out);
    }
  });
});

const listening = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const [watcherPort, triggerPort] = [await listening(watcherServer), await listening(triggerServer)];
console.log(JSON.stringify({ event: 'ready', watchers: watcherPort, trigger: triggerPort }));
process.on('SIGTERM', () => process.exit(0));
