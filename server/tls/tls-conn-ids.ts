// Which tap connection id ("tls-7") a TLS socket belongs to, whichever engine established it,
// so HTTP records written by the router can refer to the TLS records of the same connection.

const connOfTlsSocket = new WeakMap<object, string>();

export function registerTlsConnId(socket: object, conn: string): void {
  connOfTlsSocket.set(socket, conn);
}

/** conn id for the TLS socket a request arrived on (req.socket), if it is one of ours. */
export function tlsConnIdOf(socket: object | null | undefined): string | undefined {
  return socket ? connOfTlsSocket.get(socket) : undefined;
}
