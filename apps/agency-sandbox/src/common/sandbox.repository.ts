import type { EntityManager } from 'typeorm';

/** Each stand-in agency owns a schema of its own, as a real agency owns its own database. */
export const SCHEMAS = {
  civilRegistry: 'sandbox_civil_registry',
  bpjsHealth: 'sandbox_bpjs_health',
  socialAid: 'sandbox_social_aid',
  bpjsEmployment: 'sandbox_bpjs_employment',
  education: 'sandbox_education',
  religiousAffairs: 'sandbox_religious_affairs',
} as const;

/**
 * The base of the sandbox's repositories: one per agency's schema, each the only writer of its tables. They speak SQL
 * through TypeORM's EntityManager (the sandbox's one database mechanism) rather than entities: the stand-ins' tables
 * are made by their own idempotent DDL at start (no migrations: they are not Simpul's data), and what they ask of
 * PostgreSQL (advisory locks for serial numbers, `FOR UPDATE SKIP LOCKED`, `to_char` in the agency's date format)
 * reads plainest as SQL. Results are typed by each repository's row interfaces.
 *
 * A repository runs on the data source's manager, or inside a transaction: its own (`transaction`) or another
 * repository's (`joining`), so an act over two agencies' tables (the demo seed, an answer kept for idempotency)
 * commits at once.
 */
export abstract class SandboxRepository {
  /** The statements that create this repository's tables when missing, in order (run at every start). */
  protected abstract readonly ddl: readonly string[];

  constructor(protected readonly em: EntityManager) {}

  async createTables(): Promise<void> {
    for (const sql of this.ddl) await this.em.query(sql);
  }

  /** Runs `work` in one transaction, with this repository bound to it. */
  transaction<T>(work: (repo: this) => Promise<T>): Promise<T> {
    return this.em.transaction((em) => work(this.on(em)));
  }

  /** This repository inside the transaction `other` runs in. */
  joining(other: SandboxRepository): this {
    return this.on(other.em);
  }

  private on(em: EntityManager): this {
    return new (this.constructor as new (em: EntityManager) => this)(em);
  }

  /** Holds `key` until the transaction ends: serial numbers of a register are taken one at a time. */
  protected async lock(key: number): Promise<void> {
    await this.em.query('SELECT pg_advisory_xact_lock($1)', [key]);
  }

  /** One more than the rows of `table` matching `where`, taken under `lockKey` (held to the end of the transaction). */
  protected async takeSerial(lockKey: number, table: string, where = 'true', params: unknown[] = []): Promise<number> {
    await this.lock(lockKey);
    return (await this.count(table, where, params)) + 1;
  }

  protected async exists(table: string, where: string, params: unknown[]): Promise<boolean> {
    const rows: unknown[] = await this.em.query(`SELECT 1 FROM ${table} WHERE ${where}`, params);
    return rows.length > 0;
  }

  protected async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.em.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return n;
  }
}

/** The sandbox's database as a whole: every agency's schema, setup one instance at a time, readiness. */
export class SandboxDatabaseRepository extends SandboxRepository {
  protected readonly ddl = Object.values(SCHEMAS).map((schema) => `CREATE SCHEMA IF NOT EXISTS ${schema}`);

  /** Two sandboxes starting at once would race on `CREATE ... IF NOT EXISTS`; the second waits for the first. */
  async lockSetup(): Promise<void> {
    await this.lock(727274);
  }

  async ping(): Promise<void> {
    await this.em.query('SELECT 1');
  }
}
