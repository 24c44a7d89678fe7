import { Perspective } from '../../entities';
import { PerspectiveTargetKind } from '../../entities/perspective.enums';
import { byIdLoader, pagedByColumnLoader } from './batch';
import type { LoaderFactory } from './lazy';

const factory = <L>(make: LoaderFactory<L>) => make;

/** The standing perspectives on targets of one kind, oldest first, withdrawn ones left out: one statement per batch. */
const pagesOn = (kind: PerspectiveTargetKind) =>
  factory((ds) =>
    pagedByColumnLoader(ds, Perspective, 'target_id', 't.created_at, t.id', {
      sql: `t.target_kind = '${kind}' AND t.withdrawn_at IS NULL`,
    }),
  );

/** Loaders of standing perspectives (inbreng buiten een consultatieronde). */
export const perspectiveLoaders = {
  perspectiveById: factory((ds) => byIdLoader(ds, Perspective)),
  perspectivePagesByQuestionId: pagesOn(PerspectiveTargetKind.KNOWLEDGE_QUESTION),
  perspectivePagesByAgendaId: pagesOn(PerspectiveTargetKind.RESEARCH_AGENDA),
  perspectivePagesByAgendaVersionId: pagesOn(PerspectiveTargetKind.AGENDA_VERSION),
  perspectivePagesByLinkId: pagesOn(PerspectiveTargetKind.SYNERGY_LINK),
  perspectivePagesByGuidelineId: pagesOn(PerspectiveTargetKind.GUIDELINE),
};
