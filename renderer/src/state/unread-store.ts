// Unread messages: what Messenger clients wrote to panel-driven contacts while nobody was looking
// at the Conversations page. The count is on the page's navigation entry and in the window title
// ("(2) Butterfly"); an optional chime (off unless switched on, remembered per browser) sounds.
import { create } from 'zustand';
import type { ConversationInfo } from '../../../server/panel/contract';
import { useRoute } from './route';

const SOUND_KEY = 'butterfly.sound';
const TITLE = 'Butterfly';

interface UnreadState {
  count: number;
  sound: boolean;
}

export const useUnread = create<UnreadState>(() => ({ count: 0, sound: readSound() }));

/** Per conversation, the time of the newest message already counted or seen. */
const newestSeen = new Map<string, number>();

const looking = () => useRoute.getState().page === 'conversations' && document.visibilityState === 'visible';

/** The conversations loaded on connecting: all of it counts as seen. */
export function seenConversations(list: readonly ConversationInfo[]): void {
  for (const c of list) newestSeen.set(c.id, c.messages.at(-1)?.time ?? c.startedAt);
}

/** A conversation changed: its new messages from clients are unread unless the page is in view. */
export function noteConversation(c: ConversationInfo): void {
  const since = newestSeen.get(c.id) ?? 0;
  const drivenHere = new Set(c.participants.filter((p) => p.panelDriven).map((p) => p.email));
  const fresh = c.messages.filter((m) => m.time > since && !drivenHere.has(m.from)).length;
  newestSeen.set(c.id, Math.max(since, c.messages.at(-1)?.time ?? 0));
  if (fresh === 0 || looking()) return;
  useUnread.setState((s) => ({ count: s.count + fresh }));
  if (useUnread.getState().sound) chime();
}

export function setSound(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (private window): the choice lasts this session.
  }
  useUnread.setState({ sound: on });
  if (on) chime();
}

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Two soft notes, made here (no sound file to ship). */
function chime(): void {
  try {
    const ctx = new AudioContext();
    const at = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, at + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + i * 0.12 + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at + i * 0.12);
      osc.stop(at + i * 0.12 + 0.3);
    }
    setTimeout(() => void ctx.close(), 800);
  } catch {
    // No audio here (no device, or the browser blocks it before a click): the count still shows.
  }
}

function clearIfLooking(): void {
  if (looking() && useUnread.getState().count > 0) useUnread.setState({ count: 0 });
}

useRoute.subscribe(clearIfLooking);
document.addEventListener('visibilitychange', clearIfLooking);
useUnread.subscribe((s) => {
  document.title = s.count > 0 ? `(${s.count}) ${TITLE}` : TITLE;
});
