import { filterReadable } from '../server/shared/readable';
import { fuzzyDateOrNull } from '../server/shared/fuzzy-dates';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import {
  AssessmentCondition,
  AssessmentEvaluation,
  AssessmentStageChange,
  PackageAssessment,
  Party,
  ResearchProject,
} from '../entities';
import { FuzzyDate } from '../entities/fuzzy-date';
import {
  AddAssessmentConditionInput,
  AddAssessmentEvaluationInput,
  MoveAssessmentStageInput,
  ReassessPackageAssessmentInput,
  SetConditionalAdmissionInput,
  UpdateAssessmentConditionInput,
} from '../schema/inputs/package-cycle.input';
import type { Context } from '../server/context';
import { asOfOrToday } from '../server/services/deliverables/deliverable-query';
import { capped, CappedListArgs, cappedRows } from './page-args';

@ObjectType({
  description:
    'A conditional admission (voorwaardelijke toelating, vergoeding in onderzoek): covered from start to end while research delivers.',
})
export class ConditionalAdmission {
  @Field(() => LocalDateResolver, { nullable: true, description: 'First day covered (start).' })
  start!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day covered (einde).' })
  end!: string | null;

  projectId!: string | null;
}

@Resolver(() => ConditionalAdmission)
export class ConditionalAdmissionResolver {
  @FieldResolver(() => ResearchProject, {
    nullable: true,
    description: 'The research project (onderzoek) that must deliver the evidence.',
  })
  researchProject(@Root() a: ConditionalAdmission, @Ctx() ctx: Context) {
    return a.projectId ? ctx.loaders.researchProjectById.get(a.projectId) : null;
  }
}

/** The package cycle's fields on an assessment; the assessment itself is already visible to the reader. */
@Resolver(() => PackageAssessment)
export class PackageCycleResolver {
  @FieldResolver(() => [AssessmentStageChange], {
    description: `Its stage changes (fasegeschiedenis), oldest first. ${capped('PackageAssessment.stageHistory')}`,
  })
  stageHistory(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.stageChangePagesByAssessmentId, a.id, cap, 'PackageAssessment.stageHistory');
  }

  @FieldResolver(() => [AssessmentCondition], {
    description: `Its conditions (voorwaarden), by due date. ${capped('PackageAssessment.conditionRecords')}`,
  })
  conditionRecords(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.conditionPagesByAssessmentId, a.id, cap, 'PackageAssessment.conditionRecords');
  }

  @FieldResolver(() => [AssessmentEvaluation], {
    description: `Its evaluations (evaluaties), oldest first. ${capped('PackageAssessment.evaluations')}`,
  })
  evaluations(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.evaluationPagesByAssessmentId, a.id, cap, 'PackageAssessment.evaluations');
  }

  @FieldResolver(() => ConditionalAdmission, {
    nullable: true,
    description: 'The conditional admission (vergoeding in onderzoek), when one is set; null otherwise.',
  })
  conditionalAdmission(@Root() a: PackageAssessment): ConditionalAdmission | null {
    if (!a.admissionStart && !a.admissionEnd) return null;
    return { start: a.admissionStart, end: a.admissionEnd, projectId: a.admissionProjectId };
  }

  @FieldResolver(() => PackageAssessment, {
    nullable: true,
    description: 'The earlier assessment this one re-assesses (herbeoordeling van); null when none or not visible.',
  })
  async reassessmentOf(@Root() a: PackageAssessment, @Ctx() ctx: Context) {
    if (!a.reassessmentOfId) return null;
    const earlier = await ctx.loaders.packageAssessmentById.load(a.reassessmentOfId);
    return earlier && (await ctx.access.synergy.canReadAssessment(earlier)) ? earlier : null;
  }

  @FieldResolver(() => [PackageAssessment], {
    description: `Later assessments that re-assess this one (herbeoordelingen), visible ones only. ${capped('PackageAssessment.reassessments')}`,
  })
  async reassessments(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rows = await cappedRows(
      ctx.loaders.reassessmentPagesByAssessmentId,
      a.id,
      cap,
      'PackageAssessment.reassessments',
    );
    return filterReadable(rows, (r) => ctx.access.synergy.canReadAssessment(r));
  }

  @Authorized()
  @Mutation(() => PackageAssessment, {
    description: 'Moves an assessment to the next stage of the package cycle (the assessor); history is kept.',
  })
  moveAssessmentStage(
    @Arg('input', () => MoveAssessmentStageInput, { description: 'The assessment, its version and the stage.' })
    input: MoveAssessmentStageInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.moveStage(input);
  }

  @Authorized()
  @Mutation(() => AssessmentCondition, {
    description: 'Adds a condition (voorwaarde) to an assessment (the assessor).',
  })
  addAssessmentCondition(
    @Arg('input', () => AddAssessmentConditionInput, { description: 'The condition.' })
    input: AddAssessmentConditionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.addCondition(input);
  }

  @Authorized()
  @Mutation(() => AssessmentCondition, {
    description:
      'Changes a condition: state (only allowed transitions), evidence, text or due date (the assessor); the owning party adds evidence while the condition is OPEN.',
  })
  updateAssessmentCondition(
    @Arg('input', () => UpdateAssessmentConditionInput, { description: 'The changes.' })
    input: UpdateAssessmentConditionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.updateCondition(input);
  }

  @Authorized()
  @Mutation(() => PackageAssessment, {
    description: 'Sets start, end and research project of a conditional admission (the assessor).',
  })
  setConditionalAdmission(
    @Arg('input', () => SetConditionalAdmissionInput, { description: 'The admission.' })
    input: SetConditionalAdmissionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.setConditionalAdmission(input);
  }

  @Authorized()
  @Mutation(() => PackageAssessment, {
    description: 'Starts a re-assessment (herbeoordeling): a new draft assessment naming this one (the assessor).',
  })
  reassessPackageAssessment(
    @Arg('input', () => ReassessPackageAssessmentInput, { description: 'The assessment and a title.' })
    input: ReassessPackageAssessmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.reassess(input);
  }

  @Authorized()
  @Mutation(() => AssessmentEvaluation, { description: 'Records an evaluation with findings (the assessor).' })
  addAssessmentEvaluation(
    @Arg('input', () => AddAssessmentEvaluationInput, { description: 'The evaluation.' })
    input: AddAssessmentEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageCycle.addEvaluation(input);
  }
}

@Resolver(() => AssessmentCondition)
export class AssessmentConditionResolver {
  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'Due date (uiterste datum), possibly fuzzy.' })
  due(@Root() c: AssessmentCondition): FuzzyDate | null {
    return fuzzyDateOrNull(c.due);
  }

  @FieldResolver(() => Boolean, {
    description: 'OPEN and its latest due day lies before `asOf` (achterstallig).',
  })
  overdue(
    @Root() c: AssessmentCondition,
    @Arg('asOf', () => LocalDateResolver, { nullable: true, description: 'The day to judge on; default today.' })
    asOf: string | null,
  ): boolean {
    return c.state === 'OPEN' && c.due?.latest != null && c.due.latest < asOfOrToday(asOf);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party that must meet it (eigenaar).' })
  ownerParty(@Root() c: AssessmentCondition, @Ctx() ctx: Context) {
    return c.ownerPartyId ? ctx.loaders.partyById.get(c.ownerPartyId) : null;
  }

  @FieldResolver(() => PackageAssessment, { description: 'The assessment it belongs to (pakketbeoordeling).' })
  assessment(@Root() c: AssessmentCondition, @Ctx() ctx: Context) {
    return ctx.loaders.packageAssessmentById.get(c.assessmentId);
  }
}

@Resolver(() => AssessmentEvaluation)
export class AssessmentEvaluationResolver {
  @FieldResolver(() => Party, { nullable: true, description: 'Who evaluated (evaluerende partij).' })
  evaluatorParty(@Root() e: AssessmentEvaluation, @Ctx() ctx: Context) {
    return e.evaluatorPartyId ? ctx.loaders.partyById.get(e.evaluatorPartyId) : null;
  }
}

@Resolver(() => AssessmentStageChange)
export class AssessmentStageChangeResolver {
  @FieldResolver(() => Party, { nullable: true, description: 'The party it was changed for.' })
  party(@Root() c: AssessmentStageChange, @Ctx() ctx: Context) {
    return c.partyId ? ctx.loaders.partyById.get(c.partyId) : null;
  }
}
