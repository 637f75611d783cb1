import type { ServerResponse } from 'node:http';
import { GripInstruct, parseGripUri, Publisher } from '@fanoutio/grip';
import { PUBLIC_KEY_FASTLY_FANOUT_JWK } from '@fanoutio/grip/fastly-fanout';
import { HEARTBEAT, SSE_HEADERS } from './sse.ts';

/** How long the proxy lets a held stream stay quiet before it sends the heartbeat itself. */
const KEEP_ALIVE_SECONDS = 25;

/**
 * GRIP, the protocol of Pushpin and Fastly Fanout, through the official library: a request the
 * proxy signed (Grip-Sig) is answered with hold instructions, the proxy keeps the reader's
 * connection, and each message is published to the proxy once for all its readers.
 */
export class Grip {
  private readonly publisher: Publisher;

  constructor(gripUrl: string) {
    const config = parseGripUri(gripUrl);
    // Fastly Fanout signs with its own published key: an operator need only give the service (verify-iss).
    if (!config.verify_key && new URL(gripUrl).hostname === 'api.fastly.com') config.verify_key = JSON.stringify(PUBLIC_KEY_FASTLY_FANOUT_JWK);
    if (!config.verify_key) throw new Error('GRIP_URL needs verify-key: without it any client could ask for hold instructions');
    this.publisher = new Publisher(config);
  }

  /** Whether the request came through the proxy: a Grip-Sig that verifies with our key (and issuer), nothing less. */
  async signed(gripSig: string | string[] | undefined): Promise<boolean> {
    if (typeof gripSig !== 'string' || !gripSig) return false;
    const { isSigned } = await this.publisher.validateGripSig(gripSig);
    return isSigned;
  }

  /** Tells the proxy to hold the reader's stream on `topics`, after `start` (what it missed). */
  hold(response: ServerResponse, topics: string[], start: string): void {
    const instruct = new GripInstruct(topics);
    instruct.setHoldStream();
    instruct.setKeepAlive(HEARTBEAT, KEEP_ALIVE_SECONDS);
    response.writeHead(200, { ...SSE_HEADERS, ...instruct.toHeaders() });
    response.end(start);
  }

  /** Hands one SSE-formatted message to the proxy for every reader it holds on `topic`. */
  async publish(topic: string, bytes: string): Promise<void> {
    await this.publisher.publishHttpStream(topic, bytes);
  }
}
