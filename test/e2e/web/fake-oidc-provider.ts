import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** What the dashboard sent to the provider, for the test to check (PKCE, client, redirect, sign-out). */
export interface ProviderLog {
  authorize: URLSearchParams[];
  token: URLSearchParams[];
  logout: URLSearchParams[];
  /** ID tokens the token endpoint issued. */
  idTokens: string[];
}

export interface FakeProvider {
  issuer: string;
  log: ProviderLog;
  /** Browser sessions at the provider (a cookie each) not ended yet. */
  sessions: Set<string>;
  /** While true, every request is answered 503 (the provider is down). */
  down: boolean;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'fake_idp_session';

/**
 * A minimal OpenID Connect provider for the browser test: discovery, an authorization endpoint that
 * signs the given user in at once (and keeps a session for the browser, by cookie), a token endpoint that
 * checks the PKCE verifier against the challenge, and the JWKS the API verifies the access token with.
 * With `endSession`, discovery also offers an end_session_endpoint (RP-initiated logout) that ends the
 * browser's session and sends it to the post_logout_redirect_uri.
 */
export async function startFakeProvider(
  user: { sub: string; email: string; name: string },
  audience: string,
  options: { endSession?: boolean } = {},
): Promise<FakeProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; clientId: string; redirectUri: string; nonce: string | null }>();
  const log: ProviderLog = { authorize: [], token: [], logout: [], idTokens: [] };
  const sessions = new Set<string>();
  let issuer = '';
  const sessionOf = (req: http.IncomingMessage) =>
    new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([\\w-]+)`).exec(req.headers.cookie ?? '')?.[1] ?? null;

  const sign = (claims: Record<string, unknown>, aud: string) =>
    new SignJWT({ ...claims, email: user.email, email_verified: true, name: user.name })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setSubject(user.sub)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, issuer);
    // The dashboard calls discovery and the token endpoint from its own origin.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (provider.down) return void res.writeHead(503).end();
    const json = (body: unknown, status = 200) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        ...(options.endSession ? { end_session_endpoint: `${issuer}/logout` } : {}),
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
      });
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      log.authorize.push(url.searchParams);
      const code = randomUUID();
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        clientId: url.searchParams.get('client_id') ?? '',
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
        nonce: url.searchParams.get('nonce'),
      });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      const session = sessionOf(req) ?? randomUUID();
      sessions.add(session);
      return void res
        .writeHead(302, { location: back.toString(), 'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly` })
        .end();
    }
    if (url.pathname === '/logout' && options.endSession) {
      log.logout.push(url.searchParams);
      // Like real providers: a redirect only with a token this provider issued (the hint names the client).
      const hint = url.searchParams.get('id_token_hint');
      if (!hint || !log.idTokens.includes(hint)) return void res.writeHead(400).end('unknown id_token_hint');
      const session = sessionOf(req);
      if (session) sessions.delete(session);
      const back = url.searchParams.get('post_logout_redirect_uri');
      return void res
        .writeHead(back ? 302 : 200, {
          ...(back ? { location: back } : {}),
          'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0`,
        })
        .end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      log.token.push(form);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri'))
        return json({ error: 'invalid_grant' }, 400);
      const idToken = await sign(grant.nonce ? { nonce: grant.nonce } : {}, grant.clientId);
      log.idTokens.push(idToken);
      return json({
        token_type: 'Bearer',
        expires_in: 600,
        access_token: await sign({ scope: 'openid email profile' }, audience),
        id_token: idToken,
      });
    }
    res.writeHead(404).end();
  });
  const provider: FakeProvider = {
    issuer,
    log,
    sessions,
    down: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  return provider;
}
