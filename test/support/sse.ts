import http from 'node:http';

export interface SseEvent {
  event: string;
  data: any;
  id?: string;
}

/**
 * An SSE client on a real socket: the events it has received so far, every byte of the stream
 * (`raw`, for asserting that a text never crossed the wire), and a way to wait for more.
 */
export function listen(port: number, path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const stream = { raw: '' };
  let waiting: (() => void)[] = [];
  let request!: http.ClientRequest;
  const opened = new Promise<number>((resolve, reject) => {
    request = http.get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      resolve(response.statusCode!);
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        stream.raw += chunk;
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => l && !l.startsWith(':'))
              .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
          );
          if (fields.event) events.push({ event: fields.event, data: JSON.parse(fields.data ?? 'null'), id: fields.id });
        }
        for (const wake of waiting) wake();
        waiting = [];
      });
    });
    request.on('error', reject);
  });
  /**
   * Waits (woken by each chunk, checking at least every 100 ms) until `test` holds. The bound only
   * turns a broken stream into a message naming what never came: generous, no guess at how fast
   * a busy machine delivers.
   */
  const until = async (test: () => boolean, what: string) => {
    const deadline = Date.now() + 60_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no ${what} arrived; got ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return {
    events,
    opened,
    until,
    close: () => request.destroy(),
    get raw() {
      return stream.raw;
    },
  };
}
