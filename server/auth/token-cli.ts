// `npm run token -- <email>`: prints a development bearer token for a seeded user (local mode only).
import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnv } from '../config';
import { createLogger } from '../logger';
import { DatabaseUnavailableError, openDatabase } from '../db/database';
import { User } from '../../entities';
import { signLocalToken } from './token';

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    process.stderr.write('npm run token is for development only; it refuses to run with NODE_ENV=production.\n');
    return 2;
  }
  if (config.auth.mode !== 'local') {
    process.stderr.write(
      'npm run token needs AUTH_MODE=local; with OpenID Connect, get a token from your identity provider.\n',
    );
    return 2;
  }
  const email = process.argv[2]?.trim().toLowerCase();
  if (!email) {
    process.stderr.write('Usage: npm run token -- <email>   (see the demo users in the README)\n');
    return 2;
  }
  const database = await openDatabase(config, createLogger({ logLevel: 'warn' }));
  try {
    const user = await database.dataSource.getRepository(User).findOneBy({ email });
    if (!user) {
      process.stderr.write(`No user with e-mail address ${email}.\n`);
      return 1;
    }
    process.stdout.write(`${await signLocalToken(config.auth, user)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof DatabaseUnavailableError;
    process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
