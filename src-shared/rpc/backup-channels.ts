/** Channels for local backups of the device database (issue 13). */
export const backupChannels = {};
