import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { createLogger } from '../../server/logger';
import { requestLogging } from '../../server/request-logging';

/** An app with the middleware only, logging into `lines`. */
async function start(level: pino.Level) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLogging(logger, { ignore: (url) => url === '/healthz' }));
  app.get('/ok', (req, res) => {
    req.log.warn('inside');
    res.json({ id: req.id });
  });
  app.get('/fail', (_req, res) => {
    res.status(500).json({});
  });
  app.get('/healthz', (_req, res) => {
    res.json({});
  });
  app.get('/slow', () => {
    // never answers: the client gives up
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    lines,
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('request logging', () => {
  it('gives every request its own id, keeps a well-formed x-request-id beside it, and binds both to every line', async () => {
    const app = await start('info');
    try {
      const kept = await fetch(`${app.base}/ok`, {
        headers: { 'x-request-id': 'portal-42.abc', authorization: 'Bearer secret' },
      });
      const id = kept.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await kept.json()).toEqual({ id });
      const replaced = await fetch(`${app.base}/ok`, { headers: { 'x-request-id': 'bad id' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(app.lines.filter((line) => line.clientReqId === 'bad id')).toEqual([]);
      const ofKept = app.lines.filter((line) => line.reqId === id && line.clientReqId === 'portal-42.abc');
      expect(ofKept.map((line) => line.msg)).toEqual(['inside', 'request completed']);
      expect(ofKept[1]).toMatchObject({ level: 30, method: 'GET', url: '/ok', statusCode: 200 });
      expect(typeof ofKept[1]!.responseTime).toBe('number');
      // No headers in the logs: no token to leak.
      expect(JSON.stringify(app.lines)).not.toContain('secret');
    } finally {
      await app.close();
    }
  });

  it('logs the path without its query string (GraphQL variables, an OIDC authorization code)', async () => {
    const app = await start('info');
    try {
      await (
        await fetch(`${app.base}/ok?code=geheime-code&variables=%7B%22email%22%3A%22piet%40example.nl%22%7D`)
      ).json();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const completed = app.lines.filter((line) => line.msg === 'request completed');
      expect(completed.map((line) => line.url)).toEqual(['/ok']);
      expect(JSON.stringify(app.lines)).not.toMatch(/geheime-code|piet/);
    } finally {
      await app.close();
    }
  });

  it('logs a 5xx as an error, a request the client gave up on as aborted, and not the health checks', async () => {
    const app = await start('info');
    try {
      await (await fetch(`${app.base}/fail`)).arrayBuffer();
      await (await fetch(`${app.base}/healthz`)).arrayBuffer();
      await fetch(`${app.base}/slow`, { signal: AbortSignal.timeout(100) }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(app.lines.map((line) => [line.msg, line.level, line.url])).toEqual([
        ['request failed', 50, '/fail'],
        ['request aborted', 30, '/slow'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('writes no request lines above level info, and still gives ids and request loggers', async () => {
    const app = await start('warn');
    try {
      const res = await fetch(`${app.base}/ok`);
      const id = res.headers.get('x-request-id');
      await res.arrayBuffer();
      await (await fetch(`${app.base}/fail`)).arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(app.lines.map((line) => [line.msg, line.reqId])).toEqual([['inside', id]]);
    } finally {
      await app.close();
    }
  });
});

describe('the logger', () => {
  it('logs an error without the failed statement’s parameters, SQL or the database’s details', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const failed = Object.assign(new Error('duplicate key value violates unique constraint "UQ_user_email"'), {
      code: '23505',
      constraint: 'UQ_user_email',
      query: 'INSERT INTO "user" (email, name) VALUES ($1, $2)',
      parameters: ['piet@example.nl', 'Piet'],
      detail: 'Key (email)=(piet@example.nl) already exists.',
      driverError: { detail: 'Key (email)=(piet@example.nl) already exists.' },
    });
    logger.error({ err: failed }, 'request failed');
    expect(JSON.stringify(lines)).not.toContain('piet@example.nl');
    expect(lines[0]!.err).toMatchObject({ code: '23505', constraint: 'UQ_user_email', message: failed.message });
  });
});
