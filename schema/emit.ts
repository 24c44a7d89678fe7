// `npm run schema:emit`: writes schema/schema.graphql from the resolvers, and what Apollo Client's cache
// needs to know about it (possible-types.json, cache-shape.json); a test fails when any is stale.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppSchema, cacheShapeOf, possibleTypesOf, printAppSchema } from './build-schema';

const DIR = path.join(__dirname, '..', '..', 'schema');
export const SCHEMA_FILE = path.join(DIR, 'schema.graphql');
export const POSSIBLE_TYPES_FILE = path.join(DIR, 'possible-types.json');
export const CACHE_SHAPE_FILE = path.join(DIR, 'cache-shape.json');

buildAppSchema()
  .then((schema) => {
    const files: [string, string][] = [
      [SCHEMA_FILE, printAppSchema(schema)],
      [POSSIBLE_TYPES_FILE, `${JSON.stringify(possibleTypesOf(schema), null, 2)}\n`],
      [CACHE_SHAPE_FILE, `${JSON.stringify(cacheShapeOf(schema), null, 2)}\n`],
    ];
    for (const [file, text] of files) {
      writeFileSync(file, text);
      process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
