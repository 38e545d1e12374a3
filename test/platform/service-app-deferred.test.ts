import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'yaml';
import { PlatformApp, PlatformStack, PostgresDatabase, ServiceApp, Workload } from '../../src';
import { deferBuild } from '../../src/private/engine/deferred';
import { find, PROD_PROPS, prodStack, synthAll, tempApp } from '../util';

/*
 * A ServiceApp's workload builds its cdk8s objects only while its chart is rendered, unless they
 * are read (#22, memory per service). These tests hold the deferred path to the eager one: the
 * same files, whatever is changed after construction, however often it is synthesized.
 */

const DB = {
  databaseName: 'orders',
  instanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:acme-prod-orders',
  connectionSecretName: 'acme/prod/orders/db',
  subnetCidrs: ['10.0.96.0/24', '10.0.97.0/24'],
};

/** A platform of three services with changes after construction; `read` reads every workload first. */
function platform(read: boolean): { app: PlatformApp; dir: string; services: ServiceApp[] } {
  const { app, stack, dir } = prodStack();
  const checkout = new ServiceApp(stack, 'checkout', {
    team: 'shop', imageTag: '1.4.2', env: [{ name: 'LOG_LEVEL', value: 'info' }], secrets: [{ name: 'API_KEY', property: 'apiKey' }], dependencies: ['orders'],
  });
  const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.0.0', autoscaling: { minReplicas: 3, maxReplicas: 6 } });
  const search = new ServiceApp(stack, 'search', { team: 'shop', imageTag: '1.0.0', replicas: 2 });
  const services = [checkout, orders, search];
  if (read) {
    services.forEach((s) => s.workload);
  }
  orders.connectDatabase(PostgresDatabase.fromAttributes(stack, 'OrdersDb', DB));
  checkout.grantS3Read('arn:aws:s3:::acme-assets');
  search.connect(orders);
  return { app, dir, services };
}

/** Synthesizes the app and returns every file under its Kubernetes output folder, by name. */
function yamlFilesAfterSynth(app: PlatformApp): Map<string, string> {
  app.synth();
  return yamlFiles(app);
}

/** Every file under the Kubernetes output folder, by name. */
function yamlFiles(app: PlatformApp): Map<string, string> {
  const dir = app.kubernetes.outdir;
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('ServiceApp: objects built when rendered', () => {
  test('a platform whose workloads are never read writes the files of one whose workloads are read, changes after construction included', () => {
    const deferred = platform(false);
    const eager = platform(true);
    deferred.app.synth();
    eager.app.synth();
    const files = yamlFiles(deferred.app);
    expect([...files.keys()]).toEqual(['prod-checkout.k8s.yaml', 'prod-orders.k8s.yaml', 'prod-search.k8s.yaml']);
    expect(files).toEqual(yamlFiles(eager.app));
    // The changes made after construction are in it: the database's variables and files, the grant's token, the connection.
    const objects = [...files.values()].flatMap((text) => yaml.parseAllDocuments(text).map((d) => d.toJSON()));
    const orders = find(objects, 'Deployment', 'orders').spec.template.spec;
    expect(orders.containers[0].env.map((e: any) => e.name)).toContain('PGCONNECTION_DIR');
    expect(orders.volumes.map((v: any) => v.name)).toContain('secret-orders-db-orders');
    expect(find(objects, 'Deployment', 'checkout').spec.template.spec.volumes.map((v: any) => v.name)).toContain('eks-pod-identity-token');
    expect(find(objects, 'NetworkPolicy', 'orders').spec.ingress.flatMap((r: any) => r.from.map((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/instance'])))
      .toEqual(expect.arrayContaining(['checkout', 'search']));
  });

  test('unread, the objects exist only while the chart is rendered; synthesizing again, or after a later change, builds them again', () => {
    const { app, services } = platform(false);
    const [checkout] = services;
    const workload = checkout._workload;
    expect(workload.node.children).toEqual([]);
    const first = synthAll(app);
    expect(workload.node.children).toEqual([]);
    const again = synthAll(app);
    expect(again.k8s).toEqual(first.k8s);
    // A change after a synthesis is in the next one.
    checkout.workload.addEnvVariable('REGION', 'eu-west-1');
    const third = synthAll(app);
    expect(find(third.k8s, 'Deployment', 'checkout').spec.template.spec.containers[0].env).toContainEqual({ name: 'REGION', value: 'eu-west-1' });
  });

  test('reading chart or workload builds the objects for good, so a walk of the tree finds them', () => {
    const { services } = platform(false);
    const [checkout, orders] = services;
    expect(checkout.chart.node.findAll().filter((c) => c instanceof ApiObject).map((o) => (o as ApiObject).kind))
      .toEqual(expect.arrayContaining(['Deployment', 'Service', 'ServiceAccount', 'NetworkPolicy', 'ConfigMap', 'ExternalSecret']));
    expect(orders.workload.deployment.replicas).toBeUndefined(); // autoscaled
    expect(orders.workload.node.tryFindChild('Autoscaler')).toBeDefined();
    expect(services[2]._workload.node.children).toEqual([]);
    // A workload the program adds to a service's chart builds at once, as anywhere else.
    const extra = new Workload(checkout.chart, 'Extra', { name: 'worker', namespace: 'shop', image: 'registry.example.com/worker:1.0.0' });
    expect(extra.node.tryFindChild('Deployment')).toBeDefined();
  });

  test("cdk8s's own synthesis (App.synth()) builds unread objects too", () => {
    const { app } = platform(false);
    app.kubernetes.synth();
    const text = fs.readFileSync(path.join(app.kubernetes.outdir, 'prod-search.k8s.yaml'), 'utf-8');
    const objects = yaml.parseAllDocuments(text).map((d) => d.toJSON());
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy']));
  });

  test('a workload whose build fails removes what it made; the error names the chart; the next synthesis builds it whole', () => {
    const { app, stack, dir } = prodStack();
    const checkout = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    const fail = jest.spyOn(Workload.prototype as any, 'addService').mockImplementationOnce(() => {
      throw new Error('no service today');
    });
    expect(() => app.synth()).toThrow(/Chart 'prod-checkout': its objects could not be built: no service today/);
    fail.mockRestore();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(checkout._workload.node.children).toEqual([]);
    expect(find(synthAll(app).k8s, 'Service', 'checkout').spec.ports[0]).toMatchObject({ name: 'http', port: 80 });
  });

  test('deferServiceObjects: false builds every service\'s objects when it is created, so a walk of the tree finds them; the files are the same', () => {
    const annotateAll = (app: PlatformApp) => app.kubernetes.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .forEach((o) => o.metadata.addAnnotation('example.com/cost-center', 'cc-42'));
    const eager = prodStack();
    const { app } = eager;
    const early = new PlatformApp({ terraformOutdir: path.join(eager.dir, 'early', 'cdktf.out'), kubernetesOutdir: path.join(eager.dir, 'early', 'dist'), quiet: true, deferServiceObjects: false });
    const earlyStack = new PlatformStack(early, 'prod', PROD_PROPS);
    const deferredService = new ServiceApp(eager.stack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    const earlyService = new ServiceApp(earlyStack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    expect(deferredService._workload.node.children).toEqual([]);
    expect(earlyService._workload.node.tryFindChild('Deployment')).toBeDefined();
    expect(yamlFilesAfterSynth(app)).toEqual(yamlFilesAfterSynth(early));
    annotateAll(early);
    expect(find(synthAll(early).k8s, 'Deployment', 'checkout').metadata.annotations).toMatchObject({ 'example.com/cost-center': 'cc-42' });
    annotateAll(app); // the pattern the prop is for: unread, the deferred service's objects are not in the walk
    expect(find(synthAll(app).k8s, 'Deployment', 'checkout').metadata.annotations ?? {}).not.toHaveProperty('example.com/cost-center');
  });

  test('objects built for a rendering are validated: a problem stops synthesis, names the construct, and writes nothing', () => {
    const { app, stack, dir } = prodStack();
    new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    const chart = new Chart(app.kubernetes, 'late');
    const holder = new Construct(chart, 'Holder');
    deferBuild(chart, {
      scope: holder,
      buildForRender: () => {
        const obj = new ApiObject(holder, 'Thing', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'thing' } });
        obj.node.addValidation({ validate: () => ['the thing is wrong'] });
        return true;
      },
      release: () => holder.node.tryRemoveChild('Thing'),
    });
    expect(() => app.synth()).toThrow(/late\/Holder\/Thing: the thing is wrong/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(holder.node.children).toEqual([]); // let go after the failed rendering too
  });

  test('a build that throws stops synthesis naming the chart, and what the chart\'s other builds made is let go', () => {
    const { app, dir } = tempApp();
    const chart = new Chart(app.kubernetes, 'late');
    const first = new Construct(chart, 'First');
    deferBuild(chart, {
      scope: first,
      buildForRender: () => {
        new ApiObject(first, 'Thing', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'thing' } });
        return true;
      },
      release: () => first.node.tryRemoveChild('Thing'),
    });
    deferBuild(chart, {
      scope: new Construct(chart, 'Second'),
      buildForRender: () => {
        throw new Error('cannot build');
      },
      release: () => undefined,
    });
    expect(() => app.synth()).toThrow(/Chart 'late': its objects could not be built: cannot build/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(first.node.children).toEqual([]);
  });
});
