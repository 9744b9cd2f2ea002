// Errors the core raises for a caller to turn into its own protocol's answer
// (an MSNP error code, a SOAP fault, an HTTP status). `message` says what to do next.
export type CoreErrorCode =
  | 'invalid-email'
  | 'invalid-password'
  | 'invalid-name'
  | 'invalid-status'
  | 'account-exists'
  | 'no-such-account'
  | 'already-on-list'
  | 'not-on-list'
  | 'in-opposite-list'
  | 'list-full'
  | 'signed-in'
  | 'no-such-group'
  | 'group-exists'
  | 'too-many-groups'
  | 'group-name-too-long'
  | 'not-in-group'
  | 'cannot-remove-group';

export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
