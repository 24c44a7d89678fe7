import { stringify } from 'csv-stringify/sync';
import express from 'express';
import { GraphQLError } from 'graphql';
import ical from 'ical-generator';
import type { DataSource } from 'typeorm';
import type { Party, Sector } from '../../entities';
import { DeliverableHealth, DeliverableKind, DeliverableStatus } from '../../entities/deliverable.enums';
import { decodeIdOf } from '../../schema/global-id';
import { DeliverableOrder, type DeliverableFilter } from '../../schema/inputs/deliverable.input';
import type { TokenVerifier } from '../auth/token';
import { authenticate } from '../auth/viewer';
import type { Config } from '../config';
import { createContext, type Context } from '../context';
import { BadUserInputError, DomainError, ErrorCode, NotFoundError } from '../errors';
import { formatError, RETRY_AFTER_SECONDS } from '../graphql-errors';
import { ExportParameters } from './parameters';

const HTTP_STATUS: Partial<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  DATABASE_BUDGET_EXCEEDED: 422,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Entries in one calendar export at most. */
const CALENDAR_MAX_ENTRIES = 2_000;

function names(items: readonly (Party | Sector | Error | null)[]): string {
  return items
    .filter((p): p is Party | Sector => Boolean(p) && !(p instanceof Error))
    .map((p) => ('shortName' in p ? (p.shortName ?? p.name) : p.nameNl))
    .join('; ');
}

/** Noon UTC of a day, so the all-day event keeps its date in every time zone. */
function calendarDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/**
 * Wraps an export route: authenticates the bearer token as /graphql does, builds the request context,
 * and turns domain errors into their HTTP status with the error body GraphQL clients know.
 */
export function exportHandler(deps: { config: Config; dataSource: DataSource; verifier: TokenVerifier }) {
  return (fn: (ctx: Context, req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
    async (req, res) => {
      // What a signed-in viewer downloads is theirs alone (drafts, status texts): no shared or disk cache
      // keeps it, and none answers one viewer's download with another's.
      res.set('cache-control', 'private, no-store');
      res.vary('authorization');
      try {
        const viewer = await authenticate(req.headers.authorization, {
          verifier: deps.verifier,
          dataSource: deps.dataSource,
          mode: deps.config.auth.mode,
        });
        const ctx = createContext({
          requestId: String(req.id),
          clientRequestId: req.clientRequestId,
          logger: req.log,
          config: deps.config,
          dataSource: deps.dataSource,
          viewer,
        });
        await fn(ctx, req, res);
      } catch (error) {
        // Answered as GraphQL answers the same failure (formatError): the client's errors and the
        // database's refusals, time-outs and outages with their codes, anything else masked.
        const { message, extensions } = formatError(
          error instanceof GraphQLError ? error.toJSON() : { message: String(error) },
          error,
        );
        // Apollo's hint for its own HTTP answer (status, Retry-After) is answered below, not shown.
        const { http: _http, ...shown } = extensions ?? {};
        const code = String(extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
        if (!(error instanceof DomainError))
          req.log[code === ErrorCode.INTERNAL_SERVER_ERROR ? 'error' : 'warn']({ err: error }, 'export failed');
        const status = HTTP_STATUS[code] ?? 400;
        // A temporary outage, as /graphql answers one: come back shortly (not a time-out: it would time out again).
        if (code === ErrorCode.SERVICE_UNAVAILABLE) res.set('retry-after', String(RETRY_AFTER_SECONDS));
        res.status(status).json({ errors: [{ message, extensions: shown }] });
      }
    };
}

/**
 * Plain HTTP exports next to /graphql, with the same bearer authentication. Deliverables and
 * milestones are public, so anonymous clients get them too; a bad token is 401 as on /graphql.
 * Signed-in users also get the text of the last status update in the CSV.
 */
export function deliverableExportsRouter(deps: {
  config: Config;
  dataSource: DataSource;
  verifier: TokenVerifier;
}): express.Router {
  const router = express.Router();

  const handle = exportHandler(deps);

  router.get(
    '/deliverables.csv',
    handle(async (ctx, req, res) => {
      const q = new ExportParameters(req.query);
      const filter: DeliverableFilter = {
        programmeId: q.text('programmeId'),
        workstreamId: q.text('workstreamId'),
        ownerPartyId: q.text('ownerPartyId'),
        sectorId: q.text('sectorId'),
        kind: q.oneOf('kind', DeliverableKind),
        status: q.oneOf('status', DeliverableStatus),
        health: q.oneOf('health', DeliverableHealth),
        dueBefore: q.day('dueBefore'),
        dueAfter: q.day('dueAfter'),
        overdue: q.bool('overdue'),
        open: q.bool('open'),
      };
      const orderBy = q.oneOf('orderBy', DeliverableOrder) ?? null;
      const asOfArg = q.day('asOf') ?? null;
      q.refuseUnread();
      const { rows, asOf } = await ctx.services.deliverables.all(filter, orderBy, asOfArg);
      const ids = rows.map((r) => r.id);
      const l = ctx.loaders;
      const [owners, contributors, sectors, updates, programmes, workstreams] = await Promise.all([
        l.ownersByDeliverableId.loadMany(ids),
        l.contributorsByDeliverableId.loadMany(ids),
        l.sectorsByDeliverableId.loadMany(ids),
        l.statusUpdatesByDeliverableId.loadMany(ids),
        l.programmeById.loadMany(rows.map((r) => r.programmeId ?? '00000000-0000-0000-0000-000000000000')),
        l.workstreamById.loadMany(rows.map((r) => r.workstreamId ?? '00000000-0000-0000-0000-000000000000')),
      ]);
      const states = await Promise.all(rows.map((r) => ctx.services.deliverables.state(r, asOf)));
      const readsTexts = ctx.access.deliverables.canReadStatusUpdateText();
      const list = <T>(v: T[] | Error): T[] => (v instanceof Error ? [] : v);
      const columns = [
        'key', 'kind', 'title', 'programme', 'workstream', 'owners', 'ownerKinds', 'contributors', 'contributorKinds',
        'sectors', 'dueLabel', 'dueEarliest', 'dueLatest', 'duePrecision', 'confidence', 'status', 'statusAsOf',
        'health', 'overdue', 'asOf', 'lastUpdateAt', ...(readsTexts ? ['lastUpdateText'] : []), 'source',
      ]; // prettier-ignore
      const records = rows.map((d, i) => {
        const programme = programmes[i];
        const workstream = workstreams[i];
        // The last update the row's state counts as of `asOf` (deliverable-state.sql, its `last_update_at`).
        const lastAt = states[i]?.last_update_at?.getTime();
        const last = list(updates[i]!).find((u) => u.postedAt.getTime() === lastAt);
        return [
          d.key,
          d.kind,
          d.title,
          programme && !(programme instanceof Error) ? programme.name : '',
          workstream && !(workstream instanceof Error) ? workstream.name : '',
          names(list(owners[i]!)),
          d.ownerPartyKinds.join('; '),
          names(list(contributors[i]!)),
          d.contributorPartyKinds.join('; '),
          names(list(sectors[i]!)),
          d.due.label ?? '',
          d.due.earliest ?? '',
          d.due.latest ?? '',
          d.due.precision ?? '',
          d.confidence,
          states[i]?.status_at ?? d.status,
          d.statusAsOf ?? '',
          states[i]?.health ?? '',
          states[i]?.overdue ? 'true' : 'false',
          asOf,
          last ? last.postedAt.toISOString() : '',
          ...(readsTexts ? [last?.text ?? ''] : []),
          d.sources[0] ? `${d.sources[0].document}: ${d.sources[0].quote}` : '',
        ];
      });
      // Texts come from partners; a cell a spreadsheet would run as a formula gets a leading quote.
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="deliverables-${asOf}.csv"`)
        .send(stringify([columns, ...records], { bom: true, escape_formulas: true }));
    }),
  );

  router.get(
    '/milestones.ics',
    handle(async (ctx, req, res) => {
      const q = new ExportParameters(req.query);
      const partyId = q.text('partyId');
      const window = { partyId, from: q.day('from'), to: q.day('to') };
      const asOf = q.day('asOf') ?? null;
      q.refuseUnread();
      if (!partyId)
        throw new BadUserInputError('"partyId" is required: the party whose milestones to list.', 'partyId');
      // A calendar app subscribes once and shows what comes: an empty calendar for a mistyped party would
      // look like a party with nothing planned. Parties are public, so a missing one is all there is to refuse.
      const party = await ctx.loaders.partyById.load(decodeIdOf('Party', partyId, 'partyId'));
      if (!party) throw new NotFoundError('No party with this "partyId": the calendar lists one party’s milestones.');
      // One party's calendar; capped like every list, at a size no party's milestones come near.
      const { nodes: entries, pageInfo } = await ctx.services.deliverableDashboard.timeline(
        window,
        asOf,
        { first: CALENDAR_MAX_ENTRIES },
        CALENDAR_MAX_ENTRIES,
      );
      if (pageInfo.hasNextPage)
        throw new BadUserInputError(
          `The calendar would hold more than ${CALENDAR_MAX_ENTRIES} entries. Narrow it with "from" and "to".`,
        );
      const calendar = ical({
        name: `IZA-mijlpalen ${party.shortName ?? party.name}`,
        description: 'Milestones and decisions of deliverables this party owns or contributes to.',
      });
      for (const entry of entries) {
        calendar.createEvent({
          id: `${entry.milestoneId ?? entry.deliverableId}@iza-platform`,
          // All-day on the latest day it can fall: the day it is due at the latest.
          start: calendarDay(entry.due.latest),
          allDay: true,
          summary: entry.title,
          description: [
            `Gepland: ${entry.due.label ?? `${entry.due.earliest} – ${entry.due.latest}`} (${entry.due.earliest} – ${entry.due.latest}, ${entry.due.precision ?? 'RANGE'}, ${entry.confidence})`,
            `Soort: ${entry.kind}`,
            `Status: ${entry.done ? 'behaald' : entry.closed ? 'vervallen (opleverpunt afgerond)' : entry.overdue ? 'te laat' : 'open'}`,
          ].join('\n'),
        });
      }
      res
        .status(200)
        .type('text/calendar; charset=utf-8')
        .setHeader('content-disposition', 'attachment; filename="milestones.ics"')
        .send(calendar.toString());
    }),
  );

  return router;
}
