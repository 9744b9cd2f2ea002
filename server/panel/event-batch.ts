// Panel events leave in batches: at 2,000 traffic lines a second, one WebSocket frame or IPC
// message per line would cost more than the lines themselves. Events queue for at most one
// frame's time (16 ms) and go out together, oldest first.
import type { PanelEventMessage, PanelEventName, PanelEvents } from './contract';

export interface EventBatcher {
  emit<K extends PanelEventName>(event: K, data: PanelEvents[K]): void;
  /** Sends what is queued now and stops; later emits are dropped. */
  close(): void;
}

export function batchEvents(send: (batch: PanelEventMessage[]) => void, delayMs = 16): EventBatcher {
  let queue: PanelEventMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = () => {
    timer = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    send(batch);
  };
  return {
    emit(event, data) {
      if (closed) return;
      queue.push({ event, data } as PanelEventMessage);
      timer ??= setTimeout(flush, delayMs);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
