/** Live updates for readers: SSE from this process, or held by a GRIP proxy (Pushpin, Fastly Fanout). */
export { LiveChannel, LIVE_NOTIFY_CHANNEL, type CatchUp, type LiveChannelOptions } from './channel.ts';
export { sseMessage, type LiveMessage } from './sse.ts';
