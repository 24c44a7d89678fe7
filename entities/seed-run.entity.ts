import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Records which seed data set (by content hash) was loaded, so start-up seeds only once. */
@Entity()
export class SeedRun {
  @PrimaryColumn({ type: 'text' })
  dataset!: string;

  @Column({ type: 'text' })
  checksum!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  appliedAt!: Date;
}
