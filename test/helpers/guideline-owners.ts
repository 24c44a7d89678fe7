import type { TestApp } from './app';
import { asUser } from './auth';

/** An editor of each association the seeded demo users edit guidelines for, by party key. */
const EDITORS: Readonly<Record<string, string>> = {
  fms: 'fms.editor@example.org',
  nhg: 'nhg.editor@example.org',
  'mdl-artsen': 'mdl.editor@example.org',
  vvn: 'vvn.editor@example.org',
};

const PENDING = `query($id: ID!) { guideline(id: $id) { ownerInvitations(first: 50) { id version status invitedParty { key } } } }`;
const ACCEPT = `mutation($input: DecideGuidelineOwnerInvitationInput!) { acceptGuidelineOwnerInvitation(input: $input) { status } }`;

/**
 * Has every association invited to co-own `guidelineId` accept, through an editor of it: naming co-owners
 * only invites them, so a test that needs a joint guideline makes it joint this way. Returns the guideline's
 * version after (each acceptance makes a new one).
 */
export async function acceptOwnerInvitations(app: TestApp, guidelineId: string): Promise<number> {
  // VWS reads every guideline and all of its invitations.
  const vws = await asUser(app, 'vws.viewer@example.org');
  const read = await app.gql(PENDING, { id: guidelineId }, vws);
  if (read.errors || !read.data?.guideline) throw new Error(`cannot read guideline ${guidelineId}`);
  const invitations = read.data.guideline.ownerInvitations as {
    id: string;
    version: number;
    status: string;
    invitedParty: { key: string };
  }[];
  for (const invitation of invitations.filter((i) => i.status === 'PENDING')) {
    const editor = EDITORS[invitation.invitedParty.key];
    if (!editor) throw new Error(`no editor known for ${invitation.invitedParty.key}`);
    const accepted = await app.gql(
      ACCEPT,
      { input: { id: invitation.id, version: invitation.version } },
      await asUser(app, editor),
    );
    if (accepted.errors) throw new Error(JSON.stringify(accepted.errors));
  }
  const after = await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guidelineId }, vws);
  return after.data!.guideline.version as number;
}
