import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ContextLogger, JsonLogger } from '@simpul/observability';
import { SocialAidRepository, type ProposalRow } from './social-aid.repository';

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

type Proposal = Pick<ProposalRow, 'no_tiket' | 'no_kk' | 'nik_anggota'>;

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
    private readonly register: SocialAidRepository,
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
    return this.register.transaction(async (register) => {
      const waiting = await register.waitingProposals();
      for (const p of waiting) await decide(register, p);
      return waiting.length;
    });
  }
}

async function decide(register: SocialAidRepository, p: Proposal): Promise<void> {
  const refuse = (kode_alasan: string, alasan: string) => register.refuse({ no_tiket: p.no_tiket, kode_alasan, alasan });
  const household = await register.household(p.no_kk);
  if (!household) return refuse('KK_TIDAK_TERDAFTAR', 'Nomor KK tidak terdaftar di DTKS.');
  if (await register.acceptedElsewhere(p.nik_anggota, p.no_kk)) return refuse('NIK_TERDAFTAR_DI_KK_LAIN', 'NIK anggota sudah terdaftar pada keluarga lain di DTKS.');
  await register.accept({ no_tiket: p.no_tiket, no_kk: p.no_kk, no_registrasi: `DTKS-${randomUUID().slice(0, 8).toUpperCase()}`, layak_pkh: household.pkh_candidate });
}
