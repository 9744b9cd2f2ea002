// The floor under the relay figures (bench/bare-relay.ts): the least a Node process can do to relay
// a switchboard message on this machine, with none of Butterfly in it. Connections are paired in the
// order they arrive (1st with 2nd, 3rd with 4th…); each `MSG trid A len\r\n` + payload from one is
// written to its partner as `MSG <sender> <name> len\r\n` + payload (one Buffer, as the server does),
// and `ACK trid\r\n` goes back to the sender. No tap, no history, no checks. Prints `port N`.
import net from 'node:net';

let waiting;
let count = 0;
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const n = count++;
  const prefix = Buffer.from(`MSG bench${n}@bench bench${n} `);
  if (waiting) {
    socket.partner = waiting;
    waiting.partner = socket;
    waiting = undefined;
  } else waiting = socket;
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      const nl = buf.indexOf('\r\n');
      if (nl < 0) break;
      const words = buf.toString('latin1', 0, nl).split(' ');
      const len = Number(words[3]);
      if (buf.length < nl + 2 + len) break;
      const payload = buf.subarray(nl + 2, nl + 2 + len);
      buf = buf.subarray(nl + 2 + len);
      socket.partner?.write(Buffer.concat([prefix, Buffer.from(`${len}\r\n`), payload]));
      socket.write(`ACK ${words[1]}\r\n`);
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'ready', port: server.address().port })));
