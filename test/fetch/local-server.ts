/**
 * A real HTTP server on 127.0.0.1 for fetch tests, recording what it
 * received and closing every socket it opened.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HttpClient, type HttpClientOptions } from '../../src/fetch/http-client.js';
import { listen } from '../helpers/http-servers.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LocalServer {
  port: number;
  /** `http://127.0.0.1:<port>` followed by `path`. */
  url: (path?: string) => string;
  /** Request headers, in arrival order. */
  received: IncomingMessage['headers'][];
  paths: string[];
  /** TCP connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

export async function startServer(handler: Handler): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const received: IncomingMessage['headers'][] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    paths.push(req.url ?? '');
    handler(req, res);
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { port } = await listen(server);
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    received,
    paths,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function testClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 1500,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    userAgent: 'feedloom-test/1.0',
    ...overrides,
  });
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, got a value');
}
