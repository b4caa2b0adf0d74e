// IPC channel names shared by the preload script and the main process.
export const CALL_CHANNEL = 'landau:call'
export const EVENT_CHANNEL = 'landau:event'
