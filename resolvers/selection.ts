import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** graphql-js's own rule (shouldIncludeNode): `@skip(if: true)` or `@include(if: false)` leaves a selection out. */
function included(selection: SelectionNode, info: GraphQLResolveInfo): boolean {
  if (!selection.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, selection, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, info.variableValues)?.if !== false;
}

function fieldsIn(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  sets.forEach(collect);
  return fields;
}

/**
 * Names of the fields the client selects below the field being resolved, following `path` (e.g.
 * `['question']`) through fragments, as @skip and @include leave them. Type conditions are not evaluated,
 * so the answer can name more fields than will run, never fewer: enough to decide what to load ahead.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = fieldsIn(sets, info)
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return new Set(fieldsIn(sets, info).map((field) => field.name.value));
}
