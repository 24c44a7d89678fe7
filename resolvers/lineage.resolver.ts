import { filterReadable } from '../server/shared/readable';
import { Args, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import {
  Deliverable,
  Guideline,
  Intervention,
  KnowledgeQuestion,
  PackageAssessment,
  Recommendation,
  ResearchProject,
  TopicCallSubmission,
} from '../entities';
import { QuestionOriginKind } from '../entities/package-cycle.enums';
import type { Context } from '../server/context';
import { capList, capped, CappedListArgs, cappedRows } from './page-args';

@ObjectType({
  description:
    'Where a knowledge question comes from (herkomst): a recommendation’s knowledge gap (kennishiaat), an assessment, a topic call (uitvraag) or a free proposal.',
})
export class QuestionOrigin {
  @Field(() => QuestionOriginKind, { description: 'Kind of origin (soort herkomst).' })
  kind!: QuestionOriginKind;

  recommendationId!: string | null;
  /** Kept when the recommendation is removed (KnowledgeQuestion.originGuidelineId). */
  guidelineId!: string | null;
  assessmentId!: string | null;

  topicCallSubmissionId!: string | null;
}

/** Visible ones only: recommendations of guidelines and assessments the viewer may read. */
function visibleRecommendations(ctx: Context, rows: Recommendation[]): Promise<Recommendation[]> {
  return filterReadable(rows, (r) => ctx.access.synergy.canReadRecommendation(r));
}

function visibleAssessments(ctx: Context, rows: PackageAssessment[]): Promise<PackageAssessment[]> {
  return filterReadable(rows, (a) => ctx.access.synergy.canReadAssessment(a));
}

async function readableOriginGuideline(ctx: Context, o: QuestionOrigin): Promise<Guideline | null> {
  if (o.kind !== QuestionOriginKind.RECOMMENDATION_GAP || !o.guidelineId) return null;
  const guideline = await ctx.loaders.guidelineById.load(o.guidelineId);
  return guideline && (await ctx.access.synergy.canReadGuideline(guideline)) ? guideline : null;
}

@Resolver(() => QuestionOrigin)
export class QuestionOriginFieldsResolver {
  @FieldResolver(() => Recommendation, {
    nullable: true,
    description: 'For RECOMMENDATION_GAP: the recommendation (aanbeveling); null when not visible to you.',
  })
  async recommendation(@Root() o: QuestionOrigin, @Ctx() ctx: Context) {
    if (!o.recommendationId) return null;
    const r = await ctx.loaders.recommendationById.load(o.recommendationId);
    return r ? ((await visibleRecommendations(ctx, [r]))[0] ?? null) : null;
  }

  @FieldResolver(() => Guideline, {
    nullable: true,
    description:
      'For RECOMMENDATION_GAP: the guideline (richtlijn) of the recommendation, also once it is removed; null when not visible to you.',
  })
  guideline(@Root() o: QuestionOrigin, @Ctx() ctx: Context): Promise<Guideline | null> {
    return readableOriginGuideline(ctx, o);
  }

  @FieldResolver(() => Boolean, {
    description:
      'For RECOMMENDATION_GAP: the recommendation was removed from its guideline; only true when you may read that guideline.',
  })
  async recommendationRemoved(@Root() o: QuestionOrigin, @Ctx() ctx: Context): Promise<boolean> {
    // A hidden draft must read like a missing record, so only a reader of the guideline learns of the removal.
    return o.recommendationId === null && (await readableOriginGuideline(ctx, o)) !== null;
  }

  @FieldResolver(() => PackageAssessment, {
    nullable: true,
    description: 'For ASSESSMENT: the package assessment (pakketbeoordeling); null when not visible to you.',
  })
  async assessment(@Root() o: QuestionOrigin, @Ctx() ctx: Context) {
    if (!o.assessmentId) return null;
    const a = await ctx.loaders.packageAssessmentById.load(o.assessmentId);
    return a ? ((await visibleAssessments(ctx, [a]))[0] ?? null) : null;
  }
}

@Resolver(() => QuestionOrigin)
export class QuestionOriginCallResolver {
  @FieldResolver(() => TopicCallSubmission, {
    nullable: true,
    description:
      'For TOPIC_CALL: the submission (inzending op een uitvraag) that brought it in; null when not visible.',
  })
  async topicCallSubmission(@Root() o: QuestionOrigin, @Ctx() ctx: Context) {
    if (!o.topicCallSubmissionId) return null;
    const submission = await ctx.loaders.topicCallSubmissionById.load(o.topicCallSubmissionId);
    return submission && (await ctx.access.consultation.canReadSubmission(submission)) ? submission : null;
  }
}

@Resolver(() => KnowledgeQuestion)
export class QuestionLineageResolver {
  @FieldResolver(() => QuestionOrigin, { description: 'Where the question comes from (herkomst).' })
  async origin(@Root() q: KnowledgeQuestion, @Ctx() ctx: Context): Promise<QuestionOrigin> {
    const origin = {
      kind: q.originKind,
      recommendationId: q.originRecommendationId,
      guidelineId: q.originGuidelineId,
      assessmentId: q.originAssessmentId,
      topicCallSubmissionId: q.originTopicCallId,
    };
    if (q.originKind !== QuestionOriginKind.TOPIC_CALL) return origin;
    // A submission not yet placed is the submitting party's and the coordinator's business: to anyone
    // else the question is still the free proposal it was before (TOPIC_CALL only ever replaces that).
    // So is one deleted with its call (the id set to null).
    const submission = q.originTopicCallId && (await ctx.loaders.topicCallSubmissionById.load(q.originTopicCallId));
    if (submission && (await ctx.access.consultation.canReadSubmission(submission))) return origin;
    return { ...origin, kind: QuestionOriginKind.FREE_PROPOSAL, topicCallSubmissionId: null };
  }
}

@Resolver(() => Intervention)
export class InterventionLineageResolver {
  @FieldResolver(() => [KnowledgeQuestion], {
    description: `Knowledge questions about this intervention (kennisvragen). ${capped('Intervention.questions')}`,
  })
  questions(@Root() i: Intervention, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.questionPagesByInterventionId, i.id, cap, 'Intervention.questions');
  }

  @FieldResolver(() => [Recommendation], {
    description: `Recommendations about it (aanbevelingen) in guidelines you may read. ${capped('Intervention.recommendations')}`,
  })
  async recommendations(@Root() i: Intervention, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of recommendations the viewer reads comes from the database (GUIDELINE_VISIBLE_SQL).
    const scope = await ctx.access.synergy.scopeParams();
    const pages = (limit: number, offset?: number) =>
      ctx.loaders.recommendationPagesByInterventionId(limit, offset, scope);
    return cappedRows(pages, i.id, cap, 'Intervention.recommendations');
  }

  @FieldResolver(() => [PackageAssessment], {
    description: `Package assessments of it (pakketbeoordelingen) you may read. ${capped('Intervention.assessments')}`,
  })
  async assessments(@Root() i: Intervention, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of assessments the viewer reads comes from the database (ASSESSMENT_VISIBLE_SQL).
    const scope = await ctx.access.synergy.scopeParams();
    const pages = (limit: number, offset?: number) => ctx.loaders.assessmentPagesByInterventionId(limit, offset, scope);
    return cappedRows(pages, i.id, cap, 'Intervention.assessments');
  }

  @FieldResolver(() => [ResearchProject], {
    description: `Research projects (onderzoeken) answering questions about it. ${capped('Intervention.projects')}`,
  })
  async projects(@Root() i: Intervention, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.loaders.projectsByInterventionId.load(i.id), cap, 'Intervention.projects');
  }
}

@Resolver(() => Recommendation)
export class RecommendationLineageResolver {
  @FieldResolver(() => [KnowledgeQuestion], {
    description: `Questions raised by its knowledge gap (kennishiaat). ${capped('Recommendation.questions')}`,
  })
  questions(@Root() r: Recommendation, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.questionPagesByRecommendationId, r.id, cap, 'Recommendation.questions');
  }
}

@Resolver(() => PackageAssessment)
export class AssessmentLineageResolver {
  @FieldResolver(() => [KnowledgeQuestion], {
    description: `Questions this assessment left open (kennislacunes). ${capped('PackageAssessment.questions')}`,
  })
  questions(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.questionPagesByAssessmentId, a.id, cap, 'PackageAssessment.questions');
  }

  @FieldResolver(() => [Deliverable], {
    description: `Deliverables (opleverpunten) that have this assessment as output. ${capped('PackageAssessment.deliverables')}`,
  })
  async deliverables(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.loaders.deliverablesByAssessmentId.load(a.id), cap, 'PackageAssessment.deliverables');
  }
}
