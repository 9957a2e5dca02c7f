import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContextLogger, JsonLogger } from '@simpul/observability';
import { SCHEMAS } from '../common/sandbox-db';

const S = SCHEMAS.socialAid;

/** The Kemensos stand-in's one partner key and how often it verifies proposals (a batch; real ones run daily). */
export class KemensosSettings {
  /** Tests hold the batch (a slow agency) or change the key (a rotated credential) through the admin API. */
  paused = false;
  apiKey: string;
  constructor(
    private readonly configuredKey: string,
    readonly batchSeconds: number,
  ) {
    this.apiKey = configuredKey;
  }

  /** `undefined` restores the configured key and resumes the batch. */
  set(change: { apiKey?: string; paused?: boolean }): { paused: boolean; keyRotated: boolean } {
    this.apiKey = change.apiKey ?? this.configuredKey;
    this.paused = change.paused ?? false;
    return { paused: this.paused, keyRotated: this.apiKey !== this.configuredKey };
  }
}

interface Proposal {
  no_tiket: string;
  no_kk: string;
  nik_anggota: string;
}

/**
 * Verifies DTKS proposals (usulan) in periodic batches, as the welfare register does: every proposal still DIAJUKAN is
 * decided at the next run: DITERIMA with a registration number, or DITOLAK with a reason code and text. Nothing is
 * sent to the proposer: it polls the ticket.
 */
@Injectable()
export class KemensosBatch implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly log: ContextLogger;

  constructor(
    private readonly ds: DataSource,
    private readonly settings: KemensosSettings,
    logger: JsonLogger,
  ) {
    this.log = logger.child('kemensos-batch');
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => void (await this.runOnce())).catch((err: unknown) => this.log.warn('batch failed; next run retries', { error: String(err) }));
    }, this.settings.batchSeconds * 1000);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One batch: decides every waiting proposal in one transaction. */
  async runOnce(): Promise<number> {
    if (this.settings.paused) return 0;
    return this.ds.transaction(async (em) => {
      const waiting: Proposal[] = await em.query(
        `SELECT no_tiket, no_kk, nik_anggota FROM ${S}.usulan WHERE status_usulan = 'DIAJUKAN' ORDER BY diajukan_pada FOR UPDATE SKIP LOCKED`,
      );
      for (const p of waiting) await this.decide(em, p);
      return waiting.length;
    });
  }

  private async decide(em: EntityManager, p: Proposal): Promise<void> {
    const [household]: Array<{ pkh_candidate: boolean }> = await em.query(`SELECT pkh_candidate FROM ${S}.households WHERE kk_number = $1`, [p.no_kk]);
    if (!household) return this.refuse(em, p, 'KK_TIDAK_TERDAFTAR', 'Nomor KK tidak terdaftar di DTKS.');
    const [elsewhere]: unknown[] = await em.query(`SELECT 1 FROM ${S}.usulan WHERE nik_anggota = $1 AND status_usulan = 'DITERIMA' AND no_kk <> $2`, [p.nik_anggota, p.no_kk]);
    if (elsewhere) return this.refuse(em, p, 'NIK_TERDAFTAR_DI_KK_LAIN', 'NIK anggota sudah terdaftar pada keluarga lain di DTKS.');
    await em.query(`UPDATE ${S}.households SET members = members + 1 WHERE kk_number = $1`, [p.no_kk]);
    await em.query(`UPDATE ${S}.usulan SET status_usulan = 'DITERIMA', no_registrasi = $2, layak_pkh = $3, diputuskan_pada = now() WHERE no_tiket = $1`, [
      p.no_tiket,
      `DTKS-${randomUUID().slice(0, 8).toUpperCase()}`,
      household.pkh_candidate,
    ]);
  }

  private async refuse(em: EntityManager, p: Proposal, code: string, reason: string): Promise<void> {
    await em.query(`UPDATE ${S}.usulan SET status_usulan = 'DITOLAK', kode_alasan = $2, alasan = $3, diputuskan_pada = now() WHERE no_tiket = $1`, [p.no_tiket, code, reason]);
  }
}
