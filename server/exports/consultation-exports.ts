import { stringify } from 'csv-stringify/sync';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { Contribution } from '../../entities';
import { ContributionAnchorKind } from '../../entities/consultation.enums';
import type { TokenVerifier } from '../auth/token';
import type { Config } from '../config';
import type { Context } from '../context';
import { NotFoundError } from '../errors';
import { exportHandler } from './deliverable-exports';
import { ExportParameters } from './parameters';

/** What a contribution is anchored to, in words, when the viewer may read that part of the draft. */
async function anchorLabel(ctx: Context, c: Contribution): Promise<string> {
  if (!c.anchorId) return '';
  if (c.anchorKind === ContributionAnchorKind.AGENDA_ITEM) {
    const item = await ctx.loaders.agendaItemById.load(c.anchorId);
    if (!item || !(await ctx.access.research.canReadAgendaItem(item))) return '';
    const question = await ctx.loaders.knowledgeQuestionById.load(item.questionId);
    return `${item.rank}. ${question?.title ?? ''}`.trim();
  }
  if (c.anchorKind === ContributionAnchorKind.RECOMMENDATION) {
    const recommendation = await ctx.loaders.recommendationById.load(c.anchorId);
    return recommendation && (await ctx.access.synergy.canReadRecommendation(recommendation))
      ? recommendation.text
      : '';
  }
  const verdict = await ctx.loaders.assessmentCriterionVerdictById.load(c.anchorId);
  const assessment = verdict && (await ctx.loaders.packageAssessmentById.load(verdict.assessmentId));
  if (!verdict || !assessment || !(await ctx.access.synergy.canReadAssessment(assessment))) return '';
  const criterion = await ctx.loaders.packageCriterionById.load(verdict.criterionId);
  return `${criterion?.nameNl ?? ''}: ${verdict.verdict}`;
}

/**
 * The comment table of a consultation round as CSV (`GET /exports/consultations/<id>.csv`, the round's
 * global id URL-encoded): the same rows, readers and rules as `consultationRound.contributions`; people's
 * names only for those who may see them. A round the viewer may not read is 404, like a missing one.
 */
export function consultationExportsRouter(deps: {
  config: Config;
  dataSource: DataSource;
  verifier: TokenVerifier;
}): express.Router {
  const router = express.Router();
  const handle = exportHandler(deps);

  router.get(
    '/consultations/:file',
    handle(async (ctx, req, res) => {
      new ExportParameters(req.query).refuseUnread();
      const file = String(req.params.file);
      if (!file.endsWith('.csv')) throw new NotFoundError('Exports of a consultation are CSV: <id>.csv.');
      const round = await ctx.services.consultationRounds.byId(file.slice(0, -'.csv'.length));
      if (!round) throw new NotFoundError('No consultation round with this id.');
      // Every contribution, in one statement (the request's database budget bounds a round too large to export).
      const rows = await ctx.loaders.contributionsByRoundId.load(round.id);
      const records = await Promise.all(
        rows.map(async (c) => {
          const [party, author, anchor] = await Promise.all([
            ctx.loaders.partyById.load(c.partyId),
            ctx.access.people.visibleUser(c.authorUserId),
            anchorLabel(ctx, c),
          ]);
          return [
            c.createdAt.toISOString(),
            party?.name ?? '',
            party?.kind ?? '',
            author?.name ?? '',
            c.type,
            c.anchorKind ?? '',
            anchor,
            c.text,
            c.reference ?? '',
            c.withdrawnAt?.toISOString() ?? '',
            c.response ?? '',
            c.responseReasoning ?? '',
            c.responseChange ?? '',
            c.respondedAt?.toISOString() ?? '',
          ];
        }),
      );
      const columns = [
        'submittedAt', 'party', 'partyKind', 'author', 'type', 'anchorKind', 'anchor', 'text', 'reference',
        'withdrawnAt', 'response', 'responseReasoning', 'responseChange', 'respondedAt',
      ]; // prettier-ignore
      // Texts come from partners; a cell a spreadsheet would run as a formula gets a leading quote.
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="consultatie-${round.key}.csv"`)
        .send(stringify([columns, ...records], { bom: true, escape_formulas: true }));
    }),
  );
  return router;
}
