import { IsOptional, MaxLength } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Info,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  AgendaItem,
  Intervention,
  KnowledgeQuestion,
  PackageCriterion,
  Party,
  PrioritisationCriterion,
  QuestionScore,
  ResearchAgenda,
  ResearchAgendaVersion,
  ResearchProject,
  Sector,
} from '../entities';
import { Capability } from '../entities/capability.enum';
import { FuzzyDate } from '../entities/fuzzy-date';
import { AgendaStatus, KnowledgeQuestionOrderField, ProjectStatus, SimilarityReason } from '../entities/research.enums';
import { ConnectionType } from '../schema/connection';
import {
  AddQuestionToAgendaInput,
  AgendaRefInput,
  CreateResearchAgendaInput,
  CreateResearchProjectInput,
  KnowledgeQuestionFilter,
  MergeKnowledgeQuestionsInput,
  ProjectQuestionLinkInput,
  ProposeKnowledgeQuestionInput,
  RemoveQuestionFromAgendaInput,
  ReorderAgendaItemsInput,
  ResearchAgendaFilter,
  ScoreKnowledgeQuestionInput,
  SimilarQuestionsInput,
  TransitionKnowledgeQuestionInput,
  UpdateResearchProjectInput,
} from '../schema/inputs/research.input';
import { CappedListArgs, PageArgsType, capList, capped, cappedLimit, cappedRows, pageOf } from './page-args';
import { fuzzyDateOrNull } from '../server/shared/fuzzy-dates';
import type { Context } from '../server/context';
import { selectedFields } from './selection';
import { whenLoaded } from '../server/shared/promises';

export const ResearchAgendaConnection = ConnectionType(ResearchAgenda, 'research agenda');
export const KnowledgeQuestionConnection = ConnectionType(KnowledgeQuestion, 'knowledge question');
export const ResearchProjectConnection = ConnectionType(ResearchProject, 'research project');

@ObjectType({ description: 'A possible duplicate (mogelijke dubbeling) of a question, with why and how alike.' })
export class SimilarQuestion {
  @Field(() => KnowledgeQuestion, { description: 'The candidate question, from any sector.' })
  question!: KnowledgeQuestion;

  @Field(() => Float, { description: 'Overall similarity from 0 to 1; the list is sorted by it.' })
  score!: number;

  @Field(() => Float, { description: 'Similarity of the wording alone, 0 to 1.' })
  textScore!: number;

  @Field(() => [SimilarityReason], { description: 'Why it is offered: similar text, the same intervention, or both.' })
  reasons!: SimilarityReason[];
}

@ObjectType({ description: 'Where a question sits (plaatsing): an agenda, the version and the rank there.' })
export class AgendaPlacement {
  @Field(() => ResearchAgenda, { description: 'The agenda.' })
  agenda!: ResearchAgenda;

  @Field(() => ResearchAgendaVersion, {
    description: 'The newest version of that agenda you may read that holds the question.',
  })
  agendaVersion!: ResearchAgendaVersion;

  @Field(() => Int, { description: 'Rank in that version (1 is the highest).' })
  rank!: number;
}

@InputType({ description: 'Narrows a list of research projects.' })
export class ResearchProjectFilter {
  @Field(() => String, { nullable: true, description: 'Only projects of this programme, e.g. `kppz`.' })
  @IsOptional()
  @MaxLength(100)
  programmeKey?: string | null;

  @Field(() => ProjectStatus, { nullable: true, description: 'Only projects in this status.' })
  status?: ProjectStatus | null;
}

@Resolver(() => ResearchAgenda)
export class ResearchAgendaResolver {
  @Query(() => ResearchAgendaConnection, {
    description: 'Research agendas (kennisagenda’s), by title, one page at a time.',
  })
  researchAgendas(
    @Args() page: PageArgsType,
    @Arg('filter', () => ResearchAgendaFilter, { nullable: true, description: 'Only agendas matching all conditions.' })
    filter: ResearchAgendaFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.list(filter, pageOf(page, info));
  }

  @Query(() => ResearchAgenda, { nullable: true, description: 'One research agenda by id; null when there is none.' })
  researchAgenda(@Arg('id', () => ID, { description: 'Global id of the agenda.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.researchAgendas.byId(id);
  }

  @FieldResolver(() => Sector, {
    nullable: true,
    description: 'The sector; null for cross-sector and package agendas.',
  })
  sector(@Root() agenda: ResearchAgenda, @Ctx() ctx: Context) {
    return agenda.sectorId ? ctx.loaders.sectorById.get(agenda.sectorId) : null;
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The owning party (eigenaar); null when the documents name none.',
  })
  ownerParty(@Root() agenda: ResearchAgenda, @Ctx() ctx: Context) {
    return agenda.ownerPartyId ? ctx.loaders.partyById.get(agenda.ownerPartyId) : null;
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The coordinating party (coördinator): Zorginstituut, or ZE&GG for msz; null when not stated.',
  })
  coordinatorParty(@Root() agenda: ResearchAgenda, @Ctx() ctx: Context) {
    return agenda.coordinatorPartyId ? ctx.loaders.partyById.get(agenda.coordinatorPartyId) : null;
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'The period it covers (looptijd), e.g. 2026-2028.' })
  period(@Root() agenda: ResearchAgenda) {
    return fuzzyDateOrNull(agenda.period);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'When it is due (opleverdatum), per the documents.' })
  due(@Root() agenda: ResearchAgenda) {
    return fuzzyDateOrNull(agenda.due);
  }

  @FieldResolver(() => [ResearchAgendaVersion], {
    description: `Versions you may read, newest first: adopted and archived ones for everyone, drafts for the owner and coordinator. ${capped('ResearchAgenda.versions')}`,
  })
  async versions(@Root() agenda: ResearchAgenda, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of versions the viewer reads comes from the database (AGENDA_VERSION_VISIBLE_SQL).
    const scope = await ctx.access.research.versionScopeParams(agenda);
    const pages = (limit: number, offset?: number) => ctx.loaders.versionPagesByAgendaId(limit, offset, scope);
    return cappedRows(pages, agenda.id, cap, 'ResearchAgenda.versions');
  }

  @FieldResolver(() => ResearchAgendaVersion, {
    nullable: true,
    description: 'The adopted version (vastgestelde versie) in force; null when none is adopted.',
  })
  adoptedVersion(@Root() agenda: ResearchAgenda, @Ctx() ctx: Context) {
    return ctx.services.researchAgendas.adoptedVersion(agenda);
  }

  @FieldResolver(() => ResearchAgendaVersion, {
    nullable: true,
    description: 'The newest version you may read (the working draft for its owner and coordinator).',
  })
  async latestVersion(@Root() agenda: ResearchAgenda, @Ctx() ctx: Context) {
    return (await ctx.services.researchAgendas.versions(agenda))[0] ?? null;
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgenda, {
    description:
      'Starts a research agenda with an empty draft (coordinators; associations for their own knowledge agenda).',
  })
  createResearchAgenda(
    @Arg('input', () => CreateResearchAgendaInput, { description: 'The agenda.' }) input: CreateResearchAgendaInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.create(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, {
    description:
      'Puts a question on an agenda. On an adopted agenda this starts a new draft version with the same items.',
  })
  addQuestionToAgenda(
    @Arg('input', () => AddQuestionToAgendaInput, { description: 'Agenda, its version, the question and rank.' })
    input: AddQuestionToAgendaInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.addQuestion(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, {
    description: 'Takes a question off an agenda (off a new draft when the agenda is adopted).',
  })
  removeQuestionFromAgenda(
    @Arg('input', () => RemoveQuestionFromAgendaInput, { description: 'Agenda, its version and the question.' })
    input: RemoveQuestionFromAgendaInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.removeQuestion(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, { description: 'Sets the order (rangorde) of an agenda’s questions.' })
  reorderAgendaItems(
    @Arg('input', () => ReorderAgendaItemsInput, { description: 'Agenda, its version and the questions in order.' })
    input: ReorderAgendaItemsInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.reorder(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, {
    description: 'Submits the draft version for consultation (in consultatie brengen); coordinator only.',
  })
  submitResearchAgendaForConsultation(
    @Arg('input', () => AgendaRefInput, { description: 'The agenda and its version.' }) input: AgendaRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.transition(input, AgendaStatus.CONSULTATION);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, {
    description:
      'Adopts the version in consultation (vaststellen); the previously adopted version is archived. Coordinator only.',
  })
  adoptResearchAgenda(
    @Arg('input', () => AgendaRefInput, { description: 'The agenda and its version.' }) input: AgendaRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.transition(input, AgendaStatus.ADOPTED);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => ResearchAgendaVersion, {
    description: 'Archives the adopted version without a successor (archiveren); coordinator only.',
  })
  archiveResearchAgenda(
    @Arg('input', () => AgendaRefInput, { description: 'The agenda and its version.' }) input: AgendaRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchAgendas.transition(input, AgendaStatus.ARCHIVED);
  }
}

@Resolver(() => ResearchAgendaVersion)
export class ResearchAgendaVersionResolver {
  @FieldResolver(() => ResearchAgenda, { description: 'The agenda this is a version of.' })
  agenda(@Root() version: ResearchAgendaVersion, @Ctx() ctx: Context) {
    return ctx.loaders.researchAgendaById.get(version.agendaId);
  }

  @FieldResolver(() => [AgendaItem], {
    description: `The questions on this version, by rank (agendapunten). ${capped('ResearchAgendaVersion.items')}`,
  })
  async items(
    @Root() version: ResearchAgendaVersion,
    @Args() cap: CappedListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // An agenda page shows each question with some of its relations: load them with the items.
    // Either way only the first `first` items of each version are read from the database.
    if (!selectedFields(info).has('question'))
      return cappedRows(ctx.loaders.itemPagesByVersionId, version.id, cap, 'ResearchAgendaVersion.items');
    const shown = selectedFields(info, ['question']);
    const parts = {
      proposedByParty: shown.has('proposedByParty'),
      sectors: shown.has('sectors'),
      criteria: shown.has('criteria'),
      projects: shown.has('projects'),
    };
    const limit = cappedLimit(cap, 'ResearchAgendaVersion.items');
    return ctx.loaders.itemsWithQuestionsByVersionId(parts, limit).load(version.id);
  }
}

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  @FieldResolver(() => KnowledgeQuestion, { description: 'The knowledge question.' })
  question(@Root() item: AgendaItem, @Ctx() ctx: Context) {
    return ctx.loaders.knowledgeQuestionById.get(item.questionId);
  }

  @FieldResolver(() => ResearchAgendaVersion, { description: 'The agenda version it is on.' })
  agendaVersion(@Root() item: AgendaItem, @Ctx() ctx: Context) {
    return ctx.loaders.agendaVersionById.get(item.versionId);
  }
}

@Resolver(() => KnowledgeQuestion)
export class KnowledgeQuestionResolver {
  @Query(() => KnowledgeQuestionConnection, {
    description:
      'Knowledge questions (kennisvragen) from every sector, one page at a time; highest priority first unless ordered otherwise.',
  })
  knowledgeQuestions(
    @Args() page: PageArgsType,
    @Arg('filter', () => KnowledgeQuestionFilter, {
      nullable: true,
      description: 'Only questions matching all given conditions.',
    })
    filter: KnowledgeQuestionFilter | null,
    @Arg('orderBy', () => KnowledgeQuestionOrderField, {
      nullable: true,
      description: 'Sort order (default PRIORITY).',
    })
    orderBy: KnowledgeQuestionOrderField | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.list(filter, orderBy, pageOf(page, info));
  }

  @Query(() => KnowledgeQuestion, {
    nullable: true,
    description: 'One knowledge question by id; null when there is none.',
  })
  knowledgeQuestion(
    @Arg('id', () => ID, { description: 'Global id of the question.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.byId(id);
  }

  @Query(() => [SimilarQuestion], {
    description:
      'Possible duplicates (mogelijke dubbelingen) across all sectors of a question or of text being typed, best first.',
  })
  similarQuestions(
    @Arg('input', () => SimilarQuestionsInput, { description: 'The question or the text, and how many.' })
    input: SimilarQuestionsInput,
    @Ctx() ctx: Context,
  ) {
    // Text being typed is not asked again (the next keystroke asks something else): not worth keeping.
    if (input.text) ctx.responseCache.keep = false;
    return ctx.services.duplicateSearch.similar(input);
  }

  @Query(() => [PrioritisationCriterion], {
    description: 'The prioritisation criteria (prioriteringscriteria), in order.',
  })
  prioritisationCriteria(@Ctx() ctx: Context) {
    return ctx.services.knowledgeQuestions.criteria();
  }

  @FieldResolver(() => Intervention, {
    nullable: true,
    description: 'The intervention (zorgvorm) it is about, when linked.',
  })
  intervention(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return question.interventionId ? ctx.loaders.interventionById.get(question.interventionId) : null;
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The party that proposed it (indiener); null when not stated.',
  })
  proposedByParty(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return question.proposedByPartyId ? ctx.loaders.partyById.get(question.proposedByPartyId) : null;
  }

  @FieldResolver(() => [Sector], { description: 'Sectors it concerns.' })
  sectors(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return ctx.loaders.sectorsByQuestionId.get(question.id);
  }

  @FieldResolver(() => [PackageCriterion], { description: 'Package criteria (pakketcriteria) it addresses.' })
  criteria(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return ctx.loaders.criteriaByQuestionId.get(question.id);
  }

  @FieldResolver(() => [QuestionScore], { description: 'Its priority scores, per prioritisation criterion.' })
  scores(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return ctx.loaders.scoresByQuestionId.get(question.id);
  }

  @FieldResolver(() => [ResearchProject], {
    description: `Research projects that answer it. ${capped('KnowledgeQuestion.projects')}`,
  })
  projects(@Root() question: KnowledgeQuestion, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return whenLoaded(ctx.loaders.projectsByQuestionId.get(question.id), (projects) =>
      capList(projects, cap, 'KnowledgeQuestion.projects'),
    );
  }

  @FieldResolver(() => KnowledgeQuestion, {
    nullable: true,
    description: 'When MERGED: the question it was merged into (the survivor).',
  })
  mergedInto(@Root() question: KnowledgeQuestion, @Ctx() ctx: Context) {
    return question.mergedIntoId ? ctx.loaders.knowledgeQuestionById.get(question.mergedIntoId) : null;
  }

  @FieldResolver(() => [AgendaPlacement], {
    description: `The agendas it is on, each with the newest version you may read that holds it. ${capped('KnowledgeQuestion.agendas')}`,
  })
  async agendas(
    @Root() question: KnowledgeQuestion,
    @Args() cap: CappedListArgs,
    @Ctx() ctx: Context,
  ): Promise<AgendaPlacement[]> {
    const placements = await ctx.loaders.placementsByQuestionId.load(question.id);
    // All agendas and versions in one batch each; newest readable version per agenda wins.
    const loaded = await Promise.all(
      placements.map(async (p) => {
        const [agenda, version] = await Promise.all([
          ctx.loaders.researchAgendaById.load(p.agendaId),
          ctx.loaders.agendaVersionById.load(p.versionId),
        ]);
        const readable = agenda && version && (await ctx.access.research.canReadAgendaVersion(version));
        return readable ? { agenda, agendaVersion: version, rank: p.rank } : null;
      }),
    );
    const result: AgendaPlacement[] = [];
    const seen = new Set<string>();
    for (const placement of loaded) {
      if (!placement || seen.has(placement.agenda.id)) continue;
      seen.add(placement.agenda.id);
      result.push(placement);
    }
    return capList(await result, cap, 'KnowledgeQuestion.agendas');
  }

  @Authorized(Capability.PROPOSE_QUESTIONS)
  @Mutation(() => KnowledgeQuestion, {
    description: 'Proposes a knowledge question (kennisvraag indienen) for your party; call similarQuestions first.',
  })
  proposeKnowledgeQuestion(
    @Arg('input', () => ProposeKnowledgeQuestionInput, { description: 'The question.' })
    input: ProposeKnowledgeQuestionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.propose(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => KnowledgeQuestion, {
    description:
      'Scores a question on prioritisation criteria (its coordinator: the agenda’s, or the association on its own adopted knowledge agenda).',
  })
  scoreKnowledgeQuestion(
    @Arg('input', () => ScoreKnowledgeQuestionInput, { description: 'The question, its version and the scores.' })
    input: ScoreKnowledgeQuestionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.score(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => KnowledgeQuestion, {
    description:
      'Moves a question to its next status (its coordinator only). A move the life cycle does not allow returns BAD_USER_INPUT with `extensions.allowed`.',
  })
  transitionKnowledgeQuestion(
    @Arg('input', () => TransitionKnowledgeQuestionInput, { description: 'The question, its version and the status.' })
    input: TransitionKnowledgeQuestionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.transition(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => KnowledgeQuestion, {
    description:
      'Merges a duplicate into another question (the coordinator of both); returns the merged (duplicate) question.',
  })
  mergeKnowledgeQuestions(
    @Arg('input', () => MergeKnowledgeQuestionsInput, { description: 'The duplicate, its version and the survivor.' })
    input: MergeKnowledgeQuestionsInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.knowledgeQuestions.merge(input);
  }
}

@Resolver(() => QuestionScore)
export class QuestionScoreResolver {
  @FieldResolver(() => PrioritisationCriterion, { description: 'The criterion scored.' })
  criterion(@Root() score: QuestionScore, @Ctx() ctx: Context) {
    return ctx.loaders.prioritisationCriterionById.get(score.criterionId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The coordinating party that gave the score.' })
  scoredByParty(@Root() score: QuestionScore, @Ctx() ctx: Context) {
    return score.scoredByPartyId ? ctx.loaders.partyById.get(score.scoredByPartyId) : null;
  }
}

@Resolver(() => ResearchProject)
export class ResearchProjectResolver {
  @Query(() => ResearchProjectConnection, { description: 'Research projects (onderzoeksprojecten), by title.' })
  researchProjects(
    @Args() page: PageArgsType,
    @Arg('filter', () => ResearchProjectFilter, {
      nullable: true,
      description: 'Only projects matching all conditions.',
    })
    filter: ResearchProjectFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchProjects.list(filter, pageOf(page, info));
  }

  @FieldResolver(() => Party, { description: 'The funder (financier), e.g. ZonMw.' })
  funderParty(@Root() project: ResearchProject, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(project.funderPartyId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party carrying it out (uitvoerder).' })
  executingParty(@Root() project: ResearchProject, @Ctx() ctx: Context) {
    return project.executingPartyId ? ctx.loaders.partyById.get(project.executingPartyId) : null;
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'Start (startdatum).' })
  start(@Root() project: ResearchProject) {
    return fuzzyDateOrNull(project.start);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'End (einddatum), planned or actual.' })
  end(@Root() project: ResearchProject) {
    return fuzzyDateOrNull(project.end);
  }

  @FieldResolver(() => [KnowledgeQuestion], {
    description: `The knowledge questions it answers. ${capped('ResearchProject.questions')}`,
  })
  async questions(@Root() project: ResearchProject, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.questionPagesByProjectId, project.id, cap, 'ResearchProject.questions');
  }

  @Authorized(Capability.MANAGE_RESEARCH_PROJECTS)
  @Mutation(() => ResearchProject, { description: 'Registers a research project (funders such as ZonMw).' })
  createResearchProject(
    @Arg('input', () => CreateResearchProjectInput, { description: 'The project.' }) input: CreateResearchProjectInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchProjects.create(input);
  }

  @Authorized(Capability.MANAGE_RESEARCH_PROJECTS, Capability.POST_STATUS_UPDATES)
  @Mutation(() => ResearchProject, {
    description:
      'Changes a research project (the funder; the party carrying it out reports `status` and `resultSummary` only); COMPLETED flags its open questions “possibly answered”.',
  })
  updateResearchProject(
    @Arg('input', () => UpdateResearchProjectInput, { description: 'The project, its version and the changes.' })
    input: UpdateResearchProjectInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchProjects.update(input);
  }

  @Authorized(Capability.MANAGE_RESEARCH_PROJECTS)
  @Mutation(() => ResearchProject, { description: 'Links a project to a question it answers.' })
  linkResearchProjectToQuestion(
    @Arg('input', () => ProjectQuestionLinkInput, { description: 'Project, its version and the question.' })
    input: ProjectQuestionLinkInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchProjects.linkQuestion(input, true);
  }

  @Authorized(Capability.MANAGE_RESEARCH_PROJECTS)
  @Mutation(() => ResearchProject, { description: 'Removes the link between a project and a question.' })
  unlinkResearchProjectFromQuestion(
    @Arg('input', () => ProjectQuestionLinkInput, { description: 'Project, its version and the question.' })
    input: ProjectQuestionLinkInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.researchProjects.linkQuestion(input, false);
  }
}

/** The research agendas of a sector, for portals that start from the sector. */
@Resolver(() => Sector)
export class SectorResearchResolver {
  @FieldResolver(() => [ResearchAgenda], {
    description: `Research agendas (kennisagenda’s) of this sector, by title. ${capped('Sector.researchAgendas')}`,
  })
  async researchAgendas(@Root() sector: Sector, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.agendaPagesBySectorId, sector.id, cap, 'Sector.researchAgendas');
  }
}
