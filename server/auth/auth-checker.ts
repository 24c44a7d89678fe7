import type { AuthChecker } from 'type-graphql';
import type { Capability } from '../../entities/capability.enum';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/**
 * `@Authorized(Capability.X)` on a resolver: the viewer must be signed in and hold X through some
 * membership. Whether X reaches the record at hand is the service's check (Policy.assert).
 */
export const capabilityAuthChecker: AuthChecker<Context, Capability> = async ({ context }, capabilities) => {
  if (!context.policy.viewer.isAuthenticated) throw new UnauthenticatedError();
  if (capabilities.length === 0) return true;
  for (const capability of capabilities) if (await context.policy.can(capability)) return true;
  throw new ForbiddenError(`Your memberships do not allow this (needs ${capabilities.join(' or ')}).`);
};
