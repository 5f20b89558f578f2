/**
 * How the device app is packaged (electron-builder 26; docs/install.md is the IT office's side).
 *
 * - Lean: the app is build/app/, staged by scripts/stage-app.ts from the esbuild and vite bundles,
 *   with a package.json without dependencies (electron-builder's two-package.json layout). No
 *   node_modules, no native module, no source map, no office-service code reaches the installer,
 *   and nothing is rebuilt. resources/assets holds only what main reads: catalog, calendars, fonts.
 * - Windows: an assisted NSIS installer in Chinese (English too) that asks "for me / for everyone"
 *   (elevating for the latter), a portable .exe, an MSI for group policy; Linux: AppImage and deb.
 *   File names are ASCII; the product name on shortcuts stays 巡检.
 * - Fuses: every fuse @electron/fuses 1.8 knows is set (FuseV1Options has eight).
 * - Signing: a .pfx through CSC_LINK/CSC_KEY_PASSWORD (electron-builder's signtool call), or a token
 *   or HSM through scripts/sign-windows.ts (XUNJIAN_SIGN_*). XUNJIAN_PUBLISHER_NAME is the
 *   certificate's subject CN: electron-updater only installs an update signed by that name.
 *
 * Exported as a function of the environment so tests can read the configuration a given
 * environment produces; electron-builder loads the default export (jiti).
 */
import type { Configuration } from 'electron-builder';
import { DEFAULT_TIMESTAMP_URL, signWindows, wantsCustomSigning, type SignEnv } from './scripts/sign-windows';
import { APP_AUTHOR } from './scripts/stage-app';

/** Where scripts/stage-app.ts puts the app electron-builder packs. */
export const STAGED_APP_DIR = 'build/app';

/** The files main.ts reads from resources/assets; assets/icons and the fonts' README stay out. */
export const DEVICE_ASSETS = [
  { from: 'assets/catalog', to: 'assets/catalog', filter: ['**/*.json'] },
  { from: 'assets/calendars', to: 'assets/calendars', filter: ['*.json'] },
  { from: 'assets/fonts', to: 'assets/fonts', filter: ['*.ttf', 'OFL.txt'] },
];

/**
 * All eight fuses of @electron/fuses 1.8 (node_modules/@electron/fuses/dist/config.d.ts): Node stays
 * out of reach (no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect), only the asar loads and its
 * integrity is checked (Windows, macOS), file:// gets no extra rights (the app uses app://).
 */
export const FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
} as const;

/** ASCII file names; `${arch}` is x64/arm64 (AppImage: x86_64, deb: amd64), `${ext}` the extension. */
export const ARTIFACT_NAMES = {
  nsis: 'Xunjian-${version}-${arch}-setup.${ext}',
  portable: 'Xunjian-${version}-${arch}-portable.${ext}',
  msi: 'Xunjian-${version}-${arch}.${ext}',
  linux: 'Xunjian-${version}-${arch}.${ext}',
} as const;

/**
 * Pinned so group policy, SCCM detection rules and upgrades keep finding the app even if appId
 * changed: electron-builder's own values for appId cn.xunjian.app (UUID v5 in its namespaces).
 */
export const NSIS_GUID = 'c2212847-a002-5012-87f5-54da1f45e98f';
export const MSI_UPGRADE_CODE = 'ED7B55BB-8D11-5C8F-B118-10A0326412FB';

/**
 * electron-updater's generic provider: electron-builder then writes latest.yml / latest-linux.yml
 * beside the installers (what the office hosts) and resources/app-update.yml with the publisher
 * name. The URL is only a default: the app asks the office it is enrolled with.
 */
function publishTarget(env: SignEnv): Configuration['publish'] {
  return [{ provider: 'generic', url: env.XUNJIAN_UPDATE_URL || 'http://127.0.0.1:5190/api/v1/updates', channel: 'latest' }];
}

function windowsSigning(env: SignEnv): Pick<Configuration, 'forceCodeSigning'> & { signtoolOptions: NonNullable<Configuration['win']>['signtoolOptions'] } {
  const custom = wantsCustomSigning(env);
  if (custom && !env.XUNJIAN_PUBLISHER_NAME) {
    throw new Error('XUNJIAN_PUBLISHER_NAME must be the signing certificate\'s subject CN when signing through a token or HSM (electron-updater checks updates against it)');
  }
  const timestamp = env.XUNJIAN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL;
  return {
    // A release pipeline sets XUNJIAN_REQUIRE_SIGNING=1 so an unsigned installer fails the build.
    forceCodeSigning: env.XUNJIAN_REQUIRE_SIGNING === '1',
    signtoolOptions: {
      // SHA-1 Authenticode is long obsolete; every supported Windows checks SHA-256.
      signingHashAlgorithms: ['sha256'],
      rfc3161TimeStampServer: timestamp,
      timeStampServer: timestamp,
      ...(env.XUNJIAN_PUBLISHER_NAME ? { publisherName: env.XUNJIAN_PUBLISHER_NAME } : {}),
      ...(custom ? { sign: (task: { path: string; hash: string; isNest: boolean }) => signWindows(task, env) } : {}),
    },
  };
}

export function builderConfig(env: SignEnv = process.env): Configuration {
  const { forceCodeSigning, signtoolOptions } = windowsSigning(env);
  return {
    appId: 'cn.xunjian.app',
    productName: 'Xunjian 巡检',
    executableName: 'xunjian',
    copyright: `© ${APP_AUTHOR.name}`,
    directories: { app: STAGED_APP_DIR, buildResources: 'build-resources', output: 'release' },
    files: ['package.json', 'dist-main/*.cjs', 'dist-renderer/**/*', '!**/*.map'],
    extraResources: DEVICE_ASSETS,
    asar: true,
    // Bundled app, no native module: nothing to install, rebuild or copy from node_modules. Not
    // `npmRebuild: false`: electron-builder 26 then skips `beforeBuild` and, finding no modules in
    // build/app, collects the project root's instead (app-builder-lib/out/util/appFileCopier.js,
    // resolveFirstMatchingCollection: all 180 packages, better-sqlite3's C sources and .node files).
    // A `beforeBuild` answering false is its documented "node_modules are handled externally":
    // no install, no rebuild, no module collection (app-builder-lib/out/packager.js).
    beforeBuild: () => Promise.resolve(false),
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    includePdb: false,
    // Chromium's own strings (context menus, file dialogs) in the two languages the app speaks.
    electronLanguages: ['zh-CN', 'en-US'],
    electronFuses: FUSES,
    forceCodeSigning,
    publish: publishTarget(env),
    win: {
      target: [
        { target: 'nsis', arch: ['x64'] },
        { target: 'portable', arch: ['x64'] },
        { target: 'msi', arch: ['x64'] },
      ],
      icon: 'icon.ico',
      requestedExecutionLevel: 'asInvoker',
      // Electron's DLLs too: hospitals' application control (AppLocker, WDAC DLL rules) trusts by publisher.
      signExts: ['.dll'],
      signtoolOptions,
    },
    nsis: {
      oneClick: false,
      // Not forced: the installer's "install for: anyone using this computer / only for me" page.
      perMachine: false,
      selectPerMachineByDefault: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      unicode: true,
      guid: NSIS_GUID,
      // The installer speaks Windows' display language when it is Chinese or English, else the first
      // listed (Chinese); `language` is the locale of the installer's version-info strings (2052 = zh-CN).
      language: '2052',
      installerLanguages: ['zh_CN', 'en_US'],
      multiLanguageInstaller: true,
      displayLanguageSelector: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'Xunjian 巡检',
      // The data folder (%LOCALAPPDATA%\Xunjian) holds unsigned drafts: an uninstall never deletes it.
      deleteAppDataOnUninstall: false,
      artifactName: ARTIFACT_NAMES.nsis,
    },
    portable: {
      // A fixed folder under %TEMP% (not a new one per build), so a locked-down PC's allow-list can name it.
      unpackDirName: 'xunjian-portable',
      requestExecutionLevel: 'user',
      artifactName: ARTIFACT_NAMES.portable,
    },
    msi: {
      // For group policy / SCCM: always per machine, silent with msiexec /qn.
      perMachine: true,
      oneClick: true,
      upgradeCode: MSI_UPGRADE_CODE,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'Xunjian 巡检',
      artifactName: ARTIFACT_NAMES.msi,
    },
    linux: {
      // arm64 too: hospital PCs on domestic CPUs (Kunpeng, Phytium) run UOS or Kylin, Debian-based.
      target: [
        { target: 'AppImage', arch: ['x64', 'arm64'] },
        { target: 'deb', arch: ['x64', 'arm64'] },
      ],
      icon: 'icons',
      syncDesktopName: true,
      category: 'Office',
      maintainer: `${APP_AUTHOR.name} <${APP_AUTHOR.email}>`,
      vendor: APP_AUTHOR.name,
      synopsis: 'Hospital IT inspection and sign-off (巡检)',
      description: 'Offline inspection checklists, fault records and signed PDF reports for engineers who maintain hospitals\' information systems.',
      desktop: { entry: { Name: 'Xunjian 巡检', 'Name[zh_CN]': '巡检', 'Comment[zh_CN]': '医院信息系统维保巡检', StartupWMClass: 'xunjian' } },
      artifactName: ARTIFACT_NAMES.linux,
    },
    deb: {
      packageName: 'xunjian',
      priority: 'optional',
      // electron-builder's default depends (GTK, NSS, libsecret for the signing key…) are kept; a CJK font
      // is only recommended since Chinese desktops ship one already.
      recommends: ['fonts-noto-cjk | fonts-wqy-microhei'],
    },
    mac: { target: 'dmg', icon: 'icon.png', category: 'public.app-category.business' },
  };
}

export default builderConfig();
