import { unstorable } from '../security/input-guard';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { signLocalToken } from './token';

interface DemoUserRow {
  id: string;
  email: string;
  name: string;
  memberships: { party: string; role: string }[];
}

/**
 * The dashboard's demo-user picker: lists the synthetic demo accounts and signs a development token for
 * one of them, as `npm run token` does. Mounted only when `config.dashboard.demoSignIn` (local tokens,
 * never production); real accounts cannot be signed in this way.
 */
export function demoSignInRouter(deps: { config: Config; dataSource: DataSource }): express.Router {
  const { config, dataSource } = deps;
  const auth = config.auth;
  if (auth.mode !== 'local' || !config.dashboard.demoSignIn) throw new Error('demo sign-in needs local tokens');
  const router = express.Router();
  const demoUsers = async (email?: string): Promise<DemoUserRow[]> =>
    dataSource.query(
      `SELECT u.id, u.email, u.name,
              coalesce((SELECT json_agg(json_build_object('party', coalesce(p.short_name, p.name), 'role', m.role)
                                        ORDER BY coalesce(p.short_name, p.name))
                          FROM membership m JOIN party p ON p.id = m.party_id WHERE m.user_id = u.id), '[]') AS memberships
         FROM "user" u
        WHERE u.synthetic AND u.active AND ($1::text IS NULL OR u.email = $1)
        ORDER BY u.email`,
      [email ?? null],
    );

  router.get('/demo-users', async (_req, res) => {
    const users = await demoUsers();
    res.json({ users: users.map(({ email, name, memberships }) => ({ email, name, memberships })) });
  });

  router.post('/sign-in', express.json({ limit: 1024 }), async (req, res) => {
    const email: unknown = req.body?.email;
    if (typeof email !== 'string' || email === '') {
      res.status(400).json({ errors: [{ message: '"email" is required.', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    // Text PostgreSQL cannot store is no account's address: answered before the query (which would fail).
    if (unstorable(email)) {
      res
        .status(404)
        .json({ errors: [{ message: 'No demo account with this address.', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    const [user] = await demoUsers(email.trim().toLowerCase());
    if (!user) {
      res.status(404).json({ errors: [{ message: `No demo account ${email}.`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    res.json({ token: await signLocalToken(auth, user), email: user.email, name: user.name });
  });
  return router;
}
