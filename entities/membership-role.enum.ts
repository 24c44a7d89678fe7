import { registerEnumType } from 'type-graphql';

/** Ordered: each role may do what the roles before it may. */
export enum MembershipRole {
  VIEWER = 'VIEWER',
  CONTRIBUTOR = 'CONTRIBUTOR',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

export const ROLE_RANK: Record<MembershipRole, number> = {
  [MembershipRole.VIEWER]: 1,
  [MembershipRole.CONTRIBUTOR]: 2,
  [MembershipRole.EDITOR]: 3,
  [MembershipRole.ADMIN]: 4,
};

export function roleAtLeast(role: MembershipRole, minimum: MembershipRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'A person’s role within a party (rol binnen de partij): VIEWER < CONTRIBUTOR < EDITOR < ADMIN.',
  valuesConfig: {
    VIEWER: { description: 'Reads, including the drafts and internal fields of the party (meelezer).' },
    CONTRIBUTOR: { description: 'Also proposes and comments (bijdrager), e.g. proposes knowledge questions.' },
    EDITOR: { description: 'Also edits the party’s own records (redacteur).' },
    ADMIN: { description: 'Also manages the party’s members (beheerder).' },
  },
});
