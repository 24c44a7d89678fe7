import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../schema/global-id';

/** What waits for a party (soort taak). */
export enum InboxItemKind {
  LINK_AWAITING_CONFIRMATION = 'LINK_AWAITING_CONFIRMATION',
  LINK_NEEDS_REVIEW = 'LINK_NEEDS_REVIEW',
  LINK_DISPUTED = 'LINK_DISPUTED',
  DELIVERABLE_OVERDUE = 'DELIVERABLE_OVERDUE',
  MILESTONE_OVERDUE = 'MILESTONE_OVERDUE',
  CONSULTATION_ROUND_OPEN = 'CONSULTATION_ROUND_OPEN',
  CONTRIBUTION_AWAITING_RESPONSE = 'CONTRIBUTION_AWAITING_RESPONSE',
  PACKAGE_SIGNAL_AWAITING_ANSWER = 'PACKAGE_SIGNAL_AWAITING_ANSWER',
  PERSPECTIVE_AWAITING_RESPONSE = 'PERSPECTIVE_AWAITING_RESPONSE',
  GUIDELINE_OWNERSHIP_INVITATION = 'GUIDELINE_OWNERSHIP_INVITATION',
  PACKAGE_SIGNAL_CO_SIGNING_INVITATION = 'PACKAGE_SIGNAL_CO_SIGNING_INVITATION',
}

registerEnumType(InboxItemKind, {
  name: 'InboxItemKind',
  description: 'What kind of thing waits for the party (wat wacht op ons).',
  valuesConfig: {
    LINK_AWAITING_CONFIRMATION: { description: 'A synergy link awaiting our side’s confirmation (bevestiging).' },
    LINK_NEEDS_REVIEW: { description: 'A synergy link of ours on NEEDS_REVIEW (herbeoordeling nodig).' },
    LINK_DISPUTED: {
      description: 'A disputed synergy link (betwist) on an assessment of ours: the assessor resolves the dispute.',
    },
    DELIVERABLE_OVERDUE: { description: 'A deliverable (opleverpunt) we own whose due date has passed.' },
    MILESTONE_OVERDUE: { description: 'An open milestone (mijlpaal) of a deliverable we own, past its due date.' },
    CONSULTATION_ROUND_OPEN: {
      description:
        'An OPEN consultation round (consultatieronde) that invites us and has no contribution (inbreng) of ours yet.',
    },
    CONTRIBUTION_AWAITING_RESPONSE: {
      description:
        'A contribution (inbreng) to a round on our draft that awaits our response (reactie): the round is CLOSED and not concluded.',
    },
    PACKAGE_SIGNAL_AWAITING_ANSWER: {
      description:
        'An OPEN package signal (pakketsignaal) that waits for our answer: we take it up into an assessment or decline it (Zorginstituut).',
    },
    PERSPECTIVE_AWAITING_RESPONSE: {
      description:
        'A standing perspective (patiëntperspectief, impact) on a record of ours that awaits our response (reactie).',
    },
    GUIDELINE_OWNERSHIP_INVITATION: {
      description:
        'An invitation to co-own a guideline that awaits our answer: we accept (and take on an owner’s duties) or decline.',
    },
    PACKAGE_SIGNAL_CO_SIGNING_INVITATION: {
      description:
        'An OPEN package signal (pakketsignaal) another party asks us to co-sign: we accept (and co-sign it) or decline.',
    },
  },
});

@ObjectType({ description: 'One thing that waits for one of the signed-in person’s parties (inbox-item).' })
export class InboxItem {
  @Field({ description: 'Stable key of the item; pass it to markInboxItemsRead.' })
  key!: string;

  @Field(() => InboxItemKind, { description: 'What kind of thing waits.' })
  kind!: InboxItemKind;

  subject_type!: string;
  subject_id!: string;
  party_id!: string;

  @Field(() => ID, { description: 'Global id of the record that waits (onderwerp); pass it to node(id:).' })
  get subjectId(): string {
    return toGlobalId(this.subject_type, this.subject_id);
  }

  @Field({
    description:
      'A title to show: the deliverable’s, the guideline’s and assessment’s, or the consulted draft’s (with the contributing party for a contribution).',
  })
  title!: string;

  @Field({ description: 'Since when it waits (sinds).' })
  since!: Date;

  @Field({ description: 'Whether the signed-in person marked it read (gelezen).' })
  read!: boolean;
}

@ObjectType({ description: 'How many items of one kind wait, and how many of those are unread.' })
export class InboxKindCount {
  @Field(() => InboxItemKind, { description: 'The kind.' })
  kind!: InboxItemKind;

  @Field(() => Int, { description: 'Items of this kind (matching the filter).' })
  total!: number;

  @Field(() => Int, { description: 'Of which unread (ongelezen).' })
  unread!: number;
}
