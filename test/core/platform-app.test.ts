import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Aspects, IAspect, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { EnvironmentClass, PlatformApp, PlatformStack } from '../../src';
import { filesUnder, PROD_PROPS, prodStack, synthAll, tempApp } from '../util';

describe('PlatformApp', () => {
  test('writes Terraform JSON and YAML where the cdktf and cdk8s CLIs expect them', () => {
    // GIVEN
    const { app, stack, dir } = prodStack();
    const chart = stack.addChart('demo');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' } });

    // WHEN
    const { result, tf, k8s } = synthAll(app);

    // THEN
    expect(result.stacks).toEqual([{ name: 'prod', file: path.join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), resources: 0 }]);
    expect(fs.existsSync(path.join(dir, 'cdktf.out', 'manifest.json'))).toBe(true);
    expect(result.charts).toEqual([{ name: 'prod-demo', file: path.join(dir, 'dist', 'prod-demo.k8s.yaml'), objects: 1 }]);
    expect(tf.prod.provider.aws[0].region).toBe('eu-west-1');
    expect(k8s).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' } }]);
  });

  test('writes what the checks saw, cross-stack references included, and the stacks stay usable afterwards', () => {
    // GIVEN a stack whose resource references a resource of another stack (cdktf adds an output to
    // the first and a remote-state data source to the second when it prepares the second)
    const { app, stack: shared } = prodStack({}, 'shared');
    const safe = { imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } };
    const repo = new EcrRepository(shared, 'repo', { name: 'acme/shared/base', ...safe });
    const consumer = new PlatformStack(app, 'consumer', { ...PROD_PROPS, environmentName: 'staging', environmentClass: EnvironmentClass.STAGING });
    new EcrRepository(consumer, 'mirror', { name: 'acme/staging/mirror', tags: { source: repo.arn }, ...safe });

    // WHEN
    const { result, tf } = synthAll(app);

    // THEN the shared stack's JSON holds the output the consumer's preparation added
    expect(Object.keys(tf.shared.output ?? {})).toHaveLength(1);
    expect(tf.consumer.data.terraform_remote_state).toBeDefined();
    expect(JSON.stringify(tf.consumer.resource.aws_ecr_repository.mirror.tags.source)).toMatch(/data\.terraform_remote_state/);
    expect(result.stacks.map((s) => s.resources)).toEqual([1, 1]);
    // and the stacks render as cdktf renders them (the shortcut used while writing is gone)
    expect(JSON.parse(JSON.stringify(shared.toTerraform()))).toEqual(tf.shared);
    expect(Object.prototype.hasOwnProperty.call(shared, 'toTerraform')).toBe(false);
  });

  test('defaults to the CLIs\' own output directories', () => {
    const app = new PlatformApp();
    expect(app.terraform.outdir).toBe(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
    expect(app.kubernetes.outdir).toBe(process.env.CDK8S_OUTDIR ?? 'dist');
  });

  test('a Terraform token in YAML stops synthesis, names the construct and writes nothing', () => {
    // GIVEN a Deployment image taken from an ECR repository's URL attribute (a Terraform token)
    const { app, stack, dir } = prodStack();
    const repo = new EcrRepository(stack, 'repo', { name: 'acme/prod/x' });
    const chart = stack.addChart('leak');
    new ApiObject(chart, 'dep', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'leaky', namespace: 'default' },
      spec: { containers: [{ name: 'x', image: `${repo.repositoryUrl}:1.0.0` }] },
    });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/Chart 'prod-leak', Pod 'leaky': 'spec\.containers\[0\]\.image' holds \$\{TfToken\[TOKEN\.\d+\]\}:1\.0\.0, a value known only when Terraform applies; .*derive it from the PlatformContext/);
    expect(filesUnder(dir)).toEqual([]);
  });

  test('a Terraform number token in YAML is found too', () => {
    const { app, stack } = prodStack();
    const repo = new EcrRepository(stack, 'repo', { name: 'acme/prod/x' });
    const chart = stack.addChart('num');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, data: { n: Token.asNumber(repo.id) } });
    expect(() => app.synth()).toThrow(/ConfigMap 'n': 'data\.n' holds -\d\.\d+e\+\d+, a value known only when Terraform applies/);
  });

  test('a Terraform attribute object in YAML stops synthesis and names the chart', () => {
    const { app, stack, dir } = prodStack();
    const repo = new EcrRepository(stack, 'repo', { name: 'acme/prod/x' });
    const chart = stack.addChart('obj');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' }, data: { scan: (repo.imageScanningConfiguration as any).scanOnPush } });
    expect(() => app.synth()).toThrow(/Chart 'prod-obj': .*not Terraform attributes/);
    expect(filesUnder(dir)).toEqual([]);
  });

  test('a cdk8s value in Terraform JSON stops synthesis and names the resource and construct', () => {
    // GIVEN a cdk8s Lazy and Duration handed to a Terraform resource
    const { app, stack, dir } = prodStack();
    new EcrRepository(stack, 'repo', {
      name: Lazy.any({ produce: () => 'late' }) as any,
      tags: { ttl: Duration.hours(1) as any },
    });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/Terraform resource 'aws_ecr_repository\.repo' \(construct 'prod\/repo'\): 'name' holds an unresolved value <\w+ instance>/);
    expect(() => app.synth()).toThrow(/'tags\.ttl' holds an unresolved value <Duration instance>/);
    expect(filesUnder(dir)).toEqual([]);
  });

  test('a failed construct validation lists every problem and writes nothing', () => {
    const { app, stack, dir } = prodStack();
    stack.node.addValidation({ validate: () => ['first problem', 'second problem'] });
    expect(() => app.synth()).toThrow(/2 problem\(s\):\n  - prod: first problem\n  - prod: second problem/);
    expect(filesUnder(dir)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]); // not even empty folders
  });

  test('charts written before a later chart fails its checks leave nothing behind, not even the folders made for them', () => {
    // GIVEN output folders below folders that do not exist yet, a chart that passes and, after
    // it in the synthesis order, a chart holding a Terraform token
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-'));
    const app = new PlatformApp({ terraformOutdir: path.join(dir, 'out', 'cdktf.out'), kubernetesOutdir: path.join(dir, 'out', 'k8s', 'dist'), quiet: true });
    const stack = new PlatformStack(app, 'prod', PROD_PROPS);
    const repo = new EcrRepository(stack, 'repo', { name: 'acme/prod/x' });
    new ApiObject(stack.addChart('a-good'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good' }, data: { v: '1' } });
    new ApiObject(stack.addChart('b-leak'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leak' }, data: { url: repo.repositoryUrl } });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/Chart 'prod-b-leak', ConfigMap 'leak': 'data\.url' holds/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('new PlatformApp() creates no folder: not the output folders, not their parents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-'));
    new PlatformApp({ terraformOutdir: path.join(dir, 'out', 'nested', 'cdktf.out'), kubernetesOutdir: path.join(dir, 'out', 'dist'), quiet: true });
    new PlatformApp({ terraformOutdir: path.join(dir, 'cdktf.out'), quiet: true });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a failure while writing the YAML leaves the previous outputs untouched and no staging folder behind', () => {
    // GIVEN the outputs of a first synth
    const { app, stack, dir } = prodStack();
    new ApiObject(stack.addChart('demo'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' }, data: { v: '1' } });
    app.synth();
    const before = filesUnder(dir).sort().map((f) => [f, fs.readFileSync(f, 'utf-8')]);

    // WHEN a changed program synthesizes to the same Terraform folder, and its YAML cannot be
    // written (its folder's parent is a file)
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    const next = new PlatformApp({ terraformOutdir: path.join(dir, 'cdktf.out'), kubernetesOutdir: path.join(dir, 'blocker', 'dist'), quiet: true });
    const changed = new PlatformStack(next, 'prod', PROD_PROPS);
    new EcrRepository(changed, 'repo', { name: 'acme/prod/x', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    new ApiObject(changed.addChart('demo'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' }, data: { v: '2' } });
    expect(() => next.synth()).toThrow(/writing the outputs failed, nothing was changed on disk: E(NOTDIR|EXIST)/);

    // THEN the Terraform JSON is the previous one, and nothing else appeared
    expect(filesUnder(dir).sort().map((f) => [f, fs.readFileSync(f, 'utf-8')])).toEqual([...before, [path.join(dir, 'blocker'), '']].sort());
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  test('a synth replaces its own files and leaves others in the output folders alone (local state, .terraform)', () => {
    const { app, stack, dir } = prodStack();
    const state = path.join(dir, 'cdktf.out', 'stacks', 'prod', 'terraform.prod.tfstate');
    fs.mkdirSync(path.dirname(state), { recursive: true });
    fs.writeFileSync(state, '{"version":4}');
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'stale');
    new EcrRepository(stack, 'repo', { name: 'acme/prod/x', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    const { tf } = synthAll(app);
    expect(fs.readFileSync(state, 'utf-8')).toBe('{"version":4}');
    expect(Object.keys(tf.prod.resource.aws_ecr_repository)).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]); // no staging folder left
  });

  test('YAML of a chart that is gone (renamed or removed since the last synth) is removed; other files in the YAML folder stay', () => {
    // GIVEN a YAML folder holding the file of a chart the program no longer has, and a file of the user's
    const { app, stack, dir } = prodStack();
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'prod-old-name.k8s.yaml'), 'kind: ConfigMap\n');
    fs.writeFileSync(path.join(dist, 'kustomization.yaml'), 'resources: []\n');
    new ApiObject(stack.addChart('demo'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' } });

    // WHEN
    app.synth();

    // THEN the folder holds this synthesis's charts and the user's file, as `cdk8s synth` would leave
    // the charts (it empties the folder first)
    expect(fs.readdirSync(dist).sort()).toEqual(['kustomization.yaml', 'prod-demo.k8s.yaml']);
  });

  test('a synth that fails leaves the previous YAML, stale files included', () => {
    const { app, stack, dir } = prodStack();
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'prod-old-name.k8s.yaml'), 'kind: ConfigMap\n');
    new ApiObject(stack.addChart('demo'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'default' }, data: { token: Token.asString(new EcrRepository(stack, 'r', { name: 'acme/prod/r', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } }).arn) } });
    expect(() => app.synth()).toThrow(/synthesis stopped before writing anything/);
    expect(fs.readdirSync(dist)).toEqual(['prod-old-name.k8s.yaml']);
  });

  test('the same input gives byte-identical output', () => {
    const build = () => {
      const { app, stack, dir } = prodStack();
      new EcrRepository(stack, 'repo', { name: 'acme/prod/x', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: [{ encryptionType: 'KMS' }] });
      const chart = stack.addChart('demo');
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, data: { b: '2', a: '1' } });
      app.synth();
      return filesUnder(dir).sort().map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf-8')]);
    };
    expect(build()).toEqual(build());
  });

  describe('cdktf Aspects', () => {
    /** Tags every ECR repository and counts its visits by construct path. */
    class CostCenter implements IAspect {
      public readonly visits = new Map<string, number>();
      public visit(node: IConstruct): void {
        this.visits.set(node.node.path, (this.visits.get(node.node.path) ?? 0) + 1);
        if (node instanceof EcrRepository) {
          node.tags = { ...node.tagsInput, 'cost-center': 'cc-42' };
        }
      }
    }
    const repoProps = { name: 'acme/prod/x', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } };

    test('take effect in the first synth, visiting each construct once, and the output is what cdktf\'s App.synth() writes', () => {
      // GIVEN two identical programs with an Aspect on the stack
      const program = () => {
        const { app, stack, dir } = prodStack();
        new EcrRepository(stack, 'repo', repoProps);
        const aspect = new CostCenter();
        Aspects.of(stack).add(aspect);
        return { app, dir, aspect };
      };
      const library = program();
      const upstream = program();

      // WHEN one is synthesized by PlatformApp, the other by cdktf itself
      const { tf } = synthAll(library.app);
      fs.mkdirSync(path.join(upstream.dir, 'cdktf.out', 'stacks'), { recursive: true });
      upstream.app.terraform.synth();

      // THEN the first synth carries the Aspect's change, and the checks saw it
      expect(tf.prod.resource.aws_ecr_repository.repo.tags).toEqual({ 'cost-center': 'cc-42' });
      // AND every construct was visited exactly once, as cdktf visits them
      expect([...library.aspect.visits.values()].every((n) => n === 1)).toBe(true);
      expect(library.aspect.visits).toEqual(upstream.aspect.visits);
      // AND the file is cdktf's, byte for byte
      const file = (dir: string) => fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf-8');
      expect(file(library.dir)).toBe(file(upstream.dir));
    });

    test('an Aspect that adds a resource visits the stack once per synth, and the Aspects stay in place for the next synth', () => {
      // GIVEN an Aspect that adds a resource to the stack it visits (twice would be a duplicate ID)
      const { app, stack } = prodStack();
      let stackVisits = 0;
      Aspects.of(stack).add({
        visit: (node: IConstruct) => {
          if (node instanceof TerraformStack) {
            stackVisits++;
            if (node.node.tryFindChild('audit') === undefined) {
              new EcrRepository(node as Construct, 'audit', { ...repoProps, name: 'acme/prod/audit' });
            }
          }
        },
      });

      // WHEN synthesized once, THEN the Aspect visited the stack once and its resource is there
      const first = synthAll(app).tf;
      expect(stackVisits).toBe(1);
      expect(Object.keys(first.prod.resource.aws_ecr_repository)).toEqual(['audit']);
      // WHEN synthesized again, THEN once more (as cdktf's App.synth() does), the same output, and the
      // stack's Aspects are its own again
      const second = synthAll(app).tf;
      expect(stackVisits).toBe(2);
      expect(second).toEqual(first);
      expect(Aspects.of(stack).all).toHaveLength(1);
    });
  });

  test('an empty app synthesizes to an empty manifest', () => {
    const { app } = tempApp();
    expect(app.synth()).toMatchObject({ stacks: [], charts: [] });
  });
});
