/** Exposes exactly one function to the page: invoke(channel, input) over the one IPC channel. */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type XunjianBridge } from '../../src-shared/rpc/constants';

const bridge = {
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, channel, input),
} satisfies XunjianBridge;

contextBridge.exposeInMainWorld('xunjian', bridge);
