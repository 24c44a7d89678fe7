import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { User } from '../../../entities';
import { createTestApp, type TestApp } from '../../helpers/app';
import { signWithAppSecret, tokenFor } from '../../helpers/auth';

const ME = '{ me { user { name email } } }';
const DAY = 24 * 3600;
const YEAR = 365 * DAY;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('local tokens (development signing secret)', () => {
  let app: TestApp;
  let fmsEditorId: string;
  beforeAll(async () => {
    app = await createTestApp();
    fmsEditorId = (await app.dataSource.getRepository(User).findOneByOrFail({ email: 'fms.editor@example.org' })).id;
  });
  afterAll(() => app.close());

  it('accepts a valid token and returns the user', async () => {
    const res = await app.gql(ME, undefined, {
      authorization: `Bearer ${await tokenFor(app, 'fms.editor@example.org')}`,
    });
    expect(res.data!.me.user.name).toBe('FMS Editor');
  });

  it('treats a request without a token as anonymous', async () => {
    const res = await app.gql(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toBeNull();
  });

  const unsigned = (claims: Record<string, unknown>) => {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  };

  const cases: [string, () => Promise<string>][] = [
    ['an expired token', () => signWithAppSecret(app, { sub: fmsEditorId }, Math.floor(Date.now() / 1000) - 60)],
    [
      'a token signed with another secret',
      () =>
        new SignJWT({ sub: fmsEditorId })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('iza-platform')
          .setAudience('iza-platform')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('another-secret-another-secret-another-secret')),
    ],
    [
      'an unsigned token (alg: none)',
      async () =>
        unsigned({
          sub: fmsEditorId,
          iss: 'iza-platform',
          aud: 'iza-platform',
          exp: Math.floor(Date.now() / 1000) + 3600,
        }),
    ],
    [
      'a token for another audience',
      () =>
        new SignJWT({ sub: fmsEditorId })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('iza-platform')
          .setAudience('some-other-api')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(app.config.auth.mode === 'local' ? app.config.auth.secret : '')),
    ],
    [
      'a token from another issuer',
      () =>
        new SignJWT({ sub: fmsEditorId })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('someone-else')
          .setAudience('iza-platform')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(app.config.auth.mode === 'local' ? app.config.auth.secret : '')),
    ],
    ['a token for an unknown user', () => signWithAppSecret(app, { sub: '00000000-0000-4000-8000-000000000000' })],
    ['a token whose subject is not a user id', () => signWithAppSecret(app, { sub: 'fms.editor@example.org' })],
    ['a token without a subject', () => signWithAppSecret(app, {})],
    [
      'a token without an expiry',
      () =>
        new SignJWT({ sub: fmsEditorId })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('iza-platform')
          .setAudience('iza-platform')
          .setIssuedAt()
          .sign(new TextEncoder().encode(app.config.auth.mode === 'local' ? app.config.auth.secret : '')),
    ],
    ['a token issued a year ahead', () => signWithAppSecret(app, { sub: fmsEditorId, iat: nowSeconds() + YEAR })],
    ['a token issued five minutes ahead', () => signWithAppSecret(app, { sub: fmsEditorId, iat: nowSeconds() + 300 })],
    [
      'a token issued two days ago that has not expired',
      () => signWithAppSecret(app, { sub: fmsEditorId, iat: nowSeconds() - 2 * DAY }, nowSeconds() + YEAR),
    ],
    ['a token whose subject is a JSON array', () => signWithAppSecret(app, { sub: [fmsEditorId] })],
    ['a token whose subject is a JSON object', () => signWithAppSecret(app, { sub: { id: fmsEditorId } })],
    ['a token whose subject is a number', () => signWithAppSecret(app, { sub: 42 })],
    ['a malformed token', async () => 'not.a.jwt'],
  ];

  it.each(cases)('refuses %s with UNAUTHENTICATED and HTTP 401', async (_case, makeToken) => {
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${await makeToken()}` });
    expect(res.status).toBe(401);
    expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('accepts a token issued within the clock tolerance ahead of the server', async () => {
    const token = await signWithAppSecret(app, { sub: fmsEditorId, iat: nowSeconds() + 30 });
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${token}` });
    expect(res.data!.me.user.name).toBe('FMS Editor');
  });

  it.each([['Basic dXNlcjpwdw=='], ['Bearer'], ['token-without-scheme']])(
    'refuses the Authorization header "%s"',
    async (header) => {
      const res = await app.gql(ME, undefined, { authorization: header });
      expect(res.status).toBe(401);
      expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    },
  );

  it('refuses a deactivated account', async () => {
    const token = await tokenFor(app, 'nza.viewer@example.org');
    await app.dataSource.query(`UPDATE "user" SET active = false WHERE email = 'nza.viewer@example.org'`);
    try {
      const res = await app.gql(ME, undefined, { authorization: `Bearer ${token}` });
      expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    } finally {
      await app.dataSource.query(`UPDATE "user" SET active = true WHERE email = 'nza.viewer@example.org'`);
    }
  });
});

describe('OpenID Connect tokens (JWKS)', () => {
  const ISSUER = 'https://login.example.org/realms/iza';
  let jwksServer: http.Server;
  let app: TestApp;
  let rsa: KeyLike;
  let ec: KeyLike;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    const keys: JWK[] = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwksServer = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    app = await createTestApp({
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URI: `http://127.0.0.1:${port}/certs`,
      AUTH_AUDIENCE: 'iza-api',
    });
    await app.dataSource.query(
      `UPDATE "user" SET external_subject = 'idp-zin-editor' WHERE email = 'zin.editor@example.org'`,
    );
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const sign = (
    key: typeof rsa,
    alg: string,
    kid: string,
    claims: Record<string, unknown>,
    issuer = ISSUER,
    audience = 'iza-api',
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it.each([
    ['RS256', 'rsa-1'],
    ['ES256', 'ec-1'],
  ])('accepts a %s token from the issuer for a linked user', async (alg, kid) => {
    const token = await sign(alg === 'RS256' ? rsa : ec, alg, kid, { sub: 'idp-zin-editor' });
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${token}` });
    expect(res.data!.me.user.name).toBe('Zorginstituut Editor');
  });

  it('matches a first sign-in by verified e-mail address', async () => {
    const token = await sign(rsa, 'RS256', 'rsa-1', {
      sub: 'idp-new',
      email: 'ZIN.Viewer@example.org',
      email_verified: true,
    });
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${token}` });
    expect(res.data!.me.user.name).toBe('Zorginstituut Viewer');
  });

  it('links the account at the first sign-in: then its subject signs in, and another subject with the address does not', async () => {
    const first = await sign(rsa, 'RS256', 'rsa-1', {
      sub: 'idp-first',
      email: 'nivel.viewer@example.org',
      email_verified: true,
    });
    expect((await app.gql(ME, undefined, { authorization: `Bearer ${first}` })).data!.me.user.email).toBe(
      'nivel.viewer@example.org',
    );
    const bySubject = await sign(rsa, 'RS256', 'rsa-1', { sub: 'idp-first' });
    const other = await sign(rsa, 'RS256', 'rsa-1', {
      sub: 'idp-other',
      email: 'nivel.viewer@example.org',
      email_verified: true,
    });
    const [again, claimed] = await Promise.all([
      app.gql(ME, undefined, { authorization: `Bearer ${bySubject}` }),
      app.gql(ME, undefined, { authorization: `Bearer ${other}` }),
    ]);
    expect([again.data?.me.user.email, claimed.status]).toEqual(['nivel.viewer@example.org', 401]);
  });

  it('signs in every one of a first sign-in’s parallel requests (the dashboard sends several at once)', async () => {
    const token = await sign(rsa, 'RS256', 'rsa-1', {
      sub: 'idp-parallel',
      email: 'igj.viewer@example.org',
      email_verified: true,
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => app.gql(ME, undefined, { authorization: `Bearer ${token}` })),
    );
    expect(answers.map((res) => res.data?.me.user.email ?? res.status)).toEqual(
      Array.from({ length: 8 }, () => 'igj.viewer@example.org'),
    );
    // Linking the account is a change to it: in the trail once, whichever request linked it.
    const trail = await app.dataSource.query(
      `SELECT a.action, a.changes FROM audit_event a JOIN "user" u ON u.id = a.entity_id
        WHERE u.email = 'igj.viewer@example.org' AND a.entity_type = 'User'`,
    );
    expect(trail).toEqual([
      { action: 'LINK_IDENTITY', changes: [{ field: 'externalSubject', before: null, after: 'idp-parallel' }] },
    ]);
  });

  it.each<[string, () => Promise<string>]>([
    [
      'an unverified e-mail address',
      () => sign(rsa, 'RS256', 'rsa-1', { sub: 'idp-x', email: 'zin.viewer@example.org' }),
    ],
    ['another issuer', () => sign(rsa, 'RS256', 'rsa-1', { sub: 'idp-zin-editor' }, 'https://evil.example')],
    ['another audience', () => sign(rsa, 'RS256', 'rsa-1', { sub: 'idp-zin-editor' }, ISSUER, 'iza-platform')],
    ['an unknown key id', () => sign(rsa, 'RS256', 'rsa-unknown', { sub: 'idp-zin-editor' })],
    [
      'a locally signed HS256 token',
      () =>
        new SignJWT({ sub: 'idp-zin-editor' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience('iza-api')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('iza-platform-development-secret-not-for-production')),
    ],
  ])('refuses %s', async (_case, makeToken) => {
    const res = await app.gql(ME, undefined, { authorization: `Bearer ${await makeToken()}` });
    expect(res.status).toBe(401);
    expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
