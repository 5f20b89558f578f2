/**
 * Issue 13 §7 and §5 on the main side: the PDF window's options and locks (a fake electron), the
 * system viewer's errors, the pdf.* handlers with and without the desktop ports, and a sealed
 * secret the OS cannot decrypt reported as key_unreadable.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronPdfViewer, PDF_PARTITION, type PdfElectron } from '../../src-main/electron/pdf-window';
import { safeStorageSecretStore } from '../../src-main/electron/secret-store';
import { reportFiles } from '../../src-main/files/report-files';
import { createHandlers } from '../../src-main/handlers';
import type { PdfViewer } from '../../src-main/handlers/report-view-handlers';
import { createRouter } from '../../src-main/rpc/router';

type Listener = (...args: unknown[]) => unknown;

function fakeElectron(options: { loadFails?: boolean; openPath?: string } = {}) {
  const windows: FakeWindow[] = [];
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  };
  class FakeWindow {
    readonly events = new Map<string, Listener>();
    readonly contentsEvents = new Map<string, Listener>();
    openHandler?: Listener;
    destroyed = false;
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly loadFile = vi.fn(() => (options.loadFails ? Promise.reject(new Error('ERR_FAILED (-2) loading file')) : Promise.resolve()));
    readonly webContents = {
      on: (name: string, listener: Listener) => void this.contentsEvents.set(name, listener),
      setWindowOpenHandler: (handler: Listener) => void (this.openHandler = handler),
    };
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on(name: string, listener: Listener) {
      this.events.set(name, listener);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    isDestroyed = () => this.destroyed;
    destroy = () => void (this.destroyed = true);
  }
  const shell = { openPath: vi.fn(() => Promise.resolve(options.openPath ?? '')) };
  const electron = { BrowserWindow: FakeWindow, session: { fromPartition: vi.fn(() => session) }, shell } as unknown as PdfElectron;
  return { electron, windows, session, shell };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-pdf-view-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the PDF window', () => {
  it('is sandboxed, has no preload, shows the viewer, and is locked to the one file main chose', async () => {
    const fake = fakeElectron();
    const viewer = electronPdfViewer(() => fake.electron, () => {});
    const file = path.join(dir, 'reports', 'XJ-1.pdf');
    await viewer.showInWindow(file, 'XJ-1.pdf');
    const win = fake.windows[0]!;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, webSecurity: true, partition: PDF_PARTITION });
    expect(prefs.preload).toBeUndefined();
    expect(win.options).toMatchObject({ title: 'XJ-1.pdf', show: false });
    expect(win.loadFile).toHaveBeenCalledWith(file);

    // No navigation, no redirect, no new window: links in a PDF lead nowhere.
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = { preventDefault: vi.fn() };
      win.contentsEvents.get(name)!(event, 'https://example.com/');
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(win.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    // Its session refuses every permission and every file:// URL but this one.
    expect(fake.electron.session.fromPartition).toHaveBeenCalledWith(PDF_PARTITION);
    const ask = vi.fn();
    const pdfContents = { getURL: () => 'file:///tmp/report.pdf' };
    const request = fake.session.setPermissionRequestHandler.mock.calls[0]![0] as Listener;
    request(pdfContents, 'media', ask, { requestingUrl: 'file:///tmp/report.pdf' });
    request(pdfContents, 'persistent-storage', ask, { requestingUrl: 'file:///tmp/report.pdf' });
    expect(ask.mock.calls).toEqual([[false], [false]]);
    const [filter, onRequest] = fake.session.webRequest.onBeforeRequest.mock.calls[0] as unknown as [unknown, Listener];
    expect(filter).toEqual({ urls: ['file://*/*'] });
    const answer = (url: string): unknown => {
      let response: unknown;
      onRequest({ url }, (r: unknown) => (response = r));
      return response;
    };
    expect(answer(pathToFileURL(file).href)).toEqual({ cancel: false });
    expect(answer(pathToFileURL(path.join(dir, 'keys', 'signing-key')).href)).toEqual({ cancel: true });
    // Closed: its file is no longer served either.
    win.events.get('closed')!();
    expect(answer(pathToFileURL(file).href)).toEqual({ cancel: true });
  });

  it('leaves no invisible window when the file cannot load, and says why', async () => {
    const fake = fakeElectron({ loadFails: true });
    const viewer = electronPdfViewer(() => fake.electron, () => {});
    await expect(viewer.showInWindow(path.join(dir, 'x.pdf'), 'x.pdf')).rejects.toThrow('ERR_FAILED');
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it("hands a file to the system's PDF program and reports the OS's refusal", async () => {
    const ok = fakeElectron();
    await electronPdfViewer(() => ok.electron, () => {}).openWithSystem('/data/reports/a.pdf');
    expect(ok.shell.openPath).toHaveBeenCalledWith('/data/reports/a.pdf');
    const none = fakeElectron({ openPath: 'No application is associated with the specified file' });
    await expect(electronPdfViewer(() => none.electron, () => {}).openWithSystem('/data/reports/a.pdf')).rejects.toThrow('No application is associated');
  });
});

describe('the pdf.* channels', () => {
  const pdf = Buffer.from('%PDF-1.7\n%test\n');
  const locator = { hospitalId: 'queue-demo', month: '2026-11', reportNumber: 'XJ-20261123-00001' };

  function router(viewer?: PdfViewer) {
    return createRouter(createHandlers({ shell: 'electron', version: 't', assetsDir: path.resolve('assets'), dataDir: dir, log: () => {}, ...(viewer ? { desktop: { pdfViewer: viewer } } : {}) }));
  }

  it('answers supported: false without the desktop ports (the loopback host): the renderer keeps its frame', async () => {
    const r = router();
    expect(await r.dispatch('pdf.support', {})).toEqual({ ok: true, value: { supported: false } });
    expect(await r.dispatch('pdf.open', { source: { kind: 'report', locator }, how: 'window' })).toEqual({ ok: true, value: { supported: false } });
  });

  it('opens a filed report by its locator, and bytes from a temp folder in the data folder', async () => {
    const shown: string[] = [];
    const r = router({ showInWindow: async (file) => void shown.push(file), openWithSystem: async (file) => void shown.push(`system:${file}`) });
    expect(await r.dispatch('pdf.support', {})).toEqual({ ok: true, value: { supported: true, how: ['window', 'system'] } });
    expect(await r.dispatch('pdf.open', { source: { kind: 'report', locator }, how: 'window' })).toMatchObject({ ok: false, error: { code: 'report_not_found' } });
    const filed = await reportFiles(dir).write(locator, pdf);
    expect(await r.dispatch('pdf.open', { source: { kind: 'report', locator }, how: 'window' })).toEqual({ ok: true, value: { supported: true, opened: 'window' } });
    expect(shown).toEqual([filed]);

    expect(await r.dispatch('pdf.open', { source: { kind: 'bytes', base64: pdf.toString('base64'), fileName: '郁南县人民医院_巡检记录表_2026-12-01.pdf' }, how: 'system' })).toMatchObject({ ok: true });
    const temp = shown[1]!.replace(/^system:/, '');
    expect(path.relative(path.join(dir, 'tmp', 'pdf'), temp)).toMatch(/^[0-9a-f-]{36}[/\\]郁南县人民医院_巡检记录表_2026-12-01\.pdf$/);
    expect(await readFile(temp)).toEqual(pdf);
  });

  it('refuses a name with folders and bytes that are not a PDF', async () => {
    const r = router({ showInWindow: async () => {}, openWithSystem: async () => {} });
    for (const fileName of ['../keys/x.pdf', 'a\\b.pdf', 'run.exe', '.pdf']) {
      expect(await r.dispatch('pdf.open', { source: { kind: 'bytes', base64: pdf.toString('base64'), fileName }, how: 'system' }), fileName).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    }
    const exe = Buffer.from('MZ\x90\x00not a pdf').toString('base64');
    expect(await r.dispatch('pdf.open', { source: { kind: 'bytes', base64: exe, fileName: 'a.pdf' }, how: 'system' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('reports a window or system viewer that fails as pdf_open_failed, naming which', async () => {
    const r = router({
      showInWindow: () => Promise.reject(new Error('ERR_FAILED')),
      openWithSystem: () => Promise.reject(new Error('No application is associated with the specified file')),
    });
    const source = { kind: 'bytes', base64: pdf.toString('base64'), fileName: 'a.pdf' };
    expect(await r.dispatch('pdf.open', { source, how: 'window' })).toMatchObject({ ok: false, error: { code: 'pdf_open_failed', params: { how: 'window', detail: 'ERR_FAILED' } } });
    expect(await r.dispatch('pdf.open', { source, how: 'system' })).toMatchObject({ ok: false, error: { code: 'pdf_open_failed', params: { how: 'system' } } });
  });
});

describe('a sealed secret the OS cannot decrypt', () => {
  it('is key_unreadable naming the secret, not an internal error', async () => {
    const keys = path.join(dir, 'sealed');
    let broken = false;
    const store = safeStorageSecretStore(
      {
        isEncryptionAvailable: () => true,
        encryptString: (text: string) => Buffer.from(text, 'utf8'),
        decryptString: (sealed: Buffer) => {
          if (broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
          return sealed.toString('utf8');
        },
      },
      keys,
      () => {},
    );
    await store.write('office-token', Buffer.from('token'));
    expect((await store.read('office-token'))?.toString()).toBe('token');
    broken = true;
    await expect(store.read('office-token')).rejects.toMatchObject({ code: 'key_unreadable', params: { secret: 'office-token' } });
  });
});
