// The two IPC channels of the panel contract between the Electron main process and the preload.
/** Renderer -> main: invoke(CALL_CHANNEL, op, req) resolves with a CallOutcome. */
export const CALL_CHANNEL = 'panel:call';
/** Main -> renderer: a batch of PanelEventMessage, oldest first. */
export const EVENT_CHANNEL = 'panel:event';
