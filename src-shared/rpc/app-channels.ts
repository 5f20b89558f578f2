/** Channels for diagnostics, logs, settings (the About screen) (issue 13). */
export const appChannels = {};
