import type { ServerResponse } from 'node:http';
import { Channel, GripInstruct, parseGripUri, Publisher } from '@fanoutio/grip';
import { PUBLIC_KEY_FASTLY_FANOUT_JWK } from '@fanoutio/grip/fastly-fanout';
import { gripUrls } from './grip-urls.ts';
import { HEARTBEAT, SSE_HEADERS } from './sse.ts';

/** What a proxy needs to deliver a stream reliably: per topic, the id of the last message already given; where to ask for more. */
export interface ReliableHold {
  previous: Record<string, string>;
  /** The stream's own address, from the last id given (the proxy sends Grip-Last, which is newer). */
  next: string;
}

/**
 * Pauses before publishing again to a proxy that failed (a reset connection, a 5xx while it
 * restarts). Without them one lost publish sends every reader that proxy holds back to the app at
 * once for what they missed (reliable streams) or loses the message (comments). A message
 * published twice is harmless: the proxy drops an id it has seen, and the page applies one again.
 */
const PUBLISH_RETRY_MS = [200, 1_000];

/** How long the proxy lets a held stream stay quiet before it sends the heartbeat itself. */
const KEEP_ALIVE_SECONDS = 25;

/**
 * GRIP, the protocol of Pushpin and Fastly Fanout, through the official library: a request the
 * proxy signed (Grip-Sig) is answered with hold instructions, the proxy keeps the reader's
 * connection, and each message is published to the proxy once for all its readers.
 */
export class Grip {
  private readonly publisher: Publisher;
  /** One publisher per proxy, so a proxy that failed is published to again without repeating the message to the others. */
  private readonly proxies: Publisher[];

  /** `gripUrl`: GRIP_URL, one proxy or several separated by commas (grip-urls.ts), each published to. */
  constructor(
    gripUrl: string,
    private readonly retryDelays = PUBLISH_RETRY_MS,
  ) {
    const configs = gripUrls(gripUrl).map((url) => {
      const config = parseGripUri(url);
      // Fastly Fanout signs with its own published key: an operator need only give the service (verify-iss).
      if (!config.verify_key && new URL(url).hostname === 'api.fastly.com') config.verify_key = JSON.stringify(PUBLIC_KEY_FASTLY_FANOUT_JWK);
      if (!config.verify_key) throw new Error('GRIP_URL needs verify-key: without it any client could ask for hold instructions');
      return config;
    });
    // A Grip-Sig is checked against the first proxy's key: config checked every proxy has the same.
    this.publisher = new Publisher(configs);
    this.proxies = configs.map((config) => new Publisher(config));
  }

  /** Whether the request came through the proxy: a Grip-Sig that verifies with our key (and issuer), nothing less. */
  async signed(gripSig: string | string[] | undefined): Promise<boolean> {
    if (typeof gripSig !== 'string' || !gripSig) return false;
    const { isSigned } = await this.publisher.validateGripSig(gripSig);
    return isSigned;
  }

  /**
   * Tells the proxy to hold the reader's stream on `topics`, after `start` (what it missed). With
   * `reliable`, each topic it names is held from the id of the last message `start` covers
   * (prev-id) and the proxy gets a link back to the stream (Grip-Link, rel=next): a message it
   * was given before holding the reader, or one whose sequence does not follow what the reader last got,
   * makes it fetch that link (with Grip-Last) for what the reader missed.
   */
  hold(response: ServerResponse, topics: string[], start: string, reliable?: ReliableHold): void {
    const instruct = new GripInstruct(topics.map((topic) => new Channel(topic, reliable?.previous[topic] ?? null)));
    if (reliable) instruct.setNextLink(reliable.next);
    instruct.setHoldStream();
    instruct.setKeepAlive(HEARTBEAT, KEEP_ALIVE_SECONDS);
    response.writeHead(200, { ...SSE_HEADERS, ...instruct.toHeaders() });
    response.end(start);
  }

  /** Hands one SSE-formatted message to each proxy for every reader it holds on `topic` (with a `sequence`, checked against what each got last). */
  async publish(topic: string, bytes: string, sequence?: { id: string; previous: string }): Promise<void> {
    await Promise.all(
      this.proxies.map(async (proxy) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await proxy.publishHttpStream(topic, bytes, sequence?.id, sequence?.previous);
          } catch (error) {
            const pause = this.retryDelays[attempt];
            if (pause === undefined) throw error;
            await new Promise((resolve) => setTimeout(resolve, pause));
          }
        }
      }),
    );
  }
}
