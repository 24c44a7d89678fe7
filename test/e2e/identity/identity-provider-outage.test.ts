import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../helpers/app';
import { collect, wsClient } from '../events/ws-client';

const ME = '{ me { user { name } } }';
const REALM = '/realms/iza';

type ProviderState = 'up' | 'failing' | 'dropping' | 'hanging';

/**
 * An identity provider on loopback: its OpenID configuration and keys while up; while failing it answers 503,
 * while dropping it closes the connection, while hanging it never answers.
 */
async function identityProvider() {
  const pair = await generateKeyPair('RS256');
  const keys: JWK[] = [{ ...(await exportJWK(pair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }];
  const provider = { state: 'failing' as ProviderState, url: '', privateKey: pair.privateKey as KeyLike };
  const server = http.createServer((req, res) => {
    if (provider.state === 'hanging') return;
    if (provider.state === 'dropping') return void req.socket.destroy();
    if (provider.state === 'failing') {
      res.statusCode = 503;
      return void res.end('maintenance');
    }
    res.setHeader('content-type', 'application/json');
    if (req.url === `${REALM}/.well-known/openid-configuration`)
      return void res.end(JSON.stringify({ issuer: `${provider.url}${REALM}`, jwks_uri: `${provider.url}/certs` }));
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(provider, {
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  });
}

const sign = (key: KeyLike, issuer: string, kid = 'rsa-1') =>
  new SignJWT({ sub: 'idp-zin-editor' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setAudience('iza-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);

async function oidcApp(env: Record<string, string>, logger?: pino.Logger): Promise<TestApp> {
  const app = await createTestApp({ AUTH_MODE: 'oidc', AUTH_AUDIENCE: 'iza-api', ...env }, { logger });
  await app.dataSource.query(
    `UPDATE "user" SET external_subject = 'idp-zin-editor' WHERE email = 'zin.editor@example.org'`,
  );
  return app;
}

// The key set is kept once it has been fetched: each describe's last test brings its provider up.
describe('OIDC: the keys at OIDC_JWKS_URI cannot be fetched', () => {
  const ISSUER = 'https://login.example.org/realms/iza';
  const lines: { level: number; msg: string }[] = [];
  let provider: Awaited<ReturnType<typeof identityProvider>>;
  let app: TestApp;
  beforeAll(async () => {
    provider = await identityProvider();
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    app = await oidcApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_URI: `${provider.url}/certs` }, logger);
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  it.each<[string, ProviderState]>([
    ['answers 503', 'failing'],
    ['drops the connection', 'dropping'],
    ['does not answer within 5 s', 'hanging'],
  ])(
    'answers a valid token with 503 SERVICE_UNAVAILABLE and Retry-After, not 401, while the key server %s',
    async (_case, state) => {
      provider.state = state;
      const authorization = `Bearer ${await sign(provider.privateKey, ISSUER)}`;
      const [res, csv] = await Promise.all([
        app.gql(ME, undefined, { authorization }),
        fetch(`${app.baseUrl}/exports/deliverables.csv`, { headers: { authorization } }),
      ]);
      expect({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        extensions: res.errors?.[0]?.extensions,
        data: res.data ?? null,
      }).toEqual({
        status: 503,
        retryAfter: '5',
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
        data: null,
      });
      expect({
        status: csv.status,
        retryAfter: csv.headers.get('retry-after'),
        extensions: ((await csv.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions,
      }).toEqual({ status: 503, retryAfter: '5', extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
    },
  );

  it('warns once for the outage, not once per request', () => {
    expect(lines.filter((line) => line.level === 40 && /signing keys/.test(line.msg))).toHaveLength(1);
  });

  it('accepts the same token once the keys can be fetched, and still refuses a token signed with an unknown key', async () => {
    provider.state = 'failing';
    const token = await sign(provider.privateKey, ISSUER);
    expect((await app.gql(ME, undefined, { authorization: `Bearer ${token}` })).status).toBe(503);
    provider.state = 'up';
    const later = await app.gql(ME, undefined, { authorization: `Bearer ${token}` });
    const unknownKey = await app.gql(ME, undefined, {
      authorization: `Bearer ${await sign(provider.privateKey, ISSUER, 'rsa-unknown')}`,
    });
    expect([later.data?.me.user.name, unknownKey.status, unknownKey.errors?.[0]?.extensions?.code]).toEqual([
      'Zorginstituut Editor',
      401,
      'UNAUTHENTICATED',
    ]);
  });
});

describe('OIDC: the OpenID configuration of the issuer cannot be read (JWKS address discovered)', () => {
  let provider: Awaited<ReturnType<typeof identityProvider>>;
  let app: TestApp;
  let issuer: string;
  const clients: { dispose(): void | Promise<void> }[] = [];
  beforeAll(async () => {
    provider = await identityProvider();
    issuer = `${provider.url}${REALM}`;
    app = await oidcApp({ OIDC_ISSUER: issuer });
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await app.close();
    await provider.close();
  });

  it.each<[string, ProviderState]>([
    ['answers 503', 'failing'],
    ['does not answer within 5 s', 'hanging'],
  ])('answers a valid token with 503 SERVICE_UNAVAILABLE while the configuration %s', async (_case, state) => {
    provider.state = state;
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${await sign(provider.privateKey, issuer)}` });
    expect([res.status, res.errors?.[0]?.extensions?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  });

  it('closes a subscription socket with 1013 (try again later); the graphql-ws client retries with the same token and connects once the provider answers', async () => {
    provider.state = 'failing';
    const token = await sign(provider.privateKey, issuer);
    let connects = 0;
    const ws = wsClient(
      app.url,
      () => {
        // The provider is back for the client's second attempt.
        if (++connects === 2) provider.state = 'up';
        return token;
      },
      { retry: true },
    );
    clients.push(ws.client);
    let connected = false;
    ws.client.on('connected', () => (connected = true));
    const sub = collect(ws.client);
    const deadline = Date.now() + 8_000;
    while (!connected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect({ closes: ws.closes, connected, connects, errors: sub.errors }).toEqual({
      closes: [1013],
      connected: true,
      connects: 2,
      errors: [],
    });
  });
});
