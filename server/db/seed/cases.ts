import type { DataSource } from 'typeorm';
import { PracticeCase } from '../../../entities';
import type { PracticeCaseKind } from '../../../entities/practice-case.entity';
import type { SourceRef } from '../../../entities/source-ref';
import casesData from './data/cases.json';

interface CaseRecord {
  key: string;
  title: string;
  kind: string;
  sectorKey?: string;
  description: string;
  figures?: Record<string, unknown>;
  partyKeys?: string[];
  guidelineKeys?: string[];
  sources: SourceRef[];
  note?: string;
}

export const casesDataset = casesData as CaseRecord[];

/** The cases of the documents (scarcity cases, good practices); existing ones are left alone. */
export async function seedCases(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const sectors: { key: string; id: string }[] = await manager.query('SELECT key, id FROM sector');
    const sectorIds = new Map(sectors.map((s) => [s.key, s.id]));
    await manager
      .createQueryBuilder()
      .insert()
      .into(PracticeCase)
      .values(
        casesDataset.map((c) => {
          if (c.sectorKey && !sectorIds.has(c.sectorKey))
            throw new Error(`Seed case names unknown sector "${c.sectorKey}"`);
          return {
            key: c.key,
            title: c.title,
            kind: c.kind as PracticeCaseKind,
            sectorId: c.sectorKey ? sectorIds.get(c.sectorKey)! : null,
            description: c.description,
            // jsonb: TypeORM types nested values as partial entities, which a free-form object is not.
            figures: (c.figures ?? {}) as never,
            partyKeys: c.partyKeys ?? [],
            guidelineKeys: c.guidelineKeys ?? [],
            note: c.note ?? null,
            sources: c.sources,
          };
        }),
      )
      .orIgnore()
      .execute();
  });
}
