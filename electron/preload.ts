// Preload of the panel window (sandboxed, context-isolated): exposes window.panel, the panel
// contract over IPC, and nothing else. The logic is in preload-api.ts, where it is tested.
import { contextBridge, ipcRenderer } from 'electron';
import { exposePanelApi } from './preload-api';

exposePanelApi({ contextBridge, ipcRenderer });
