// A dropped file or a typed value the setup tools cannot use; the message says why, for people.
// The panel turns it into a 400 with that message.
export class SetupInputError extends Error {}
