import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the gate does with one request: pass it on to the real store, or answer for it with an S3 error status. */
export type Verdict = 'pass' | 403 | 500;

/**
 * A stand-in for a bucket that misbehaves, in front of a real one (s3rver or S3_TEST_URL): each
 * request is passed on or answered with S3's own error document (AccessDenied, InternalError),
 * as `rule` decides from the method and the path. The tests point the app's store at `endpoint`.
 */
export interface S3Gate {
  endpoint: string;
  rule: (method: string, path: string) => Verdict;
  close(): Promise<void>;
}

const ERRORS = { 403: ['AccessDenied', 'Access Denied'], 500: ['InternalError', 'We encountered an internal error. Please try again.'] } as const;

export async function s3Gate(target: string): Promise<S3Gate> {
  const upstream = new URL(target);
  const gate: S3Gate = { endpoint: '', rule: () => 'pass', close: async () => {} };
  const server = http.createServer((req, res) => {
    const verdict = gate.rule(req.method ?? 'GET', decodeURIComponent(new URL(req.url ?? '/', 'http://gate').pathname));
    if (verdict !== 'pass') {
      req.resume();
      const [code, message] = ERRORS[verdict];
      res.writeHead(verdict, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>gate</RequestId></Error>`);
      return;
    }
    // Passed on byte for byte: the signature covers the Host header, which stays the gate's.
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gate.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return gate;
}

/** A server that accepts connections and never says a word: the bucket that hangs. */
export async function silentServer(): Promise<{ endpoint: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
