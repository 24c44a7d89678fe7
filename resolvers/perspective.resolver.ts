import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  Guideline,
  KnowledgeQuestion,
  Party,
  Perspective,
  ResearchAgenda,
  ResearchAgendaVersion,
  SynergyLink,
  User,
} from '../entities';
import { Node } from '../entities/base.entity';
import { Capability } from '../entities/capability.enum';
import { ConnectionType } from '../schema/connection';
import {
  AddPerspectiveInput,
  PerspectiveRefInput,
  RespondToPerspectiveInput,
  UpdatePerspectiveInput,
} from '../schema/inputs/perspective.input';
import type { Context } from '../server/context';
import { NestedPageArgs, ownerConnection } from './page-args';

export const PerspectiveConnection = ConnectionType(Perspective, 'perspective');

const LIST =
  'Standing perspectives on it (inbreng buiten een consultatieronde: patiëntperspectief, impact), oldest first, withdrawn ones left out; read by whoever reads this record.';

@Resolver(() => Perspective)
export class PerspectiveResolver {
  @Query(() => Perspective, {
    nullable: true,
    description: 'One perspective; null when none or when you may not read what it is about.',
  })
  perspective(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.perspectives.byId(id);
  }

  @Authorized(Capability.ADD_PATIENT_PERSPECTIVE, Capability.COMMENT_IMPACT)
  @Mutation(() => Perspective, {
    description:
      'Adds a standing perspective for your party, outside any consultation round: PATIENT_PERSPECTIVE on a knowledge question, research agenda, adopted agenda version or synergy link (ADD_PATIENT_PERSPECTIVE), IMPACT on a published guideline (COMMENT_IMPACT).',
  })
  addPerspective(
    @Arg('input', () => AddPerspectiveInput, { description: 'The perspective.' }) input: AddPerspectiveInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.perspectives.add(input);
  }

  @Authorized(Capability.ADD_PATIENT_PERSPECTIVE, Capability.COMMENT_IMPACT)
  @Mutation(() => Perspective, { description: 'Changes your party’s perspective until it is answered.' })
  updatePerspective(
    @Arg('input', () => UpdatePerspectiveInput, { description: 'The perspective, its version and the changes.' })
    input: UpdatePerspectiveInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.perspectives.update(input);
  }

  @Authorized(Capability.ADD_PATIENT_PERSPECTIVE, Capability.COMMENT_IMPACT)
  @Mutation(() => Perspective, { description: 'Withdraws your party’s perspective until it is answered.' })
  withdrawPerspective(
    @Arg('input', () => PerspectiveRefInput, { description: 'The perspective and its version.' })
    input: PerspectiveRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.perspectives.withdraw(input);
  }

  @Authorized()
  @Mutation(() => Perspective, {
    description:
      'Responds (reactie) to a perspective on a record you may edit: the question’s proposer or coordinator, the agenda’s managing party, either side of a link, an owning association of a guideline. Once.',
  })
  respondToPerspective(
    @Arg('input', () => RespondToPerspectiveInput, { description: 'The perspective, its version and the response.' })
    input: RespondToPerspectiveInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.perspectives.respond(input);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description:
      'What it is about: a KnowledgeQuestion, ResearchAgenda, ResearchAgendaVersion, SynergyLink or Guideline; null once it is gone.',
  })
  target(@Root() p: Perspective, @Ctx() ctx: Context) {
    return ctx.services.perspectives.targetOf(p);
  }

  @FieldResolver(() => Party, { description: 'The party it speaks for.' })
  party(@Root() p: Perspective, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(p.partyId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who wrote it; null unless you may see them.' })
  author(@Root() p: Perspective, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(p.authorUserId);
  }

  @FieldResolver(() => Date, { description: 'When it was added.' })
  createdAt(@Root() p: Perspective) {
    return p.createdAt;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who responded; null unless you may see them.' })
  respondedBy(@Root() p: Perspective, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(p.respondedByUserId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party that responded (the target’s owner).' })
  respondedByParty(@Root() p: Perspective, @Ctx() ctx: Context) {
    return p.respondedByPartyId ? ctx.loaders.partyById.get(p.respondedByPartyId) : null;
  }
}

@Resolver(() => KnowledgeQuestion)
export class QuestionPerspectiveResolver {
  @FieldResolver(() => PerspectiveConnection, { description: LIST })
  perspectives(@Root() q: KnowledgeQuestion, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.perspectivePagesByQuestionId, q.id, page, 'KnowledgeQuestion.perspectives');
  }
}

@Resolver(() => ResearchAgenda)
export class AgendaPerspectiveResolver {
  @FieldResolver(() => PerspectiveConnection, {
    description: `${LIST} Those on the agenda as a whole; each adopted version lists its own.`,
  })
  perspectives(@Root() a: ResearchAgenda, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.perspectivePagesByAgendaId, a.id, page, 'ResearchAgenda.perspectives');
  }
}

@Resolver(() => ResearchAgendaVersion)
export class AgendaVersionPerspectiveResolver {
  @FieldResolver(() => PerspectiveConnection, { description: LIST })
  perspectives(@Root() v: ResearchAgendaVersion, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(
      ctx.loaders.perspectivePagesByAgendaVersionId,
      v.id,
      page,
      'ResearchAgendaVersion.perspectives',
    );
  }
}

@Resolver(() => SynergyLink)
export class LinkPerspectiveResolver {
  @FieldResolver(() => PerspectiveConnection, { description: LIST })
  perspectives(@Root() l: SynergyLink, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.perspectivePagesByLinkId, l.id, page, 'SynergyLink.perspectives');
  }
}

@Resolver(() => Guideline)
export class GuidelinePerspectiveResolver {
  @FieldResolver(() => PerspectiveConnection, { description: LIST })
  perspectives(@Root() g: Guideline, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.perspectivePagesByGuidelineId, g.id, page, 'Guideline.perspectives');
  }
}
