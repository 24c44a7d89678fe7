import type { NonEmptyArray } from 'type-graphql';
import { NodeResolver } from './node.resolver';
import { PartyResolver } from './party.resolver';
import { PackageCriterionResolver, ResponsibilityResolver, SectorResolver } from './reference-data.resolver';

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  PartyResolver,
  SectorResolver,
  PackageCriterionResolver,
  ResponsibilityResolver,
];
