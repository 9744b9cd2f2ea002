// Identifiers and timestamps as the address-book services write them.

/**
 * A user's CID: a signed 64-bit decimal (Passport's "Common ID"), derived from the user's GUID so
 * it is stable across restarts and the same in every answer. The first 16 hex digits of the GUID
 * read as a two's-complement 64-bit integer.
 *   guid 9c1f2e3d-4b5a-6978-…  →  CID -7196982838722664072
 * Other front ends (the NS's NOT/pid, storage) should use this too, so a client sees one CID.
 */
export function cidOf(guid: string): string {
  const hex = guid.replace(/[^0-9a-f]/gi, '').slice(0, 16).padEnd(16, '0');
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}

/** "Never" in the services' own spelling (ExpirationDate, birthdate, DynamicItemLastChanged). */
export const NEVER = '0001-01-01T00:00:00';

/**
 * ISO-8601 with seven fractional digits, as the .NET services wrote them, in UTC.
 *   1726321960123  →  2024-09-14T13:52:40.1230000Z
 */
export function soapTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-09-14T13:52:40.123Z
  return `${iso.slice(0, 23)}0000Z`;
}

/** The all-zero GUID the clients use for "my own address book" (abId). */
export const DEFAULT_AB_ID = '00000000-0000-0000-0000-000000000000';
