/** "Save a copy" under Electron: the OS save dialog, attached to the focused window when there is one. */
import type { BrowserWindow, Dialog } from 'electron';
import type { SaveDialog } from '../report/report-service';

export function electronSaveDialog(dialog: Pick<Dialog, 'showSaveDialog'>, focusedWindow: () => BrowserWindow | null): SaveDialog {
  return async (suggestedName) => {
    // The filter follows the file offered: a report (.pdf) or an offline sync bundle (.xjbundle).
    const bundle = suggestedName.endsWith('.xjbundle');
    const options = { defaultPath: suggestedName, filters: [bundle ? { name: 'Xunjian bundle', extensions: ['xjbundle'] } : { name: 'PDF', extensions: ['pdf'] }] };
    const win = focusedWindow();
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
