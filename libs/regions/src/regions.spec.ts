import { areaReferenceVersion, isKnownRegion, officeName, regionOfApplication, regionOfIdentifier, regionProblem } from './index';

describe('regions from the area reference', () => {
  it('derives province and regency from a KK or NIK number', () => {
    expect(regionOfIdentifier('3273010101150001')).toEqual({ provinceCode: '32', provinceName: 'Jawa Barat', regencyCode: '3273', regencyName: 'Kota Bandung' });
    expect(regionOfApplication({ kkNumber: '9171011010190005' })?.regencyName).toBe('Kota Jayapura');
    expect(regionOfIdentifier('3199010101150001')).toBeUndefined();
  });

  it('names the reason an unknown code is refused', () => {
    expect(regionProblem('3174021503180002')).toBeNull();
    expect(regionProblem('3199021503180002')).toMatch(/3199, which is not a regency or city of province 31/);
    expect(regionProblem('0099021503180002')).toMatch(/00, which is not a province/);
  });

  it('knows provinces and regencies, and names regional offices', () => {
    expect(isKnownRegion('31')).toBe(true);
    expect(isKnownRegion('3174')).toBe(true);
    expect(isKnownRegion('3199')).toBe(false);
    expect(officeName('social-aid', '9171')).toBe('Dinas Sosial Kota Jayapura');
    expect(officeName('civil-registry', '3273')).toBe('Disdukcapil Kota Bandung');
    expect(officeName('bpjs-health', '')).toBe('BPJS Kesehatan');
    expect(areaReferenceVersion()).toBe('idn-area-data 4.0.1');
  });
});
