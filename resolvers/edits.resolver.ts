import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { KnowledgeQuestion, Milestone, ResearchAgenda, SynergyTrajectory } from '../entities';
import {
  CreateSynergyTrajectoryInput,
  ReopenMilestoneInput,
  UpdateKnowledgeQuestionInput,
  UpdateResearchAgendaInput,
  UpdateSynergyTrajectoryInput,
} from '../schema/inputs/edits.input';
import type { Context } from '../server/context';

/** Edits the first release lacked: an agenda's own fields, a question's text, trajectories, reopening. */
@Resolver()
export class EditsResolver {
  @Authorized()
  @Mutation(() => ResearchAgenda, {
    description:
      'Changes an agenda’s title or period (its coordinator or owning association) or its coordinator (VWS, operators).',
  })
  updateResearchAgenda(
    @Arg('input', () => UpdateResearchAgendaInput, { description: 'The changes.' }) input: UpdateResearchAgendaInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.agendaEdits.update(input);
  }

  @Authorized()
  @Mutation(() => KnowledgeQuestion, {
    description:
      'Changes the text of a question that is still PROPOSED (the proposing party); the duplicate search follows.',
  })
  updateKnowledgeQuestion(
    @Arg('input', () => UpdateKnowledgeQuestionInput, { description: 'The new text.' })
    input: UpdateKnowledgeQuestionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.questionEdits.update(input);
  }

  @Authorized()
  @Mutation(() => SynergyTrajectory, {
    description: 'Creates a synergy trajectory (Zorginstituut, or an association taking part).',
  })
  createSynergyTrajectory(
    @Arg('input', () => CreateSynergyTrajectoryInput, { description: 'The trajectory.' })
    input: CreateSynergyTrajectoryInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.trajectoryEdits.create(input);
  }

  @Authorized()
  @Mutation(() => SynergyTrajectory, {
    description:
      'Changes a synergy trajectory: phase, parties, deliverables; a new phase reports progress on the deliverables that wait for it.',
  })
  updateSynergyTrajectory(
    @Arg('input', () => UpdateSynergyTrajectoryInput, { description: 'The changes.' })
    input: UpdateSynergyTrajectoryInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.trajectoryEdits.update(input);
  }

  @Authorized()
  @Mutation(() => Milestone, {
    description: 'Reopens a reached milestone (owners, contributors or VWS), saying why.',
  })
  reopenMilestone(
    @Arg('input', () => ReopenMilestoneInput, { description: 'The milestone, its version and the reason.' })
    input: ReopenMilestoneInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableProgress.reopenMilestone(input);
  }
}
