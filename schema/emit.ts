// `npm run schema:emit`: writes schema/schema.graphql from the resolvers (a test fails when it is stale).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from './build-schema';

export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');

buildAppSchema()
  .then((schema) => {
    writeFileSync(SCHEMA_FILE, printAppSchema(schema));
    process.stdout.write(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
