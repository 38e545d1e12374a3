import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentClass, EnvironmentDefaults } from '../../src';

const README = path.resolve(__dirname, '..', '..', 'README.md');
const CLASSES = [EnvironmentClass.PRODUCTION, EnvironmentClass.STAGING, EnvironmentClass.DEVELOPMENT, EnvironmentClass.PREVIEW];

const cpu = (millis: number) => (millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`);
const mem = (mib: number) => (mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`);
const onOff = (b: boolean) => (b ? 'on' : 'off');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * Each row of the README's "Environment classes" table: the EnvironmentDefaults fields it shows
 * and how a cell spells them. A field of EnvironmentDefaults that no row shows fails the test.
 */
const ROWS: { [row: string]: { fields: Array<keyof EnvironmentDefaults>; cell: (d: EnvironmentDefaults) => string } } = {
  'replicas (min-max, autoscaled)': { fields: ['minReplicas', 'maxReplicas'], cell: (d) => `${d.minReplicas}-${d.maxReplicas}` },
  'container CPU / memory request': { fields: ['containerCpuMillis', 'containerMemoryMib'], cell: (d) => `${cpu(d.containerCpuMillis)} / ${mem(d.containerMemoryMib)}` },
  'container CPU / memory limit': {
    fields: ['containerCpuLimitMillis', 'containerMemoryLimitMib'],
    cell: (d) => `${cpu(d.containerCpuLimitMillis)} / ${mem(d.containerMemoryLimitMib)}`,
  },
  'largest container CPU / memory limit (LimitRange max)': {
    fields: ['containerMaxCpuMillis', 'containerMaxMemoryMib'],
    cell: (d) => `${cpu(d.containerMaxCpuMillis)} / ${mem(d.containerMaxMemoryMib)}`,
  },
  'team quota: CPU cores / memory / pods': {
    fields: ['quotaCpuCores', 'quotaMemoryGib', 'quotaPods'],
    cell: (d) => `${d.quotaCpuCores} / ${d.quotaMemoryGib}Gi / ${d.quotaPods}`,
  },
  'system nodes (min / desired / max)': {
    fields: ['systemPoolMinSize', 'systemPoolDesiredSize', 'systemPoolMaxSize'],
    cell: (d) => `${d.systemPoolMinSize} / ${d.systemPoolDesiredSize} / ${d.systemPoolMaxSize}`,
  },
  'log retention (days)': { fields: ['logRetentionDays'], cell: (d) => String(d.logRetentionDays) },
  'NAT gateways': { fields: ['natGatewayPerAz'], cell: (d) => (d.natGatewayPerAz ? 'one per AZ' : 'one') },
  'database deletion protection and final snapshot, backups': {
    fields: ['deletionProtection', 'backupRetentionDays'],
    cell: (d) => `${onOff(d.deletionProtection)}, ${d.backupRetentionDays} day${d.backupRetentionDays === 1 ? '' : 's'}`,
  },
  'database Multi-AZ': { fields: ['multiAz'], cell: (d) => onOff(d.multiAz) },
  'database instance class': { fields: ['databaseInstanceClass'], cell: (d) => d.databaseInstanceClass },
  'database KMS key deletion / secret recovery window (days)': {
    fields: ['keyDeletionWindowDays', 'secretRecoveryWindowDays'],
    cell: (d) => `${d.keyDeletionWindowDays} / ${d.secretRecoveryWindowDays}`,
  },
  'database automated backups deleted with it': { fields: ['deleteAutomatedBackups'], cell: (d) => yesNo(d.deleteAutomatedBackups) },
  'release reaches the GitOps folder by': { fields: ['promoteByPullRequest'], cell: (d) => (d.promoteByPullRequest ? 'pull request' : 'commit') },
  'Argo CD syncs on its own': { fields: ['gitopsAutoSync'], cell: (d) => yesNo(d.gitopsAutoSync) },
  'Backstage catalog lifecycle': { fields: ['catalogLifecycle'], cell: (d) => d.catalogLifecycle },
  'service images encrypted with the environment\'s own KMS key': { fields: ['customerManagedKeys'], cell: (d) => yesNo(d.customerManagedKeys) },
  'a workload may be switched off (`replicas: 0`)': { fields: ['allowsZeroReplicas'], cell: (d) => yesNo(d.allowsZeroReplicas) },
};

/** The README's environment-class table: row label -> the four cells, production to preview. */
function readmeTable(): Map<string, string[]> {
  const text = fs.readFileSync(README, 'utf-8');
  const start = text.indexOf('| default | production | staging | development | preview |');
  expect(start).toBeGreaterThan(0);
  const rows = new Map<string, string[]>();
  for (const line of text.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) {
      break;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.set(cells[0], cells.slice(1));
  }
  return rows;
}

describe('EnvironmentDefaults', () => {
  test('the README table shows every row this test knows, and no other', () => {
    expect([...readmeTable().keys()].sort()).toEqual(Object.keys(ROWS).sort());
  });

  test('every field of EnvironmentDefaults is shown by a README row (add a row for a new field)', () => {
    const shown = new Set(Object.values(ROWS).flatMap((r) => r.fields as string[]));
    const fields = Object.keys(EnvironmentDefaults.of(EnvironmentClass.PRODUCTION));
    expect(fields.filter((f) => !shown.has(f))).toEqual([]);
  });

  test.each(Object.keys(ROWS))('README row "%s" matches EnvironmentDefaults for every class', (row) => {
    const cells = readmeTable().get(row);
    expect(cells).toEqual(CLASSES.map((c) => ROWS[row].cell(EnvironmentDefaults.of(c))));
  });

  test('the classes get stricter toward production: more replicas, longer retention, protection on', () => {
    const [prod, staging, dev, preview] = CLASSES.map((c) => EnvironmentDefaults.of(c));
    expect(prod.minReplicas).toBeGreaterThan(preview.minReplicas);
    expect(prod.logRetentionDays).toBeGreaterThan(staging.logRetentionDays);
    expect(staging.logRetentionDays).toBeGreaterThan(dev.logRetentionDays);
    expect(dev.logRetentionDays).toBeGreaterThan(preview.logRetentionDays);
    expect([prod, staging, dev, preview].map((d) => d.deletionProtection)).toEqual([true, true, false, false]);
    expect([prod, staging, dev, preview].map((d) => d.deleteAutomatedBackups)).toEqual([false, false, true, true]);
  });

  test('a container default never exceeds the class maximum, and a request never exceeds its limit', () => {
    for (const d of CLASSES.map((c) => EnvironmentDefaults.of(c))) {
      expect(d.containerCpuMillis).toBeLessThanOrEqual(d.containerCpuLimitMillis);
      expect(d.containerMemoryMib).toBeLessThanOrEqual(d.containerMemoryLimitMib);
      expect(d.containerCpuLimitMillis).toBeLessThanOrEqual(d.containerMaxCpuMillis);
      expect(d.containerMemoryLimitMib).toBeLessThanOrEqual(d.containerMaxMemoryMib);
      expect(d.keyDeletionWindowDays).toBeGreaterThanOrEqual(7); // KMS allows 7 to 30
      expect(d.keyDeletionWindowDays).toBeLessThanOrEqual(30);
    }
  });
});
