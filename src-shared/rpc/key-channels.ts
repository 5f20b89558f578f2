/** Channels for recovering from a signing key the OS cannot decrypt (issue 13). */
export const keyChannels = {};
