import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../schema/global-id';

/** What waits for a party (soort taak). Consultation rounds and contributions (issue 21) join here. */
export enum InboxItemKind {
  LINK_AWAITING_CONFIRMATION = 'LINK_AWAITING_CONFIRMATION',
  LINK_NEEDS_REVIEW = 'LINK_NEEDS_REVIEW',
  DELIVERABLE_OVERDUE = 'DELIVERABLE_OVERDUE',
  MILESTONE_OVERDUE = 'MILESTONE_OVERDUE',
}

registerEnumType(InboxItemKind, {
  name: 'InboxItemKind',
  description: 'What kind of thing waits for the party (wat wacht op ons).',
  valuesConfig: {
    LINK_AWAITING_CONFIRMATION: { description: 'A synergy link awaiting our side’s confirmation (bevestiging).' },
    LINK_NEEDS_REVIEW: { description: 'A synergy link of ours on NEEDS_REVIEW (herbeoordeling nodig).' },
    DELIVERABLE_OVERDUE: { description: 'A deliverable (opleverpunt) we own whose due date has passed.' },
    MILESTONE_OVERDUE: { description: 'An open milestone (mijlpaal) of a deliverable we own, past its due date.' },
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

  @Field({ description: 'A title to show: the deliverable’s, or the guideline’s and assessment’s.' })
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
