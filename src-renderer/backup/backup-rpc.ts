/**
 * The backup channels as the backup code calls them: `invoke` in the app, the main process's
 * handlers called directly in unit tests. Nothing else in the renderer talks to these channels.
 */
import type { ChannelInput, ChannelOutput } from '../../src-shared/rpc/contract';
import type { backupChannels } from '../../src-shared/rpc/backup-channels';

export type BackupChannel = keyof typeof backupChannels;
export type BackupRpc = <K extends BackupChannel>(channel: K, input: ChannelInput<K>) => Promise<ChannelOutput<K>>;
