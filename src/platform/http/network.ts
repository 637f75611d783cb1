import type { FastifyInstance } from 'fastify';
import { networkOf } from '../network.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The reader's network (`networkOf` their address): what every limit per network counts by. */
    readonly network: string;
  }
}

/** `request.network` on every request, for the limits kept per network (never for display: sessions keep the address). */
export function registerNetworkKey(app: FastifyInstance, ipv6Prefix: number): void {
  app.decorateRequest('network', {
    getter(this: { ip: string }) {
      return networkOf(this.ip, ipv6Prefix);
    },
  });
}
