import type { LocalizedText, StepDefinition } from '@simpul/contracts';

const date = (at: Date, locale: string) => at.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
const title = (step: StepDefinition | undefined): LocalizedText => step?.title ?? { id: 'Langkah', en: 'Step' };

/** The citizen's timeline while a step is done by hand: where, and by when (the step's SLA). */
export function manualMessage(step: StepDefinition | undefined, office: string, dueAt: Date): LocalizedText {
  const t = title(step);
  return {
    id: `${t.id}: diproses secara manual di ${office}, perkiraan selesai ${date(dueAt, 'id-ID')}.`,
    en: `${t.en}: processed by hand at ${office}, expected by ${date(dueAt, 'en-GB')}.`,
  };
}

export function manualDoneMessage(step: StepDefinition | undefined, office: string, documentNumber: string): LocalizedText {
  const t = title(step);
  return {
    id: `${t.id}: dicatat secara manual oleh petugas ${office} (nomor dokumen ${documentNumber}).`,
    en: `${t.en}: recorded by hand by an officer of ${office} (document number ${documentNumber}).`,
  };
}

export function manualRejectedMessage(office: string, reason: string): LocalizedText {
  return { id: `Ditolak oleh petugas ${office}: ${reason}`, en: `Refused by an officer of ${office}: ${reason}` };
}

/** A step whose office is not connected and takes no work by hand yet: it waits, and goes on by itself. */
export function unavailableMessage(step: StepDefinition | undefined, office: string): LocalizedText {
  const t = title(step);
  return {
    id: `${t.id}: ${office} belum terhubung dengan Simpul. Permohonan Anda aman, menunggu, dan akan dilanjutkan otomatis begitu layanan tersedia.`,
    en: `${t.en}: ${office} is not connected to Simpul yet. Your application is safe, waiting, and will continue by itself once the service is available.`,
  };
}

/** A step its life event lets go where the office is not connected: skipped, and where the citizen can ask for it. */
export function unavailableSkippedMessage(step: StepDefinition | undefined, office: string): LocalizedText {
  const t = title(step);
  return {
    id: `${t.id}: dilewati karena ${office} belum terhubung dengan Simpul. Langkah lain tetap berjalan; layanan ini dapat diurus langsung di ${office}.`,
    en: `${t.en}: skipped because ${office} is not connected to Simpul yet. The other steps go on; you can ask for this at ${office} directly.`,
  };
}

export function manualUndoMessage(office: string): LocalizedText {
  return {
    id: `Langkah ini dikerjakan secara manual di ${office}; pembatalannya juga harus dilakukan secara manual di sana.`,
    en: `This step was done by hand at ${office}; undoing it must be done by hand there too.`,
  };
}
