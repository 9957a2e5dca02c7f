import { bpjsCardProblem, kkProblem, nikProblem, parseNik, sexOfNik } from './identifiers';

describe('NIK', () => {
  it('accepts a woman\'s NIK and reads day + 40 as her birth day', () => {
    expect(nikProblem('3273014506900001')).toBeNull();
    expect(parseNik('3273014506900001')).toMatchObject({ province: '32', regency: '73', district: '01', birthDay: 5, birthMonth: 6, birthYear2: 90, sex: 'F', serial: '0001' });
  });

  it('accepts a man\'s NIK', () => {
    expect(nikProblem('3273011203880002')).toBeNull();
    expect(sexOfNik('3273011203880002')).toBe('M');
  });

  it.each([
    ['327301450690000', 'must be exactly 16 digits'],
    ['32730145069000011', 'must be exactly 16 digits'],
    ['32730145069000a1', 'must be exactly 16 digits'],
    ['0073014506900001', 'must start with a valid province, regency and district code'],
    ['3273013206900001', 'must contain a valid birth date'],
    ['3273017206900001', 'must contain a valid birth date'],
    ['3273011513900001', 'must contain a valid birth date'],
    ['3273013102900001', 'must contain a valid birth date'],
    ['3273014506900000', 'must end with a serial number other than 0000'],
  ])('rejects %s: %s', (nik, reason) => {
    expect(nikProblem(nik)).toContain(reason);
    expect(parseNik(nik)).toBeNull();
  });

  it('accepts 29 February only in years divisible by four', () => {
    expect(nikProblem('3273012902880001')).toBeNull();
    expect(nikProblem('3273012902890001')).toContain('birth date');
  });

  it('rejects values that are not strings', () => {
    expect(nikProblem(3273014506900001)).toBe('must be a string of 16 digits');
    expect(nikProblem(undefined)).toBe('must be a string of 16 digits');
  });
});

describe('KK', () => {
  it('accepts a valid family card number', () => {
    expect(kkProblem('3273010101150001')).toBeNull();
  });
  it.each([
    ['327301010115000', 'must be exactly 16 digits'],
    ['3273013201150001', 'issue date'],
    ['3273010101150000', 'serial number'],
  ])('rejects %s', (kk, reason) => {
    expect(kkProblem(kk)).toContain(reason);
  });
});

describe('BPJS Kesehatan card', () => {
  it('takes exactly 13 digits', () => {
    expect(bpjsCardProblem('0001234567891')).toBeNull();
    expect(bpjsCardProblem('000123456789')).toBe('must be exactly 13 digits');
  });
});
