import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, NESTED_DEFAULT_SIZE } from '../shared/pagination';
import { whenLoaded } from '../shared/promises';
import {
  BOUNDED_LISTS,
  HEAVY_FIELDS,
  LIST_DEFAULTS,
  HEAVY_ROOT_FIELDS,
  MAX_HEAVY_ROOT_FIELDS,
  SOURCES_SIZE,
} from './list-bounds';

/** One stable `extensions.code` per limit, so clients can tell which one they hit. */
export enum LimitCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_HEAVY_FIELDS = 'TOO_MANY_HEAVY_FIELDS',
  RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE',
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Assumed length of lists without a `first` argument (e.g. a party's sectors). */
  listCost: number;
}

/**
 * graphql-armor's rules measure depth, aliases and directives; their rejections are re-raised with
 * our codes (Apollo marks every validation error GRAPHQL_VALIDATION_FAILED; formatError restores ours
 * from the original error).
 */
function withCode(code: LimitCode) {
  return (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } }));
}

export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: [withCode(LimitCode.QUERY_TOO_DEEP)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [withCode(LimitCode.TOO_MANY_ALIASES)] }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [withCode(LimitCode.TOO_MANY_DIRECTIVES)] }),
  ];
}

/** Connections are paged by `first` with the large default; other lists with `first` by the nested one. */
function isConnection(type: GraphQLOutputType): boolean {
  return getNamedType(type).name.endsWith('Connection');
}

/**
 * Cost of a field: leaves are free, objects and list items cost 1, paged lists and connections multiply their
 * selection by the page size asked for (`first`, from arguments or variables, else its default), lists
 * bounded by nature by their expected size (list-bounds.ts; enum lists by their number of values,
 * unknown ones by `listCost`), and heavy fields (aggregates, `asOf` history) add their measured weight.
 * A connection's `edges` and `nodes` are already multiplied by its page size.
 */
export function costEstimator(listCost: number): ComplexityEstimator {
  return ({ type: parent, field, args, childComplexity }) => {
    const key = `${parent.name}.${field.name}`;
    const weight = HEAVY_FIELDS[key] ?? 0;
    let type = field.type;
    if (isNonNullType(type)) type = type.ofType;
    const named = getNamedType(type);
    if (isLeafType(named) && !isListType(type)) return weight;
    if (field.args.some((a) => a.name === 'first')) {
      const fallback = LIST_DEFAULTS[key] ?? (isConnection(type) ? DEFAULT_PAGE_SIZE : NESTED_DEFAULT_SIZE);
      const first = typeof args.first === 'number' ? args.first : fallback;
      // A connection's selection holds its items; any other list's items cost 1 each plus their fields.
      const perItem = isConnection(type) ? childComplexity : 1 + childComplexity;
      return 1 + weight + Math.max(first, 1) * perItem;
    }
    if (!isListType(type)) return 1 + weight + childComplexity;
    if (parent.name.endsWith('Connection')) return 1 + childComplexity;
    const size =
      BOUNDED_LISTS[key]?.size ??
      (field.name === 'sources' ? SOURCES_SIZE : isEnumType(named) ? named.getValues().length : listCost);
    return 1 + weight + size * (1 + childComplexity);
  };
}

function countHeavyRootFields(document: DocumentNode, operationName: string | undefined): number {
  const fragments = new Map<string, SelectionSetNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName))
      operation ??= definition;
  }
  let count = 0;
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (HEAVY_ROOT_FIELDS.has(selection.name.value)) count += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment);
      }
    }
  };
  if (operation) walk(operation.selectionSet);
  return count;
}

const heavyCounts = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * Root fields of the operation that scan much of the data (HEAVY_ROOT_FIELDS), counted over aliases and
 * fragments; worked out once per parsed document and operation, since Apollo reuses the document of a
 * repeated query. The cost limit refuses more than MAX_HEAVY_ROOT_FIELDS; the heavy-query limiter
 * (server/db/request-scope.ts) lets few operations with several of them run at once.
 */
export function heavyRootFields(document: DocumentNode, operationName: string | undefined): number {
  let byOperation = heavyCounts.get(document);
  if (!byOperation) heavyCounts.set(document, (byOperation = new Map()));
  let count = byOperation.get(operationName ?? '');
  if (count === undefined)
    byOperation.set(operationName ?? '', (count = countHeavyRootFields(document, operationName)));
  return count;
}

/**
 * Names of the variables the estimate reads: those giving a `first` argument, and those in directive
 * arguments (`@include(if: $x)` and `@skip` decide which fields count).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (node.value.kind !== Kind.VARIABLE) return;
      const owner = ancestors[ancestors.length - 1];
      const inDirective = owner !== undefined && !Array.isArray(owner) && (owner as ASTNode).kind === Kind.DIRECTIVE;
      if (node.name.value === 'first' || inDirective) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/**
 * Refuses an operation whose estimated cost is over the limit, before anything is executed.
 * The estimate depends only on the document, the operation and the variables named by
 * costVariables, so it is computed once per such combination (Apollo hands the same parsed document to every request
 * with the same query text): a portal repeating one query pays for the analysis once.
 */
export function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  const check = costCheck(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const refused = check(schema, document, request.operationName ?? undefined, request.variables ?? {});
          if (refused) throw refused;
        },
      };
    },
  };
}

/**
 * The operation's heavy root fields and estimated cost against the limits: the refusal, or null. One check
 * for every way an operation arrives (HTTP through costLimitPlugin, a subscription over the socket).
 */
export function costCheck(
  limits: QueryLimits,
): (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
) => GraphQLError | null {
  const estimators = [costEstimator(limits.listCost)];
  const costs = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, number> }>();
  /** The cost, or null when the variables do not fit the operation (execution reports those). */
  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): number | null => {
    let entry = costs.get(document);
    if (!entry) {
      entry = { variables: costVariables(document), byKey: new Map() };
      costs.set(document, entry);
    }
    // An omitted variable (its default in the document counts) is not an explicit null (the page size
    // default counts): both are part of the key.
    const key = JSON.stringify([
      operationName ?? null,
      ...entry.variables.map((name) => (Object.hasOwn(variables, name) ? { value: variables[name] } : 'omitted')),
    ]);
    const known = entry.byKey.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, variables, operationName, estimators });
    } catch {
      // Not remembered: the next request's variables may fit, and must then be measured.
      return null;
    }
    // Bounded: page sizes are few, but a client could send many; forget them all rather than grow.
    if (entry.byKey.size >= 100) entry.byKey.clear();
    entry.byKey.set(key, cost);
    return cost;
  };
  return (schema, document, operationName, variables) => {
    const heavy = heavyRootFields(document, operationName);
    if (heavy > MAX_HEAVY_ROOT_FIELDS) {
      return new GraphQLError(
        `This query asks for ${heavy} computed overviews or timelines; at most ${MAX_HEAVY_ROOT_FIELDS} per request. Send them in separate requests.`,
        {
          extensions: {
            code: LimitCode.TOO_MANY_HEAVY_FIELDS,
            heavyFields: heavy,
            maxHeavyFields: MAX_HEAVY_ROOT_FIELDS,
            http: { status: 400 },
          },
        },
      );
    }
    const cost = costOf(schema, document, operationName, variables);
    if (cost !== null && cost > limits.maxCost) {
      return new GraphQLError(
        `This query is too expensive: estimated cost ${cost}, the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
        {
          extensions: { code: LimitCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost, http: { status: 400 } },
        },
      );
    }
    return null;
  };
}

function responseTooLarge(maxItems: number): GraphQLError {
  return new GraphQLError(
    `The answer would hold more than ${maxItems} list items. Ask for smaller pages or fewer nested lists.`,
    { extensions: { code: LimitCode.RESPONSE_TOO_LARGE, maxItems, http: { status: 400 } } },
  );
}

/** What one request has taken of the response budget; set on the context by responseBudgetPlugin. */
interface ListItemBudget {
  items: number;
  exceeded: boolean;
}

const BUDGET = Symbol('responseBudget');
const counting = new WeakSet<GraphQLSchema>();

function countItems(budget: ListItemBudget, maxItems: number, result: unknown): unknown {
  if (Array.isArray(result)) {
    budget.items += result.length;
    if (budget.items > maxItems) budget.exceeded = true;
  }
  return result;
}

/**
 * Wraps the resolver of every list field to count the items it returns into the request's budget (see
 * responseBudgetPlugin). Only list fields pay for it: a plugin hook on every field (`willResolveField`)
 * would make Apollo wrap every resolver of the schema, a cost on every field of every answer.
 */
function countListItems(schema: GraphQLSchema, maxItems: number): void {
  // Tests build several apps on one schema: its resolvers are wrapped once.
  if (counting.has(schema)) return;
  counting.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (!isListType(unwrapped)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: { [BUDGET]?: ListItemBudget } | undefined, info) => {
        const budget = context?.[BUDGET];
        if (!budget) return resolve(source, args, context, info);
        if (budget.exceeded) throw responseTooLarge(maxItems);
        return whenLoaded(resolve(source, args, context, info), (value: unknown) =>
          countItems(budget, maxItems, value),
        );
      };
    }
  }
}

/**
 * The backstop behind the estimate: counts the items of every list as it is resolved (the list fields'
 * resolvers, wrapped by countListItems) and, past `maxItems`, resolves no further list and answers
 * RESPONSE_TOO_LARGE alone (no partial data), so a request the estimate let through can still never
 * fill the heap.
 */
export function responseBudgetPlugin(maxItems: number): ApolloServerPlugin {
  return {
    async serverWillStart({ schema }) {
      countListItems(schema, maxItems);
    },
    async requestDidStart({ contextValue }) {
      const budget: ListItemBudget = { items: 0, exceeded: false };
      Object.defineProperty(contextValue, BUDGET, { value: budget });
      return {
        async willSendResponse({ response }) {
          if (!budget.exceeded || response.body.kind !== 'single') return;
          const error = responseTooLarge(maxItems);
          response.body.singleResult = {
            errors: [{ message: error.message, extensions: { code: LimitCode.RESPONSE_TOO_LARGE, maxItems } }],
          };
          response.http.status = 400;
        },
      };
    },
  };
}
