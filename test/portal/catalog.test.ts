import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as yaml from 'yaml';
import { Catalog, EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, PortalOptions, PostgresDatabase, ServiceApp, ServiceRepository } from '../../src';
import { prodStack, PROD_PROPS, tempApp } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const KINDS = new Set(['Component', 'Resource', 'System', 'Group', 'Location']);

/** Every entity of a catalog folder, by the file that holds it. */
function readCatalog(dir: string): Array<{ file: string; entity: any }> {
  const out: Array<{ file: string; entity: any }> = [];
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('catalog-info.yaml')).sort()) {
    for (const doc of yaml.parseAllDocuments(fs.readFileSync(path.join(dir, rel), 'utf-8'))) {
      out.push({ file: rel, entity: doc.toJSON() });
    }
  }
  return out;
}

function refOf(e: any): string {
  return `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;
}

/**
 * The rules a Backstage catalog processor applies to these entities: apiVersion, kind, name and
 * namespace syntax, required spec fields per kind, unique references, owners that are Groups,
 * relations that resolve, Location targets that exist. Returns the problems found.
 * @see https://backstage.io/docs/features/software-catalog/descriptor-format
 */
function catalogProblems(dir: string): string[] {
  const problems: string[] = [];
  const entries = readCatalog(dir);
  const refs = new Map<string, any>();
  for (const { file, entity: e } of entries) {
    const where = `${file} ${e?.kind} ${e?.metadata?.name}`;
    if (e.apiVersion !== 'backstage.io/v1alpha1') problems.push(`${where}: apiVersion ${e.apiVersion}`);
    if (!KINDS.has(e.kind)) problems.push(`${where}: kind ${e.kind}`);
    for (const [field, value] of [['name', e.metadata?.name], ['namespace', e.metadata?.namespace ?? 'default']]) {
      if (typeof value !== 'string' || value.length > 63 || !ENTITY_NAME.test(value)) problems.push(`${where}: metadata.${field} '${value}'`);
    }
    const required: Record<string, string[]> = {
      Component: ['type', 'lifecycle', 'owner'], Resource: ['type', 'owner'], System: ['owner'], Group: ['type', 'children'], Location: ['targets'],
    };
    for (const field of required[e.kind] ?? []) {
      if (e.spec?.[field] === undefined || e.spec[field] === '') problems.push(`${where}: spec.${field} missing`);
    }
    if (refs.has(refOf(e))) problems.push(`${where}: ${refOf(e)} defined twice`);
    refs.set(refOf(e), e);
    for (const target of e.kind === 'Location' ? e.spec.targets : []) {
      if (!fs.existsSync(path.join(dir, path.dirname(file), target))) problems.push(`${where}: target ${target} missing`);
    }
  }
  for (const { file, entity: e } of entries) {
    const where = `${file} ${e.kind} ${e.metadata.name}`;
    const relations: Array<[string, string, string]> = [];
    if (e.spec?.owner) relations.push(['owner', e.spec.owner, 'group']);
    if (e.spec?.system) relations.push(['system', e.spec.system, 'system']);
    for (const d of e.spec?.dependsOn ?? []) relations.push(['dependsOn', d, '']);
    for (const [field, target, kind] of relations) {
      if (!/^[a-z]+:[^/]+\/[^/]+$/.test(target)) problems.push(`${where}: spec.${field} '${target}' is not a full entity reference`);
      if (!refs.has(target)) problems.push(`${where}: spec.${field} '${target}' resolves to no entity`);
      if (kind && !target.startsWith(`${kind}:`)) problems.push(`${where}: spec.${field} '${target}' is not a ${kind}`);
    }
  }
  return problems;
}

/** A quiet PlatformApp writing into `dir`, with catalog options. */
function appWith(dir: string, catalog: PortalOptions): PlatformApp {
  return new PlatformApp({ terraformOutdir: path.join(dir, 'cdktf.out'), kubernetesOutdir: path.join(dir, 'dist'), quiet: true, catalog });
}

/** Synthesizes an example in this process, into a temporary folder; returns its catalog folder. */
function synthExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-${name}-`));
  const saved = { ...process.env };
  process.env.CDKTF_OUTDIR = path.join(dir, 'cdktf.out');
  process.env.CDK8S_OUTDIR = path.join(dir, 'dist');
  // examples/platform also writes its GitHub workflows (to ./workflows, the checkout's root here, by default).
  process.env.WORKFLOW_OUTDIR = path.join(dir, 'workflows');
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(ROOT, 'examples', name, 'main.ts')));
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
    process.env = saved;
  }
  return path.join(dir, 'catalog');
}

describe('the examples\' catalogs', () => {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts'))).sort();
  const catalogs = new Map<string, string>();
  beforeAll(() => {
    for (const example of examples) {
      catalogs.set(example, synthExample(example));
    }
  });

  test.each(examples)('examples/%s: every entity validates and every relation resolves', (example) => {
    const dir = catalogs.get(example)!;
    expect(readCatalog(dir).length).toBeGreaterThan(2);
    expect(catalogProblems(dir)).toEqual([]);
  });

  test.each(examples)('examples/%s: nothing of the catalog is in the Kubernetes YAML', (example) => {
    const dist = path.join(path.dirname(catalogs.get(example)!), 'dist');
    for (const f of fs.readdirSync(dist)) {
      expect(fs.readFileSync(path.join(dist, f), 'utf-8')).not.toMatch(/backstage\.io/);
    }
  });

  test('examples/service: a Component per ServiceApp with owner, lifecycle, system, dependsOn and Kubernetes annotations', () => {
    // The example has a production and a development stack: each environment is a catalog namespace.
    const all = readCatalog(catalogs.get('service')!).map((e) => e.entity);
    expect(new Set(all.filter((e) => e.kind !== 'Group' && e.kind !== 'Location').map((e) => e.metadata.namespace))).toEqual(new Set(['acme-dev', 'acme-prod']));
    expect(all.filter((e) => e.kind === 'Component' && e.metadata.name === 'checkout').map((e) => e.spec.lifecycle).sort()).toEqual(['development', 'production']);
    const entities = all.filter((e) => e.kind === 'Group' || e.metadata.namespace === 'acme-prod');
    const checkout = entities.find((e) => e.kind === 'Component' && e.metadata.name === 'checkout');
    expect(checkout.metadata.namespace).toBe('acme-prod');
    expect(checkout.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/shop',
      system: 'system:acme-prod/acme-prod',
      dependsOn: ['component:acme-prod/orders', 'resource:acme-prod/checkout-ecr'],
    });
    expect(checkout.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'shop',
      'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/instance=checkout',
    });
    expect(checkout.metadata.links).toContainEqual({ url: 'https://checkout.prod.acme.example.com', title: 'Public endpoint', icon: 'web' });
    const orders = entities.find((e) => e.kind === 'Component' && e.metadata.name === 'orders');
    expect(orders.spec.dependsOn).toEqual(['resource:acme-prod/orders-ecr', 'resource:acme-prod/orders-postgres']);
    const db = entities.find((e) => e.kind === 'Resource' && e.metadata.name === 'orders-postgres');
    expect(db.spec).toEqual({ type: 'database', owner: 'group:default/shop', system: 'system:acme-prod/acme-prod' });
    const ecr = entities.find((e) => e.kind === 'Resource' && e.metadata.name === 'checkout-ecr');
    expect(ecr.metadata.links[0].url).toBe('https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/acme/prod/checkout?region=eu-west-1');
    expect(entities.filter((e) => e.kind === 'Group').map((e) => e.metadata.name)).toEqual(['platform', 'shop']);
  });

  test('examples/platform: each environment\'s cluster is a Resource of the platform team and every team a Group', () => {
    const entities = readCatalog(catalogs.get('platform')!).map((e) => e.entity);
    expect([...new Set(entities.filter((e) => e.kind === 'Group').map((e) => e.metadata.name))].sort()).toEqual(['payments', 'platform', 'shop']);
    const clusters = entities.filter((e) => e.kind === 'Resource' && e.spec.type === 'kubernetes-cluster');
    expect(clusters.map((c) => [c.metadata.name, c.spec])).toEqual(expect.arrayContaining([
      ['acme-prod-eks', { type: 'kubernetes-cluster', owner: 'group:default/platform', system: 'system:acme-prod/acme-prod' }],
      ['acme-dev-eks', { type: 'kubernetes-cluster', owner: 'group:default/platform', system: 'system:acme-dev/acme-dev' }],
    ]));
    expect(clusters).toHaveLength(2);
  });

  test('examples/preview: the lifecycle of a preview is experimental, and its services pull from the host\'s repositories (no ECR entity)', () => {
    const entities = readCatalog(catalogs.get('preview')!).map((e) => e.entity);
    const components = entities.filter((e) => e.kind === 'Component');
    expect(components.map((c) => c.spec.lifecycle)).toEqual(['experimental', 'experimental']);
    expect(entities.filter((e) => e.kind === 'Resource')).toEqual([]);
  });

  test('the validator finds broken entities (it can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-broken-'));
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), yaml.stringify({
      apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'bad name' }, spec: { type: 'service', owner: 'group:default/nobody', dependsOn: ['x'] },
    }));
    expect(catalogProblems(dir)).toEqual(expect.arrayContaining([
      expect.stringContaining("metadata.name 'bad name'"),
      expect.stringContaining('spec.lifecycle missing'),
      expect.stringContaining("spec.owner 'group:default/nobody' resolves to no entity"),
      expect.stringContaining("spec.dependsOn 'x' is not a full entity reference"),
    ]));
  });
});

describe('Catalog', () => {
  test('the output is deterministic: two syntheses write the same bytes', () => {
    const files = [0, 1].map(() => {
      const { app, dir } = tempApp();
      const stack = new PlatformStack(app, 'prod', PROD_PROPS);
      const db = new PostgresDatabase(stack, 'db', { databaseName: 'orders', subnetIds: ['s1', 's2'], vpcId: 'vpc-1', allowedSecurityGroupIds: ['sg-1'], subnetCidrs: ['10.0.0.0/24'] });
      const b = new ServiceApp(stack, 'b', { team: 'shop', imageTag: '1.0.0' });
      const a = new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1.0.0', dependencies: ['b'] });
      a.connectDatabase(db);
      b.connectDatabase(db);
      app.synth();
      return ['catalog-info.yaml', 'acme-prod/catalog-info.yaml', 'acme-prod/diagram.md'].map((f) => fs.readFileSync(path.join(dir, 'catalog', f), 'utf-8'));
    });
    expect(files[0]).toEqual(files[1]);
    // A dependency by name (wired at validation) is a relation too.
    const a = yaml.parseAllDocuments(files[0][1]).map((d) => d.toJSON()).find((e) => e.metadata.name === 'a');
    expect(a.spec.dependsOn).toEqual(['component:acme-prod/b', 'resource:acme-prod/a-ecr', 'resource:acme-prod/orders-postgres']);
  });

  test('a database used by services of two teams belongs to the platform team', () => {
    const { stack } = prodStack();
    const db = new PostgresDatabase(stack, 'db', { databaseName: 'shared', subnetIds: ['s1', 's2'], vpcId: 'vpc-1', allowedSecurityGroupIds: ['sg-1'], subnetCidrs: ['10.0.0.0/24'] });
    new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1.0.0' }).connectDatabase(db);
    new ServiceApp(stack, 'b', { team: 'payments', imageTag: '1.0.0' }).connectDatabase(db);
    const catalog = Catalog.gather([stack]);
    const entity = catalog.toEntities(catalog.environmentList[0]).find((e) => e.metadata.name === 'shared-postgres');
    expect(entity.spec.owner).toBe('group:default/platform');
  });

  test('PlatformApp catalog options: another folder and platform team, or no catalog at all', () => {
    const { dir } = tempApp();
    const other = path.join(dir, 'portal');
    const app = appWith(dir, { outdir: other, platformTeam: 'infra' });
    new PlatformCluster(new PlatformStack(app, 'prod', PROD_PROPS), 'cluster');
    app.synth();
    expect(fs.readFileSync(path.join(other, 'acme-prod', 'catalog-info.yaml'), 'utf-8')).toMatch(/owner: group:default\/infra/);
    expect(fs.existsSync(path.join(dir, 'catalog'))).toBe(false);

    const offDir = tempApp().dir;
    const off = appWith(offDir, { enabled: false });
    new ServiceApp(new PlatformStack(off, 'prod', PROD_PROPS), 'a', { team: 'shop', imageTag: '1.0.0' });
    off.synth();
    expect(fs.existsSync(path.join(offDir, 'catalog'))).toBe(false);
    expect(fs.existsSync(path.join(offDir, 'dist'))).toBe(true);
  });

  test('two environments of one app: a folder each, listed by the root Location, one Group per team', () => {
    const { app, dir } = tempApp();
    new ServiceApp(new PlatformStack(app, 'prod', PROD_PROPS), 'a', { team: 'shop', imageTag: '1.0.0' });
    new ServiceApp(new PlatformStack(app, 'staging', { ...PROD_PROPS, environmentName: 'staging', environmentClass: EnvironmentClass.STAGING }), 'a', { team: 'shop', imageTag: '1.0.0' });
    app.synth();
    const root = yaml.parseAllDocuments(fs.readFileSync(path.join(dir, 'catalog', 'catalog-info.yaml'), 'utf-8')).map((d) => d.toJSON());
    expect(root.find((e) => e.kind === 'Location').spec.targets).toEqual(['./acme-prod/catalog-info.yaml', './acme-staging/catalog-info.yaml']);
    expect(root.filter((e) => e.kind === 'Group').map((e) => e.metadata.name)).toEqual(['platform', 'shop']);
    expect(fs.readFileSync(path.join(dir, 'catalog', 'acme-staging', 'catalog-info.yaml'), 'utf-8')).toMatch(/lifecycle: staging/);
    expect(catalogProblems(path.join(dir, 'catalog'))).toEqual([]);
  });

  test('a name that is not an entity name stops synthesis, naming the construct', () => {
    const { dir } = tempApp();
    const app = appWith(dir, { platformTeam: 'platform team' });
    new PlatformStack(app, 'prod', PROD_PROPS);
    expect(() => app.synth()).toThrow(/Catalog '<catalog>': 'platformTeam' \('platform team'\) is not a Backstage entity name/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('two entities of one name in an environment are refused, naming both constructs', () => {
    const { stack } = prodStack();
    new ServiceRepository(stack, 'one', { repositoryName: 'team-a/orders' });
    new ServiceRepository(stack, 'two', { repositoryName: 'team-b/orders' });
    expect(() => Catalog.gather([stack])).toThrow(/Catalog 'prod\/two': 'name' \('orders-ecr'\) names a Resource the catalog has already, from 'prod\/one'/);
  });

  test('two environments of one name are refused', () => {
    const { app } = tempApp();
    new PlatformStack(app, 'one', PROD_PROPS);
    new PlatformStack(app, 'two', PROD_PROPS);
    expect(() => Catalog.gather([app.terraform])).toThrow(/Catalog 'two': environment 'acme-prod' is in the catalog already, from 'one'/);
  });

  test('a construct that adds two entities is refused', () => {
    const { stack } = prodStack();
    const twice = new (class extends Construct {
      public addToCatalog(catalog: Catalog) {
        catalog.addResource(this, { name: 'x', type: 'queue' });
        catalog.addResource(this, { name: 'y', type: 'queue' });
      }
    })(stack, 'twice');
    expect(twice.node.path).toBe('prod/twice');
    expect(() => Catalog.gather([stack])).toThrow(/Catalog 'prod\/twice': this construct added a second entity to the catalog/);
  });

  test('constructs of your own join the catalog through ICatalogSource, with no special case', () => {
    const { stack } = prodStack();
    const service = new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1.0.0' });
    const queue = new (class extends Construct {
      public addToCatalog(catalog: Catalog) {
        catalog.addResource(this, { name: 'orders-queue', type: 'queue' });
      }
    })(stack, 'queue');
    const worker = new (class extends Construct {
      public addToCatalog(catalog: Catalog) {
        catalog.addComponent(this, { name: 'worker', team: 'billing', type: 'job', dependsOn: [queue, service, new Construct(stack, 'not-in-catalog')] });
      }
    })(stack, 'worker');
    const catalog = Catalog.gather([stack]);
    expect(catalog.entityRefOf(queue)).toBe('resource:acme-prod/orders-queue');
    const entities = catalog.toEntities(catalog.environmentList[0]);
    expect(entities.find((e) => e.metadata.name === 'worker').spec).toEqual({
      type: 'job',
      lifecycle: 'production',
      owner: 'group:default/billing',
      system: 'system:acme-prod/acme-prod',
      dependsOn: ['component:acme-prod/a', 'resource:acme-prod/orders-queue'],
    });
    // The queue's owner: the one team whose components depend on it.
    expect(entities.find((e) => e.metadata.name === 'orders-queue').spec.owner).toBe('group:default/billing');
    expect(catalog.toEntities().map((e) => e.metadata.name)).toEqual(['billing', 'platform', 'shop']);
    expect(worker.node.id).toBe('worker');
  });

  test('outside a PlatformStack, entities go to the default namespace with no system and no console link', () => {
    const { app } = tempApp();
    const scope = new TerraformStack(app.terraform, 'plain');
    new ServiceRepository(scope, 'repo', { repositoryName: 'shop/orders' });
    const catalog = Catalog.gather([app.terraform]);
    expect(catalog.toEntities()).toContainEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'orders-ecr', namespace: 'default', description: "ECR repository 'shop/orders'" },
      spec: { type: 'container-registry', owner: 'group:default/platform' },
    });
  });
});
