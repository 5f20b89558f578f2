/**
 * What the Electron shell gives the handlers beyond files and folders: each area's own ports,
 * declared beside its handlers. The loopback host passes none, and each handler says so plainly.
 */
import type { AppPorts } from './app-handlers';
import type { BackupPorts } from './backup-handlers';
import type { KeyPorts } from './key-handlers';
import type { ReportViewPorts } from './report-view-handlers';
import type { UpdatePorts } from './update-handlers';

export type DesktopPorts = Partial<AppPorts & BackupPorts & UpdatePorts & ReportViewPorts & KeyPorts>;
