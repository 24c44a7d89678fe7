import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { resolvers } from '../resolvers';
import { capabilityAuthChecker } from '../server/auth/auth-checker';
import { validateInput } from '../server/security/validate-input';

const ROOT_DESCRIPTIONS = {
  Query: 'Reads: parties and their responsibilities, sectors, package criteria, and any object by id.',
  Mutation: 'Changes, each checked against the signed-in user’s party and role, audited and versioned.',
  Subscription: 'Domain events (gebeurtenissen) as they happen, over WebSocket (graphql-ws) at /graphql.',
};

/**
 * Plain fields (a property or getter, no roles, no middleware, not renamed) resolve with graphql-js's
 * default resolver, as type-graphql's "simple resolvers" do: otherwise type-graphql gives each its own
 * resolver function, called for every field of every object of an answer to read one property.
 */
export function plainFieldsResolveSimply(): void {
  const storage = getMetadataStorage();
  // Roles and middlewares reach the field metadata only inside buildSchema: read them where they are collected.
  const guarded = new Map<Function, Set<string>>();
  for (const { target, fieldName } of [...storage.authorizedFields, ...storage.middlewares])
    guarded.set(target, (guarded.get(target) ?? new Set()).add(fieldName));
  for (const field of storage.fields) {
    if (field.simple !== undefined || guarded.get(field.target)?.has(field.name)) continue;
    if (field.schemaName === field.name) field.simple = true;
  }
}

export async function buildAppSchema(): Promise<GraphQLSchema> {
  plainFieldsResolveSimply();
  const schema = await buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    // class-validator, naming the failing field in extensions.field
    validateFn: validateInput,
    authChecker: capabilityAuthChecker,
    authMode: 'error',
    // Subscriptions bring their own source (server/services/events/event-hub.ts); type-graphql insists on
    // a PubSub all the same, so this one refuses topic subscriptions nobody declares.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('Subscriptions read the event hub, not topics.');
      },
    },
  });
  // type-graphql has no option to describe the root types.
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

/** The SDL committed at schema/schema.graphql; sorted so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * For Apollo Client's `possibleTypes`: the object types behind each interface (and union), so a fragment
 * on an interface (`... on Sourced`) matches in the cache.
 */
export function possibleTypesOf(schema: GraphQLSchema): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isInterfaceType(type) || isUnionType(type))) continue;
    result[type.name] = schema
      .getPossibleTypes(type)
      .map((t) => t.name)
      .sort();
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * What a client cache needs to know beyond possibleTypes: the object types without an `id` (the cache
 * keeps them inside their parent, so two queries selecting different fields of one must merge them),
 * and for each connection field of Query the arguments that make another list (all but the cursor ones).
 */
export function cacheShapeOf(schema: GraphQLSchema): {
  mergeTypes: string[];
  connectionFields: Record<string, string[]>;
} {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  const mergeTypes = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name) && !('id' in t.getFields()))
    .map((t) => t.name)
    .sort();
  const connectionFields: Record<string, string[]> = {};
  for (const field of Object.values(schema.getQueryType()!.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
    const type = getNamedType(field.type);
    if (!isObjectType(type) || !('edges' in type.getFields()) || !('pageInfo' in type.getFields())) continue;
    connectionFields[field.name] = field.args
      .map((a) => a.name)
      .filter((name) => !['first', 'after', 'last', 'before'].includes(name))
      .sort();
  }
  return { mergeTypes, connectionFields };
}
