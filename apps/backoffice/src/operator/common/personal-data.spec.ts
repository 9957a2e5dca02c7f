import { MASKED, maskPersonal } from './personal-data';

describe('maskPersonal', () => {
  it('masks NIK, KK, names, birth data and card numbers at any depth, keeping the last four digits of identifiers', () => {
    const masked = maskPersonal({
      lifeEvent: 'BIRTH',
      data: {
        motherNik: '3273014506900001',
        kkNumber: '3273010101150001',
        child: { name: 'Rizky Santoso', sex: 'M', birthDate: '2026-11-01', birthPlace: 'Bandung' },
      },
      outputs: { childNik: '3273014111260001', bpjsCardNumber: '0002000000001', birthCertificateNumber: '3273-LU-01112026-0001' },
      welfare: { decile: 2 },
    });
    expect(masked).toEqual({
      lifeEvent: 'BIRTH',
      data: {
        motherNik: '************0001',
        kkNumber: '************0001',
        child: { name: MASKED, sex: 'M', birthDate: MASKED, birthPlace: MASKED },
      },
      outputs: { childNik: '************0001', bpjsCardNumber: '*********0001', birthCertificateNumber: MASKED },
      welfare: { decile: MASKED },
    });
  });

  it('masks every leaf under a personal key, whatever its shape', () => {
    expect(maskPersonal({ fatherName: ['Agus', 'Santoso'], address: { street: 'Jl. Merdeka 1', rt: 3 } })).toEqual({
      fatherName: [MASKED, MASKED],
      address: { street: MASKED, rt: MASKED },
    });
  });

  it('masks a NIK or card number quoted inside any other text', () => {
    expect(maskPersonal({ message: 'NIK 3201015009990009 tidak terdaftar', note: 'kartu 0001234567891' })).toEqual({
      message: 'NIK ************0009 tidak terdaftar',
      note: 'kartu *********7891',
    });
  });

  it('leaves ids, statuses, times and numbers under other keys alone', () => {
    const plain = { applicationId: 'b3c6b7c2-0f7e-4a57-9d7c-3c8f6c8a1f00', status: 'FAILED', attempt: 3, at: '2026-11-22T10:00:00.000Z', ok: true };
    expect(maskPersonal(plain)).toEqual(plain);
  });
});
