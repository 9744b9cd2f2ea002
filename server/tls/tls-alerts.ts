// TLS alert numbers (RFC 2246 section 7.2) and the error that carries one out of the engine:
// whoever detects a protocol problem throws TlsFatal, and the connection turns it into an
// alert record on the wire (15 03 01 00 02 02 <description>) plus a tap line.

export const Alert = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  recordOverflow: 22,
  handshakeFailure: 40,
  badCertificate: 42,
  certificateUnknown: 46,
  illegalParameter: 47,
  unknownCa: 48,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  internalError: 80,
  userCanceled: 90,
  noRenegotiation: 100,
} as const;

const NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  110: 'unsupported_extension',
};

export function alertName(description: number): string {
  return NAMES[description] ?? `alert_${description}`;
}

/** Alerts by which a client says it does not accept our certificate. */
export const CERTIFICATE_REJECTIONS: ReadonlySet<number> = new Set([42, 43, 44, 45, 46, 48]);

/** A fatal protocol error: the connection sends `alert` and closes. */
export class TlsFatal extends Error {
  constructor(
    readonly alert: number,
    message: string,
  ) {
    super(message);
    this.name = 'TlsFatal';
  }
}
