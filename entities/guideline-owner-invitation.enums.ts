import { registerEnumType } from 'type-graphql';

/** Where an invitation to co-own a guideline stands: pending until the invited party answers or an owner withdraws it. */
export enum GuidelineOwnerInvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(GuidelineOwnerInvitationStatus, {
  name: 'GuidelineOwnerInvitationStatus',
  description: 'Where an invitation to co-own a guideline (uitnodiging voor mede-eigenaarschap) stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the invited association’s answer (openstaand).' },
    ACCEPTED: { description: 'Accepted (aanvaard): the invited association became an owner.' },
    DECLINED: { description: 'Declined by the invited association (afgewezen).' },
    WITHDRAWN: { description: 'Withdrawn by an owner of the guideline before an answer (ingetrokken).' },
  },
});

/** Allowed next statuses: only a PENDING invitation moves, once. */
export const OWNER_INVITATION_TRANSITIONS: Readonly<
  Record<GuidelineOwnerInvitationStatus, readonly GuidelineOwnerInvitationStatus[]>
> = {
  [GuidelineOwnerInvitationStatus.PENDING]: [
    GuidelineOwnerInvitationStatus.ACCEPTED,
    GuidelineOwnerInvitationStatus.DECLINED,
    GuidelineOwnerInvitationStatus.WITHDRAWN,
  ],
  [GuidelineOwnerInvitationStatus.ACCEPTED]: [],
  [GuidelineOwnerInvitationStatus.DECLINED]: [],
  [GuidelineOwnerInvitationStatus.WITHDRAWN]: [],
};
