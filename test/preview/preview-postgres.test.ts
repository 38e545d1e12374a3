import { Chart, Testing } from 'cdk8s';
import { PreviewPostgres, PreviewPostgresProps } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find } from '../util';

/** A PreviewPostgres alone in a plain cdk8s Chart. */
function synth(props: Partial<PreviewPostgresProps> = {}): { db: PreviewPostgres; objects: any[] } {
  const chart = new Chart(Testing.app(), 'test');
  const db = new PreviewPostgres(chart, 'Db', { namespace: 'preview-shop-pr-1', ...props });
  return { db, objects: Testing.synth(chart) };
}

describe('PreviewPostgres, alone in a plain Chart', () => {
  test('a restricted single-replica StatefulSet on emptyDir, at preview-low, with a generated password and valid objects', () => {
    const { db, objects } = synth();
    expect(objects.map((o) => o.kind)).toEqual(['Password', 'ExternalSecret', 'StatefulSet', 'Service', 'NetworkPolicy']);
    const pod = find(objects, 'StatefulSet', 'postgres').spec.template.spec;
    expect(pod.priorityClassName).toBe('preview-low');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 70, fsGroup: 70, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes[0]).toEqual({ name: 'data', emptyDir: { sizeLimit: '1024Mi' } });
    expect(find(objects, 'ExternalSecret', 'postgres-credentials').spec.target.template.data).toMatchObject({ PGHOST: 'postgres', PGPORT: '5432', PGDATABASE: 'app' });
    expect(JSON.stringify(objects)).not.toMatch(/"POSTGRES_PASSWORD","value"/);
    expect(db.secretName).toBe('postgres-credentials');
    expect(db.selector).toEqual({ 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'postgres' });
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('only pods of its namespace reach it, and it reaches only DNS', () => {
    const policy = find(synth().objects, 'NetworkPolicy', 'postgres').spec;
    expect(policy.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    expect(policy.egress).toHaveLength(1);
  });

  test('name, database, storage, image, labels and priority class are props', () => {
    const { objects } = synth({ name: 'orders-db', databaseName: 'orders', storageMib: 2048, image: 'postgres:16.4-alpine', labels: { team: 'shop' }, priorityClassName: 'workload-default' });
    const set = find(objects, 'StatefulSet', 'orders-db');
    expect(set.spec.template.spec.priorityClassName).toBe('workload-default');
    expect(set.spec.template.spec.containers[0].image).toBe('postgres:16.4-alpine');
    expect(set.metadata.labels).toMatchObject({ 'team': 'shop', 'app.kubernetes.io/version': '16.4-alpine' });
    expect(set.spec.template.spec.volumes[0].emptyDir.sizeLimit).toBe('2048Mi');
    expect(find(objects, 'ExternalSecret', 'orders-db-credentials').spec.target.template.data.PGDATABASE).toBe('orders');
  });

  describe('bad input', () => {
    test.each([
      [{ namespace: 'Preview' }, /PreviewPostgres 'test\/Db': 'namespace' \('Preview'\) is not a DNS-1123 label/],
      [{ name: 'a'.repeat(41) }, /'name' \('a{41}'\) is not a DNS-1123 label of at most 40 characters/],
      [{ image: 'postgres:latest' }, /'image' \('postgres:latest'\) uses the tag 'latest'/],
      [{ databaseName: '1app' }, /'databaseName' \('1app'\) is not a plain PostgreSQL identifier; use up to 63 lower-case letters/],
      [{ storageMib: 32 }, /'storageMib' \(32\) must be a whole number from 64 to 102400/],
    ])('%j fails', (bad, message) => {
      expect(() => synth(bad)).toThrow(message);
    });
  });
});
