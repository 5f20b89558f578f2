/** Channels for viewing and printing a PDF by the shell's own path (issue 13). */
export const reportViewChannels = {};
