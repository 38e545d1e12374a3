import { PostgresEngineVersion } from '../../src';

describe('PostgresEngineVersion', () => {
  test('the tested majors, and any version by number', () => {
    expect([PostgresEngineVersion.VER_15, PostgresEngineVersion.VER_16, PostgresEngineVersion.VER_17].map((v) => v.version)).toEqual(['15', '16', '17']);
    expect(PostgresEngineVersion.of('16.4').version).toBe('16.4');
  });
});
