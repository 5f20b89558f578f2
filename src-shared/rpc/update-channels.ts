/** Channels for updates hosted by the office (issue 13). */
export const updateChannels = {};
