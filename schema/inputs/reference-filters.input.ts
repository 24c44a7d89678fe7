import { Field, InputType } from 'type-graphql';
import { PartyKind } from '../../entities/party-kind.enum';
import { CriterionStatus, CriterionType } from '../../entities/package-criterion.enums';
import { ResponsibilityArea } from '../../entities/responsibility-area.enum';

@InputType({ description: 'Narrows the list of documented responsibilities (verantwoordelijkheden).' })
export class ResponsibilityFilter {
  @Field(() => PartyKind, {
    nullable: true,
    description:
      'Duties of this kind of party: those stated for the kind and those of individual parties of that kind.',
  })
  partyKind?: PartyKind | null;

  @Field(() => ResponsibilityArea, { nullable: true, description: 'Only duties in this area.' })
  area?: ResponsibilityArea | null;
}

@InputType({ description: 'Narrows the list of package criteria (pakketcriteria).' })
export class PackageCriterionFilter {
  @Field(() => CriterionStatus, { nullable: true, description: 'Only criteria with this status.' })
  status?: CriterionStatus | null;

  @Field(() => CriterionType, { nullable: true, description: 'Only package criteria or only legal requirements.' })
  type?: CriterionType | null;
}
