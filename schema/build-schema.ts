import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../resolvers';
import { capabilityAuthChecker } from '../server/auth/auth-checker';
import { validateInput } from '../server/security/validate-input';

const ROOT_DESCRIPTIONS = {
  Query: 'Reads: parties and their responsibilities, sectors, package criteria, and any object by id.',
  Mutation: 'Changes, each checked against the signed-in user’s party and role, audited and versioned.',
};

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    // class-validator, naming the failing field in extensions.field
    validateFn: validateInput,
    authChecker: capabilityAuthChecker,
    authMode: 'error',
  });
  // type-graphql has no option to describe the root types.
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

/** The SDL committed at schema/schema.graphql; sorted so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
