// Where Messenger for Mac keeps its preferences file. Apart from mac-plist.ts so that the setup
// guide can name the file without loading the plist parsers (they load when a file is dropped).
import type { ClientFamilyId } from '../panel/setup-types';

export const PLIST_NAME = 'com.microsoft.Messenger.plist';

/** Where each Messenger for Mac keeps it (seed 000: 6.x/7.x in Preferences/Microsoft, 8.x in Preferences). */
export function plistLocation(family: ClientFamilyId): { path: string; domain: string } {
  return family === 'mac-6-7'
    ? { path: `~/Library/Preferences/Microsoft/${PLIST_NAME}`, domain: '~/Library/Preferences/Microsoft/com.microsoft.Messenger' }
    : { path: `~/Library/Preferences/${PLIST_NAME}`, domain: 'com.microsoft.Messenger' };
}
