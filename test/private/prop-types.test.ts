import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Chart, Testing as K8sTesting } from 'cdk8s';
import { Lazy, TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  AutoModeNodePool, ContainerInsightsLogGroups, EksControlPlane, EncryptionKey, HelmChartApplication, KarpenterNodePool, ManagedNodePool,
  PlatformCluster, PlatformNetwork, PlatformStack, PostgresDatabase, PreviewDatabase, PreviewEnvironment, PreviewPostgres, ScoreWorkload,
  ServiceApp, ServiceRepository, TeamNamespace, Workload, PreviewJanitor, EnvironmentDns, PostgresAlarms, PrometheusWorkspace, ServiceDashboard,
  ServiceAlertRules, AlertRouting, Karpenter, ExternalSecretsOperator, AwsLoadBalancerController, InClusterGrafana, AutoModeIngressClass,
  PlatformAddonProject, PlatformApp, StateBackend, Catalog, PlatformContext, PlatformObservability, PlatformParameters,
  ArgoCdCapability, EnvironmentApplicationSet, TeamProject, GithubOidcProvider, GithubDeployRole, CiIdentity, PlatformGitOps,
  AppDeliveryWorkflow, PlatformDeliveryWorkflow, GithubSubject,
} from '../../src';
import { checkProps, propTypes, required, SIZE, T } from '../../src/private/prop-types';
import { PROD_PROPS, prodStack, tempApp } from '../util';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/web:1.2.3';

/** What a JavaScript caller can pass: anything. */
const js = (props: object): any => props;
/** Valid PreviewEnvironment props; each case changes one. */
const PREVIEW = {
  platformName: 'acme',
  hostEnvironmentName: 'dev',
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'preview.acme.example.com',
  pullRequest: 12,
  branch: 'b',
  commit: 'c',
  team: 'shop',
  createdAt: '2026-11-21T09:00:00Z',
};

describe('checkProps (src/private/prop-types.ts)', () => {
  const scope = new Construct(undefined as any, 'thing');
  const TYPES = propTypes('ThingTestProps', {
    name: required(T.string),
    count: T.number,
    size: SIZE,
    tags: T.stringMap,
    nested: T.struct(propTypes('ThingTestNested', { on: T.boolean })),
    list: T.structs(propTypes('ThingTestItem', { id: required(T.number) })),
  });

  test('a wrong type, a missing required prop and a props value that is no object fail naming the prop and the expected type', () => {
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', count: '3' }), TYPES)).toThrow("Thing 'thing': 'count' ('3') is a string, not a number; pass a number, e.g. 3");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', size: '512Mi' }), TYPES)).toThrow("Thing 'thing': 'size' ('512Mi') is a string, not a Size; pass a Size, e.g. Size.mebibytes(512)");
    expect(() => checkProps(scope, 'Thing', js({ count: 3 }), TYPES)).toThrow("Thing 'thing': 'name' (undefined) is required (a string); pass a string");
    expect(() => checkProps(scope, 'Thing', 'name', TYPES)).toThrow("Thing 'thing': 'props' ('name') is a string, not a ThingTestProps object; pass an object of ThingTestProps");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', tags: { team: 1 } }), TYPES)).toThrow("'tags' ({\"team\":1}) is an object, not a map of strings");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', nested: { on: 'yes' } }), TYPES)).toThrow("Thing 'thing': 'nested.on' ('yes') is a string, not a boolean; pass true or false");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', nested: [] }), TYPES)).toThrow("'nested' ([]) is an array, not a ThingTestNested object");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', list: [{ id: 1 }, {}] }), TYPES)).toThrow("Thing 'thing': 'list[1].id' (undefined) is required (a number)");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', list: { id: 1 } }), TYPES)).toThrow("'list' ({\"id\":1}) is an object, not a list of ThingTestItem");
    expect(() => checkProps(scope, 'Thing', js({ name: 'a', count: NaN }), TYPES)).toThrow("'count' (null) is NaN, not a number");
  });

  test('right types, unset optional props and tokens pass', () => {
    expect(() => checkProps(scope, 'Thing', { name: 'a' }, TYPES)).not.toThrow();
    expect(() => checkProps(scope, 'Thing', { name: Token.asString(Lazy.stringValue({ produce: () => 'a' })), count: Token.asNumber(Lazy.numberValue({ produce: () => 1 })) }, TYPES))
      .not.toThrow();
  });
});

describe('the main constructs check their props\' types for JavaScript callers', () => {
  test('ServiceApp: a string for a Size, a number or a list names the ServiceApp and the prop, not a TypeError', () => {
    const { stack } = prodStack();
    expect(() => new ServiceApp(stack, 'a', js({ team: 'shop', imageTag: '1', memory: '512Mi' })))
      .toThrow("ServiceApp 'prod/a': 'memory' ('512Mi') is a string, not a Size; pass a Size, e.g. Size.mebibytes(512)");
    expect(() => new ServiceApp(stack, 'b', js({ team: 'shop', imageTag: '1', autoscaling: { minReplicas: '3' } })))
      .toThrow("ServiceApp 'prod/b': 'autoscaling.minReplicas' ('3') is a string, not a number");
    expect(() => new ServiceApp(stack, 'c', js({ team: 'shop', imageTag: '1', dependencies: 'orders' })))
      .toThrow("ServiceApp 'prod/c': 'dependencies' ('orders') is a string, not a list of strings");
    expect(() => new ServiceApp(stack, 'd', js({ imageTag: '1' }))).toThrow("ServiceApp 'prod/d': 'team' (undefined) is required (a string)");
    expect(() => new ServiceApp(stack, 'e', js({ team: 'shop', imageTag: '1', cpu: 0.25 }))).toThrow("ServiceApp 'prod/e': 'cpu' (0.25) is a number, not a Cpu");
    expect(() => new ServiceApp(stack, 'f', js({ team: 'shop', imageTag: '1', cluster: 'acme-prod' }))).toThrow("ServiceApp 'prod/f': 'cluster' ('acme-prod') is a string, not an IPlatformCluster");
    expect(() => new ServiceApp(stack, 'g', js(undefined as any))).toThrow("ServiceApp 'prod/g': 'props' (undefined) is missing, not a ServiceAppProps object");
  });

  test('Workload', () => {
    const chart = new Chart(K8sTesting.app(), 'test');
    expect(() => new Workload(chart, 'web', js({ name: 'web', namespace: 'shop', image: IMAGE, replicas: '2' })))
      .toThrow("Workload 'test/web': 'replicas' ('2') is a string, not a number");
    expect(() => new Workload(chart, 'web2', js({ name: 'web', namespace: 'shop', image: IMAGE, healthChecks: { startupTimeout: 60 } })))
      .toThrow("Workload 'test/web2': 'healthChecks.startupTimeout' (60) is a number, not a Duration; pass a Duration, e.g. Duration.seconds(60)");
    expect(() => new Workload(chart, 'web3', js({ name: 'web', namespace: 'shop', image: IMAGE, environmentClass: 'prod' })))
      .toThrow("Workload 'test/web3': 'environmentClass' ('prod') is a string, not an EnvironmentClass; pass one of EnvironmentClass.PRODUCTION");
  });

  test('PlatformCluster and addTeam', () => {
    const { stack } = prodStack();
    expect(() => new PlatformCluster(stack, 'c1', js({ publicAccessCidrs: '203.0.113.0/24' })))
      .toThrow("PlatformCluster 'prod/c1': 'publicAccessCidrs' ('203.0.113.0/24') is a string, not a list of strings");
    expect(() => new PlatformCluster(stack, 'c2', js({ systemPool: { minSize: '3' } })))
      .toThrow("PlatformCluster 'prod/c2': 'systemPool.minSize' ('3') is a string, not a number");
    const cluster = new PlatformCluster(stack, 'cluster');
    expect(() => cluster.addTeam('shop', js({ quotaPods: '10' }))).toThrow("PlatformCluster 'prod/cluster': 'addTeam options.quotaPods' ('10') is a string, not a number");
  });

  test('PostgresDatabase, TeamNamespace, PreviewEnvironment', () => {
    const { stack } = prodStack();
    expect(() => new PostgresDatabase(stack, 'db', js({ databaseName: 'orders', multiAz: 'true', vpcId: 'v', subnetIds: ['a', 'b'], allowedSecurityGroupIds: ['sg'] })))
      .toThrow("PostgresDatabase 'prod/db': 'multiAz' ('true') is a string, not a boolean");
    expect(() => new TeamNamespace(new Chart(K8sTesting.app(), 'test'), 'Team', js({ name: 'shop', group: 'team:shop', quotaCpuCores: '4' })))
      .toThrow("TeamNamespace 'test/Team': 'quotaCpuCores' ('4') is a string, not a number");
    const { app } = tempApp();
    expect(() => new PreviewEnvironment(app, 'shop-pr-12', js({ ...PREVIEW, pullRequest: '12' }))).toThrow("PreviewEnvironment 'shop-pr-12': 'pullRequest' ('12') is a string, not a number");
  });

  test('PlatformNetwork, EksControlPlane, ManagedNodePool alone in a TerraformStack', () => {
    const stack = new TerraformStack(Testing.app(), 'tf');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    expect(() => new PlatformNetwork(stack, 'net', js({ name: 'acme', availabilityZones: 'eu-west-1a', account: '123456789012', region: 'eu-west-1' })))
      .toThrow("PlatformNetwork 'tf/net': 'availabilityZones' ('eu-west-1a') is a string, not a list of strings");
    expect(() => new EksControlPlane(stack, 'eks', js({ clusterName: 'acme', subnetIds: ['a'], account: '123456789012', region: 'eu-west-1', kubernetesVersion: '1.34' })))
      .toThrow("EksControlPlane 'tf/eks': 'kubernetesVersion' ('1.34') is a string, not a KubernetesVersion; pass KubernetesVersion.V1_34");
    expect(() => new ManagedNodePool(stack, 'pool', js({ clusterName: 'acme', poolName: 'system', subnetIds: ['a'], capacityType: 'spot' })))
      .toThrow("ManagedNodePool 'tf/pool': 'capacityType' ('spot') is a string, not a CapacityType; pass one of CapacityType.ON_DEMAND, CapacityType.SPOT");
  });

  test('the other constructs whose props are declared', () => {
    const { app, stack } = prodStack();
    const chart = new Chart(K8sTesting.app(), 'k8s');
    const tf = new TerraformStack(Testing.app(), 'tf');
    new AwsProvider(tf, 'aws', { region: 'eu-west-1' });
    const cases: Array<[() => unknown, string]> = [
      [() => new PlatformStack(app, 'dev', js({ ...PROD_PROPS, environmentName: 'dev', extraTags: 'a=b' })), "PlatformStack 'dev': 'extraTags' ('a=b') is a string, not a map of strings"],
      [() => new EncryptionKey(tf, 'key', js({ alias: 'a', purpose: 'p', account: 123456789012 })), "EncryptionKey 'tf/key': 'account' (123456789012) is a number, not a string"],
      [() => new AutoModeNodePool(chart, 'pool', js({ poolName: 'spot', maxVcpus: '16' })), "AutoModeNodePool 'k8s/pool': 'maxVcpus' ('16') is a string, not a number"],
      [() => new KarpenterNodePool(chart, 'kpool', js({ poolName: 'spot', instanceTypes: 'm7i.large' })), "KarpenterNodePool 'k8s/kpool': 'instanceTypes' ('m7i.large') is a string, not a list of strings"],
      [() => new ServiceRepository(tf, 'repo', js({ repositoryName: 'acme/web', mutableTags: 'no' })), "ServiceRepository 'tf/repo': 'mutableTags' ('no') is a string, not a boolean"],
      [() => PlatformCluster.fromLookup(stack, 'lookup', js({ availabilityZoneCount: '3' })), "PlatformClusterLookup 'prod/lookup': 'availabilityZoneCount' ('3') is a string, not a number"],
      [() => new ScoreWorkload(stack, 'score', js({ file: 'score.yaml', team: 'shop', replicas: '2' })), "ScoreWorkload 'prod/score': 'replicas' ('2') is a string, not a number"],
      [() => new PreviewPostgres(chart, 'pg', js({ namespace: 'ns', storageMib: '1024' })), "PreviewPostgres 'k8s/pg': 'storageMib' ('1024') is a string, not a number"],
      [() => new HelmChartApplication(chart, 'helm', js({ repoUrl: 'https://charts.example.com', chart: 'c', namespace: 'n' })), "HelmChartApplication 'k8s/helm': 'version' (undefined) is required (a string)"],
      [() => new ContainerInsightsLogGroups(tf, 'logs', js({ clusterName: 'c', logRetentionDays: '30', account: '123456789012', region: 'eu-west-1' })),
        "ContainerInsightsLogGroups 'tf/logs': 'logRetentionDays' ('30') is a string, not a number"],
      [() => PreviewDatabase.inCluster(js({ storageMib: '512' })), "PreviewDatabase 'PreviewDatabase.inCluster': 'options.storageMib' ('512') is a string, not a number"],
      [() => PreviewDatabase.fromSnapshot(js({ snapshotIdentifier: 'snap' })), "PreviewDatabase 'PreviewDatabase.fromSnapshot': 'options.cluster' (undefined) is required (an IPlatformCluster)"],
      [() => new PlatformCluster(stack, 'c', js({ gitops: { repoUrl: 'https://github.com/acme/gitops.git', autoSync: 'yes' } })), "PlatformCluster 'prod/c': 'gitops.autoSync' ('yes') is a string, not a boolean"],
      [() => new PlatformCluster(stack, 'c2', js({ observability: { logRetentionDays: '30' } })), "PlatformCluster 'prod/c2': 'observability.logRetentionDays' ('30') is a string, not a number"],
      [() => new PreviewJanitor(chart, 'janitor', js({ schedule: 5 })), "PreviewJanitor 'k8s/janitor': 'schedule' (5) is a number, not a string"],
      [() => new EnvironmentDns(tf, 'dns', js({ domain: 'prod.example.com', existingHostedZone: 'yes' })), "EnvironmentDns 'tf/dns': 'existingHostedZone' ('yes') is a string, not a boolean"],
      [() => new PostgresAlarms(tf, 'alarms', js({ identifier: 'db', topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', instanceClass: 'db.t4g.micro', allocatedStorageGib: '20' })),
        "PostgresAlarms 'tf/alarms': 'allocatedStorageGib' ('20') is a string, not a number"],
      [() => new PrometheusWorkspace(tf, 'amp', js({ alias: 'amp' })), "PrometheusWorkspace 'tf/amp': 'account' (undefined) is required (a string)"],
      [() => new ServiceDashboard(chart, 'dash', js({ serviceName: 'web', namespace: 'shop', labels: ['a'] })), "ServiceDashboard 'k8s/dash': 'labels' ([\"a\"]) is an array, not a map of strings"],
      [() => new ServiceAlertRules(tf, 'rules', js({ workspaceId: 'ws', serviceName: 'web', namespace: 'shop', team: 'shop', environmentName: 'prod', autoscaled: 1 })),
        "ServiceAlertRules 'tf/rules': 'autoscaled' (1) is a number, not a boolean"],
      [() => new AlertRouting(tf, 'routing', js({ workspaceId: 'ws', workspaceArn: 'arn', topicPrefix: 'p', account: '123456789012', region: 'eu-west-1' })),
        "AlertRouting 'tf/routing': 'encryptionKey' (undefined) is required (an EncryptionKey)"],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
    }
  });

  test('the add-ons, PlatformApp and StateBackend.s3()', () => {
    const chart = new Chart(K8sTesting.app(), 'k8s');
    const cases: Array<[() => unknown, string]> = [
      [() => new Karpenter(chart, 'karpenter', js({ clusterName: 'c', region: 'eu-west-1', interruptionQueueName: 'q' })), "Karpenter 'k8s/karpenter': 'nodeRoleName' (undefined) is required (a string)"],
      [() => new ExternalSecretsOperator(chart, 'eso', js({ priorityClassName: 1 })), "ExternalSecretsOperator 'k8s/eso': 'priorityClassName' (1) is a number, not a string"],
      [() => new AwsLoadBalancerController(chart, 'lbc', js({ clusterName: 'c', region: 'eu-west-1', vpcName: 'v', labels: 'x' })),
        "AwsLoadBalancerController 'k8s/lbc': 'labels' ('x') is a string, not a map of strings"],
      [() => new InClusterGrafana(chart, 'grafana', js({ region: 'eu-west-1' })), "InClusterGrafana 'k8s/grafana': 'querySecretName' (undefined) is required (a string)"],
      [() => new AutoModeIngressClass(chart, 'alb', js({ labels: ['a'] })), "AutoModeIngressClass 'k8s/alb': 'labels' ([\"a\"]) is an array, not a map of strings"],
      [() => new PlatformAddonProject(chart, 'project', js({ sourceRepos: 'https://charts.example.com', namespaces: ['a'] })),
        "PlatformAddonProject 'k8s/project': 'sourceRepos' ('https://charts.example.com') is a string, not a list of strings"],
      [() => new PlatformApp(js({ quiet: 'yes' })), "PlatformApp 'PlatformApp': 'quiet' ('yes') is a string, not a boolean"],
      [() => new PlatformApp(js({ catalog: { enabled: 'no' } })), "PlatformApp 'PlatformApp': 'catalog.enabled' ('no') is a string, not a boolean"],
      [() => StateBackend.s3(js({ keyPrefix: 'p' })), "StateBackend 'StateBackend.s3': 'options.bucket' (undefined) is required (a string)"],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
    }
  });

  test('the catalog, PlatformContext, addChart(), PlatformObservability and PlatformParameters', () => {
    const { stack } = prodStack();
    const catalog = new Catalog();
    const env = { platformName: 'acme', environmentName: 'qa', lifecycle: 'production', account: '123456789012', region: 'eu-west-1' };
    const obs = { clusterName: 'c', clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/c', subnetIds: ['a', 'b'], clusterSecurityGroupId: 'sg-1', defaultLogRetentionDays: 30 };
    const cases: Array<[() => unknown, string]> = [
      [() => new Catalog(js({ platformTeam: 1 })), "Catalog '<catalog>': 'platformTeam' (1) is a number, not a string; pass a string"],
      [() => catalog.addEnvironment(stack, js({ ...env, folder: ['x'] })), "Catalog 'prod': 'options.folder' ([\"x\"]) is an array, not a string; pass a string"],
      [() => catalog.addComponent(stack, js({ name: 'web', team: 'shop', dependsOn: 'db' })),
        "Catalog 'prod': 'options.dependsOn' ('db') is a string, not a list of constructs; pass a list of constructs, e.g. [database]"],
      [() => catalog.addResource(stack, js({ name: 'db', type: 'database', links: 'https://x' })),
        "Catalog 'prod': 'options.links' ('https://x') is a string, not a list of CatalogLink; pass a list such as [{ url: \"https://...\", title: \"Dashboard\" }]"],
      [() => catalog.addGroup('shop', js({ description: 2 })), "Catalog '<catalog>': 'options.description' (2) is a number, not a string; pass a string"],
      [() => new PlatformContext(stack, js({ ...PROD_PROPS, environmentName: 'prod', extraTags: 'x' })),
        "PlatformContext 'prod': 'extraTags' ('x') is a string, not a map of strings; pass an object of string values, e.g. { team: \"shop\" }"],
      [() => stack.addChart('c', js({ namespace: 3 })), "PlatformStack 'prod': 'options.namespace' (3) is a number, not a string; pass a string"],
      [() => new PlatformObservability(stack, 'obs', js({ ...obs, subnetIds: 'a,b' })),
        "PlatformObservability 'prod/obs': 'subnetIds' ('a,b') is a string, not a list of strings; pass a list of strings, e.g. [\"a\", \"b\"]"],
      [() => new PlatformObservability(stack, 'obs2', js({ ...obs, grafana: { adminGroupIds: 'g-1' } })),
        "PlatformObservability 'prod/obs2': 'grafana.adminGroupIds' ('g-1') is a string, not a list of strings; pass a list of strings, e.g. [\"a\", \"b\"]"],
      [() => new PlatformCluster(stack, 'cluster', js({ observability: { grafana: { viewerGroupIds: 'g-2' } } })),
        "PlatformCluster 'prod/cluster': 'observability.grafana.viewerGroupIds' ('g-2') is a string, not a list of strings"],
      [() => new PlatformParameters(stack, 'params', js({ cluster: 'acme-prod', clusterEndpoint: 'https://x', oidcIssuerUrl: 'https://y' })),
        "PlatformParameters 'prod/params': 'cluster' ('acme-prod') is a string, not an IPlatformCluster; pass a PlatformCluster, or PlatformCluster.fromAttributes(...)"],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
    }
  });

  test('the delivery constructs, CiIdentity\'s repositories and the two workflows', () => {
    const { stack } = prodStack();
    const chart = new Chart(K8sTesting.app(), 'k8s');
    const ci = new CiIdentity(stack, 'ci');
    const cases: Array<[() => unknown, string]> = [
      [() => new ArgoCdCapability(stack, 'argo', js({ clusterName: 'c', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-1', roleName: 'r', adminGroupIds: 'g' })),
        "ArgoCdCapability 'prod/argo': 'adminGroupIds' ('g') is a string, not a list of strings"],
      [() => new EnvironmentApplicationSet(chart, 'set', js({ environmentName: 'prod', repoUrl: 'https://github.com/acme/gitops.git', autoSync: 'yes' })),
        "EnvironmentApplicationSet 'k8s/set': 'autoSync' ('yes') is a string, not a boolean"],
      [() => new TeamProject(chart, 'team', js({ team: 'shop' })), "TeamProject 'k8s/team': 'sourceRepos' (undefined) is required (a list of strings)"],
      [() => new GithubOidcProvider(stack, 'oidc', js({ tags: ['a'] })), "GithubOidcProvider 'prod/oidc': 'tags' ([\"a\"]) is an array, not a map of strings"],
      [() => new GithubDeployRole(stack, 'role', js({ provider: ci.oidcProvider, roleName: 'r', subjects: GithubSubject.branch('acme/shop', 'main') })),
        "GithubDeployRole 'prod/role': 'subjects' ({\"repository\":\"acme/shop\""],
      [() => new CiIdentity(stack, 'ci2', js({ createOidcProvider: 'false' })), "CiIdentity 'prod/ci2': 'createOidcProvider' ('false') is a string, not a boolean"],
      [() => ci.addAppRepository('shop', js({ repository: 'acme/shop', team: 'shop', services: 'orders' })),
        "CiIdentity 'prod/ci': 'options.services' ('orders') is a string, not a list of strings"],
      [() => ci.addAppRepository('shop2', js({ repository: 'acme/shop', team: 'shop', services: ['orders'], promotion: 'merge' })),
        "CiIdentity 'prod/ci': 'options.promotion' ('merge') is a string, not a Promotion"],
      [() => ci.addPlatformRepository('platform', js({ repository: 'acme/platform', deployPolicyArns: 'arn:aws:iam::123456789012:policy/p' })),
        "CiIdentity 'prod/ci': 'options.deployPolicyArns' ('arn:aws:iam::123456789012:policy/p') is a string, not a list of strings"],
      [() => new PlatformGitOps(stack, 'gitops', js({ repoUrl: 'https://github.com/acme/gitops.git', clusterName: 'c', chart, identityCenter: { region: 'eu-west-1' } })),
        "PlatformGitOps 'prod/gitops': 'identityCenter.instanceArn' (undefined) is required (a string)"],
      [() => new AppDeliveryWorkflow(js({ gitopsRepository: 'acme/gitops', stages: {} })), "AppDeliveryWorkflow 'AppDeliveryWorkflow': 'stages' ({}) is an object, not a list of AppDeliveryStage"],
      [() => new PlatformDeliveryWorkflow(js({ stages: [] })), "PlatformDeliveryWorkflow 'PlatformDeliveryWorkflow': 'gitopsRepository' (undefined) is required (a string)"],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
    }
  });

  test('PreviewEnvironment seed', () => {
    const { app } = tempApp();
    expect(() => new PreviewEnvironment(app, 'shop-pr-12', js({ ...PREVIEW, seed: { image: 'seed:1', command: 'seed' } }))).toThrow("PreviewEnvironment 'shop-pr-12': 'seed.command' ('seed') is a string, not a list of strings");
  });
});
