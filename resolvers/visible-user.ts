import type { User } from '../entities';
import type { Context } from '../server/context';

/** A person, when the viewer may see them (themselves, fellow members, VWS, operators); else null. */
export async function visibleUser(ctx: Context, id: string | null): Promise<User | null> {
  if (!id || !(await ctx.policy.canSeeUser(id, (userId) => ctx.loaders.membershipsByUserId.load(userId)))) return null;
  return ctx.loaders.userById.load(id);
}
