/**
 * The application menu, built from a pure template so a test can read it. Packaged builds have
 * no Reload, Force Reload or DevTools: a reload mid-form loses what is being typed, and DevTools
 * would let anyone at a hospital PC poke at the data. Edit keeps its roles so copy and paste
 * work in inputs; View keeps zoom for small and high-DPI screens.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Translate } from './main-locale';

export interface MenuActions {
  openAbout(): void;
  openLogs(): void;
}

export function menuTemplate({ packaged, platform, t, actions }: { packaged: boolean; platform: NodeJS.Platform; t: Translate; actions: MenuActions }): MenuItemConstructorOptions[] {
  const develop: MenuItemConstructorOptions[] = packaged
    ? []
    : [
        { role: 'reload', label: t('shell.menu.reload') },
        { role: 'forceReload', label: t('shell.menu.forceReload') },
        { role: 'toggleDevTools', label: t('shell.menu.devTools') },
        { type: 'separator' },
      ];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: t('shell.menu.file'), submenu: [{ role: 'quit', label: t('shell.menu.quit') }] },
    {
      label: t('shell.menu.edit'),
      submenu: [
        { role: 'undo', label: t('shell.menu.undo') },
        { role: 'redo', label: t('shell.menu.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('shell.menu.cut') },
        { role: 'copy', label: t('shell.menu.copy') },
        { role: 'paste', label: t('shell.menu.paste') },
        { role: 'selectAll', label: t('shell.menu.selectAll') },
      ],
    },
    {
      label: t('shell.menu.view'),
      submenu: [
        ...develop,
        { role: 'resetZoom', label: t('shell.menu.resetZoom') },
        { role: 'zoomIn', label: t('shell.menu.zoomIn') },
        { role: 'zoomOut', label: t('shell.menu.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('shell.menu.fullScreen') },
      ],
    },
    {
      label: t('shell.menu.help'),
      submenu: [
        { label: t('shell.menu.about'), click: () => actions.openAbout() },
        { label: t('shell.menu.openLogs'), click: () => actions.openLogs() },
      ],
    },
  ];
}

/** Every role in a template, submenus included (what the tests look for). */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}
