import type DataLoader from 'dataloader';
import { Loader } from './loader';
import {
  Party,
  Sector,
  Deliverable,
  DeliverableOutput,
  DeliverableStatusChange,
  Milestone,
  Programme,
  StatusUpdate,
  Workstream,
} from '../../entities';
import type { OutputTargetType } from '../../entities/deliverable.enums';
import { REPORTING_FACTS_SQL, reportingFactsInOrder, type ReportingFacts } from '../auth/deliverables.access';
import { readRows } from '../db/data-source';
import { deliverableStateSql, type DeliverableState } from '../services/deliverables/deliverable-state.sql';
import { outputTargetLoaders } from '../services/deliverables/output-targets';
import {
  byColumnLoader,
  byIdLoader,
  byKeyLoader,
  manyToManyLoader,
  pagedByColumnLoader,
  pagedManyToManyLoader,
} from './batch';
import type { LoaderFactory } from './lazy';
import { byKey, byName, dutchOrder, dutchOrderSql } from './order';

export const byDue = (a: Deliverable, b: Deliverable) =>
  (a.due.latest ?? '9999').localeCompare(b.due.latest ?? '9999') || dutchOrder(a.title, b.title);

const factory = <L>(make: LoaderFactory<L, unknown>) => make;
const join = (table: string, ownerColumn: string, targetColumn: string) => ({ table, ownerColumn, targetColumn });

/** Loaders of the deliverables domain; `stateKey(asOf, id)` keys the computed-state loader. */
export const deliverableLoaders = {
  programmeById: factory((ds) => byIdLoader(ds, Programme)),
  workstreamById: factory((ds) => byIdLoader(ds, Workstream)),
  deliverableById: factory((ds) => byIdLoader(ds, Deliverable)),
  deliverableByKey: factory((ds) => byKeyLoader(ds, Deliverable)),
  milestoneById: factory((ds) => byIdLoader(ds, Milestone)),
  statusUpdateById: factory((ds) => byIdLoader(ds, StatusUpdate)),
  partnersByProgrammeId: factory((ds) =>
    manyToManyLoader(ds, Party, join('programme_partner', 'programme_id', 'party_id'), byName),
  ),
  ownersByDeliverableId: factory((ds) =>
    manyToManyLoader(ds, Party, join('deliverable_owner', 'deliverable_id', 'party_id'), byName),
  ),
  contributorsByDeliverableId: factory((ds) =>
    manyToManyLoader(ds, Party, join('deliverable_contributor', 'deliverable_id', 'party_id'), byName),
  ),
  sectorsByDeliverableId: factory((ds) =>
    manyToManyLoader(ds, Sector, join('deliverable_sector', 'deliverable_id', 'sector_id'), byKey),
  ),
  dependenciesByDeliverableId: factory((ds) =>
    manyToManyLoader(ds, Deliverable, join('deliverable_dependency', 'deliverable_id', 'depends_on_id'), byDue),
  ),
  statusUpdatesByDeliverableId: factory((ds) =>
    byColumnLoader(ds, StatusUpdate, 'deliverable_id', 't.posted_at DESC, t.id DESC'),
  ),
  /** Paged forms of the lists that grow with the data: one statement per list and page size. */
  dependentPagesByDeliverableId: factory((ds) =>
    pagedManyToManyLoader(
      ds,
      Deliverable,
      join('deliverable_dependency', 'depends_on_id', 'deliverable_id'),
      `t.due_latest NULLS LAST, ${dutchOrderSql('t.title')}, t.id`,
    ),
  ),
  workstreamPagesByProgrammeId: factory((ds) =>
    pagedByColumnLoader(ds, Workstream, 'programme_id', `t.position, ${dutchOrderSql('t.name')}, t.id`),
  ),
  deliverablePagesByWorkstreamId: factory((ds) =>
    pagedByColumnLoader(ds, Deliverable, 'workstream_id', `t.due_latest NULLS LAST, ${dutchOrderSql('t.title')}, t.id`),
  ),
  milestonePagesByDeliverableId: factory((ds) =>
    pagedByColumnLoader(ds, Milestone, 'deliverable_id', 't.due_latest NULLS LAST, t.id'),
  ),
  statusUpdatePagesByDeliverableId: factory((ds) =>
    pagedByColumnLoader(ds, StatusUpdate, 'deliverable_id', 't.posted_at DESC, t.id DESC'),
  ),
  statusChangePagesByDeliverableId: factory((ds) =>
    pagedByColumnLoader(ds, DeliverableStatusChange, 'deliverable_id', 't.changed_at, t.id'),
  ),
  outputsByDeliverableId: factory((ds) =>
    byColumnLoader(ds, DeliverableOutput, 'deliverable_id', 't.target_type, t.target_key, t.id'),
  ),
  /** What the rules of who reports read of each deliverable (DeliverablesAccess.statusUpdateRights). */
  reportingFactsByDeliverableId: factory(
    (ds) =>
      new Loader<string, ReportingFacts>(async (ids) =>
        reportingFactsInOrder(ids, await readRows<ReportingFacts & { id: string }>(ds, REPORTING_FACTS_SQL, [ids])),
      ),
  ),
  /** Computed state per `asOf|id`: one query per distinct day in a batch. */
  deliverableState: factory(
    (ds) =>
      new Loader<string, DeliverableState | null>(async (keys) => {
        const byDay = new Map<string, string[]>();
        for (const key of keys) {
          const [asOf, id] = key.split('|') as [string, string];
          byDay.set(asOf, [...(byDay.get(asOf) ?? []), id]);
        }
        const found = new Map<string, DeliverableState>();
        for (const [asOf, ids] of byDay) {
          const rows: DeliverableState[] = await ds.query(
            `SELECT * FROM (${deliverableStateSql('$1')}) state WHERE state.id = ANY($2)`,
            [asOf, ids],
          );
          for (const row of rows) found.set(`${asOf}|${row.id}`, row);
        }
        return keys.map((key) => found.get(key) ?? null);
      }),
  ),
  /** The loader that finds produced records of a type by key; undefined while none is registered. */
  outputTarget: factory((ds) => {
    const targetLoaders = new Map<OutputTargetType, DataLoader<string, object | null>>();
    return (type: OutputTargetType): DataLoader<string, object | null> | undefined => {
      const make = outputTargetLoaders[type];
      if (!make) return undefined;
      if (!targetLoaders.has(type)) targetLoaders.set(type, make(ds));
      return targetLoaders.get(type);
    };
  }),
};

export function stateKey(asOf: string, id: string): string {
  return `${asOf}|${id}`;
}
