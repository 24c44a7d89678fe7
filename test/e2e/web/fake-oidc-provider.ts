import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** What the dashboard sent to the provider, for the test to check (PKCE, client, redirect). */
export interface ProviderLog {
  authorize: URLSearchParams[];
  token: URLSearchParams[];
}

export interface FakeProvider {
  issuer: string;
  log: ProviderLog;
  close(): Promise<void>;
}

/**
 * A minimal OpenID Connect provider for the browser test: discovery, an authorization endpoint that
 * signs the given user in at once, a token endpoint that checks the PKCE verifier against the
 * challenge, and the JWKS the API verifies the access token with.
 */
export async function startFakeProvider(user: { sub: string; email: string; name: string }, audience: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; clientId: string; redirectUri: string; nonce: string | null }>();
  const log: ProviderLog = { authorize: [], token: [] };
  let issuer = '';

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
    const json = (body: unknown, status = 200) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
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
      return void res.writeHead(302, { location: back.toString() }).end();
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
      return json({
        token_type: 'Bearer',
        expires_in: 600,
        access_token: await sign({ scope: 'openid email profile' }, audience),
        id_token: await sign(grant.nonce ? { nonce: grant.nonce } : {}, grant.clientId),
      });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies FakeProvider;
}
