// Why a sign-in was refused, for the traffic tap and the connection check (never for the client,
// which gets the same answer either way so nobody can probe which accounts exist):
//   "Passport sign-in refused for bob@lan: no such account"   "… refused for me@lan: wrong password"
import type { Core } from '../core/core';

export function refusalReason(core: Core, signIn: string): 'no such account' | 'wrong password' {
  return core.users.byEmail(signIn.trim().toLowerCase()) ? 'wrong password' : 'no such account';
}
