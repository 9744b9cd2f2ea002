// The connection check as the server sees it (every client computer's progress, newest first),
// kept live by the `clientProgress` event. DNS mode's state lives in the server store's status.
import { create } from 'zustand';
import type { ClientProgress } from '../../../server/panel/contract';

interface SetupState {
  progress: ClientProgress[];
  loaded: boolean;
}

export const useSetup = create<SetupState>(() => ({ progress: [], loaded: false }));
