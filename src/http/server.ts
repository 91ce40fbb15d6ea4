// The one HTTP server of the app: every adapter mounts its routes on the express app made here
// (Slack events, the sandbox, the orders API), and only the app listens and closes it.
// Never mount a body parser app-wide: Slack's receiver verifies the raw request stream.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Application } from 'express';

export const HEALTH_PATH = '/healthz';

/** Pending connections the kernel may queue: a poll in a busy channel brings a burst of clicks at once. */
const LISTEN_BACKLOG = 4096;

/** A fresh express app that already answers the health check. */
export function createWebApp(): Application {
  const web = express();
  web.get(HEALTH_PATH, (_req, res) => void res.json({ ok: true }));
  return web;
}

export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 = ephemeral) and resolves once bound. */
export async function listen(web: Application, at: { port: number; host: string }): Promise<Listening> {
  const server = createServer(web);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: at.port, host: at.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    // Idle keep-alive connections would hold close() open until they time out.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
