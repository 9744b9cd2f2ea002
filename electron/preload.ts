// Preload: the page runs sandboxed with no Node; it talks to the server through the panel's
// loopback WebSocket transport, whose address and token are in the page URL. Nothing is exposed
// here until the IPC transport exists, so the page gets no extra powers from Electron.
export {};
