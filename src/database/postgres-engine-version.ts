/**
 * A PostgreSQL engine version of RDS: a major (`PostgresEngineVersion.VER_17`; RDS applies minor
 * upgrades automatically) or a `major.minor` pinned with `PostgresEngineVersion.of('16.4')`. The
 * library is tested with majors 15, 16 and 17; `PostgresDatabase` refuses any other at synth.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-versions.html
 */
export class PostgresEngineVersion {
  /** PostgreSQL 15 (minor upgrades automatic). */
  public static readonly VER_15 = new PostgresEngineVersion('15');
  /** PostgreSQL 16 (minor upgrades automatic). */
  public static readonly VER_16 = new PostgresEngineVersion('16');
  /** PostgreSQL 17 (minor upgrades automatic), the default. */
  public static readonly VER_17 = new PostgresEngineVersion('17');

  /**
   * A version by its number: a major (`'17'`) or `major.minor` (`'16.4'`). Checked when a
   * `PostgresDatabase` uses it.
   */
  public static of(version: string): PostgresEngineVersion {
    return new PostgresEngineVersion(version);
  }

  private constructor(
    /** The version as RDS spells it, e.g. `17` or `16.4`. */
    public readonly version: string,
  ) {}
}
