import type { DataSource } from 'typeorm';
import { today } from '../../today';
import { ImpactRelation } from '../../../entities/package-cycle.enums';
import { decodeGlobalId } from '../../../schema/global-id';
import type { NodeService } from '../node.service';
import { BadUserInputError } from '../../errors';

interface Edge {
  from: string;
  to: string;
  relation: ImpactRelation;
  /** $1: the ids of the `from` records; returns `src`, `dst` (and `kind` for conflicts). */
  sql: string;
  /** The statement also takes $2: the day it is answered for (today() as the server has it). */
  dated?: true;
}

const output = (from: string, targetType: string, table: string): Edge => ({
  from,
  to: 'Deliverable',
  relation: ImpactRelation.DELIVERABLE,
  sql: `SELECT r.id AS src, o.deliverable_id AS dst FROM ${table} r
          JOIN deliverable_output o ON o.target_type = '${targetType}' AND o.target_key = r.key WHERE r.id = ANY($1)`,
});
const byColumn = (from: string, to: string, relation: ImpactRelation, table: string, column: string): Edge => ({
  from,
  to,
  relation,
  sql: `SELECT ${column} AS src, id AS dst FROM ${table} WHERE ${column} = ANY($1)`,
});
const conflicts = (from: string, column: string): Edge => ({
  from,
  to: 'SynergyConflict',
  relation: ImpactRelation.CONFLICT,
  // A review date still ahead is no conflict yet (as in the conflict lists: DUE_BEFORE_AS_OF, as of the bound
  // today(), not the database's clock, so the answer is the one the conflict lists give that day).
  sql: `SELECT ${column} AS src, key AS dst, kind FROM synergy_conflict WHERE ${column} = ANY($1)
          AND (review_due_on IS NULL OR review_due_on < $2::date)`,
  dated: true,
});

/**
 * What depends on what, across domains. Each edge is one statement for all records of its `from` type
 * at a depth, so a walk costs at most (edges × depth) statements plus one batch per type to load and
 * check what it found, however many dependants there are.
 */
const EDGES: Edge[] = [
  byColumn('Intervention', 'Recommendation', ImpactRelation.RECOMMENDATION, 'recommendation', 'intervention_id'),
  byColumn('Intervention', 'PackageAssessment', ImpactRelation.ASSESSMENT, 'package_assessment', 'intervention_id'),
  byColumn('Intervention', 'KnowledgeQuestion', ImpactRelation.QUESTION, 'knowledge_question', 'intervention_id'),
  byColumn('Guideline', 'Recommendation', ImpactRelation.RECOMMENDATION, 'recommendation', 'guideline_id'),
  byColumn('Guideline', 'SynergyLink', ImpactRelation.LINK, 'synergy_link', 'guideline_id'),
  conflicts('Guideline', 'guideline_id'),
  output('Guideline', 'GUIDELINE', 'guideline'),
  {
    // A knowledge gap's question keeps its guideline once the recommendation is removed; while the
    // recommendation is there the question is reached through it, so it is not listed twice.
    from: 'Guideline',
    to: 'KnowledgeQuestion',
    relation: ImpactRelation.QUESTION,
    sql: `SELECT origin_guideline_id AS src, id AS dst FROM knowledge_question
            WHERE origin_guideline_id = ANY($1) AND origin_recommendation_id IS NULL`,
  },
  byColumn('Recommendation', 'SynergyLink', ImpactRelation.LINK, 'synergy_link', 'recommendation_id'),
  byColumn(
    'Recommendation',
    'KnowledgeQuestion',
    ImpactRelation.QUESTION,
    'knowledge_question',
    'origin_recommendation_id',
  ),
  conflicts('Recommendation', 'recommendation_id'),
  byColumn('PackageAssessment', 'SynergyLink', ImpactRelation.LINK, 'synergy_link', 'assessment_id'),
  conflicts('PackageAssessment', 'assessment_id'),
  byColumn(
    'PackageAssessment',
    'KnowledgeQuestion',
    ImpactRelation.QUESTION,
    'knowledge_question',
    'origin_assessment_id',
  ),
  byColumn(
    'PackageAssessment',
    'AssessmentCondition',
    ImpactRelation.CONDITION,
    'assessment_condition',
    'assessment_id',
  ),
  byColumn(
    'PackageAssessment',
    'PackageAssessment',
    ImpactRelation.REASSESSMENT,
    'package_assessment',
    'reassessment_of_id',
  ),
  output('PackageAssessment', 'PACKAGE_ASSESSMENT', 'package_assessment'),
  conflicts('SynergyLink', 'link_id'),
  {
    from: 'KnowledgeQuestion',
    to: 'ResearchProject',
    relation: ImpactRelation.PROJECT,
    sql: 'SELECT question_id AS src, project_id AS dst FROM research_project_question WHERE question_id = ANY($1)',
  },
  byColumn(
    'ResearchProject',
    'PackageAssessment',
    ImpactRelation.CONDITIONAL_ADMISSION,
    'package_assessment',
    'admission_project_id',
  ),
  {
    from: 'Deliverable',
    to: 'Deliverable',
    relation: ImpactRelation.DEPENDENT_DELIVERABLE,
    sql: 'SELECT depends_on_id AS src, deliverable_id AS dst FROM deliverable_dependency WHERE depends_on_id = ANY($1)',
  },
  output('ResearchAgenda', 'RESEARCH_AGENDA', 'research_agenda'),
  output('SynergyTrajectory', 'SYNERGY_TRAJECTORY', 'synergy_trajectory'),
];

export const IMPACT_MAX_DEPTH = 3;
/** More than this many dependants is not a question the platform answers in one request. */
export const IMPACT_MAX_ENTRIES = 1000;

export interface ImpactStepValue {
  relation: ImpactRelation;
  node: object | null;
  conflictKey: string | null;
  conflictKind: string | null;
}

export interface ImpactEntryValue extends ImpactStepValue {
  depth: number;
  path: ImpactStepValue[];
}

interface Frontier {
  type: string;
  id: string;
  path: ImpactStepValue[];
}

/** `impact(id)`: what depends on a record, to a depth of three, each with its path, visible records only. */
export class ImpactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nodes: NodeService,
  ) {}

  async impact(
    globalId: string,
    maxDepth = IMPACT_MAX_DEPTH,
  ): Promise<{ root: object; entries: ImpactEntryValue[] } | null> {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > IMPACT_MAX_DEPTH)
      throw new BadUserInputError(`"depth" must be from 1 to ${IMPACT_MAX_DEPTH}.`, 'depth');
    const { type, id } = decodeGlobalId(globalId);
    const [root] = await this.nodes.loadVisible(type, [id]);
    if (!root) return null;
    // One day for the whole walk, even across midnight.
    const day = today();
    const seen = new Set([`${type}:${id}`]);
    const entries: ImpactEntryValue[] = [];
    let frontier: Frontier[] = [{ type, id, path: [] }];
    for (let depth = 1; depth <= maxDepth && frontier.length; depth++) {
      const found: { parent: Frontier; edge: Edge; dst: string; kind?: string }[] = [];
      for (const edge of EDGES) {
        const parents = frontier.filter((f) => f.type === edge.from);
        if (!parents.length) continue;
        const byId = new Map(parents.map((p) => [p.id, p]));
        const ids = [...byId.keys()];
        const rows: { src: string; dst: string; kind?: string }[] = await this.dataSource.query(
          edge.sql,
          edge.dated ? [ids, day] : [ids],
        );
        for (const row of rows) found.push({ parent: byId.get(row.src)!, edge, dst: row.dst, kind: row.kind });
      }
      const fresh = found.filter(({ edge, dst }) => {
        const key = `${edge.to}:${dst}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      // One batch per type: load what was found and drop what the viewer may not read.
      const visible = new Map<string, object | null>();
      const types = new Set(fresh.map((f) => f.edge.to).filter((t) => t !== 'SynergyConflict'));
      for (const t of types) {
        const ids = fresh.filter((f) => f.edge.to === t).map((f) => f.dst);
        const loaded = await this.nodes.loadVisible(t, ids);
        ids.forEach((nodeId, i) => visible.set(`${t}:${nodeId}`, loaded[i] ?? null));
      }
      const next: Frontier[] = [];
      for (const { parent, edge, dst, kind } of fresh) {
        const isConflict = edge.to === 'SynergyConflict';
        const node = isConflict ? null : visible.get(`${edge.to}:${dst}`);
        if (!isConflict && !node) continue;
        const step: ImpactStepValue = {
          relation: edge.relation,
          node: node ?? null,
          conflictKey: isConflict ? dst : null,
          conflictKind: isConflict ? (kind ?? null) : null,
        };
        const path = [...parent.path, step];
        entries.push({ ...step, depth, path });
        if (!isConflict) next.push({ type: edge.to, id: dst, path });
        if (entries.length >= IMPACT_MAX_ENTRIES) return { root, entries };
      }
      frontier = next;
    }
    return { root, entries };
  }
}
