import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { AlertProtocol, EnvironmentClass, PlatformCluster, PlatformObservability, ServiceApp } from '../../src';
import { prodStack, resources, synthAll } from '../util';

function build(props: any = {}, overrides: any = {}) {
  const { app, stack } = prodStack(overrides);
  const cluster = new PlatformCluster(stack, 'cluster', props);
  return { app, stack, cluster };
}

const byName = (list: any[], name: string) => list.find((x) => x.name === name || x.addon_name === name);

describe('PlatformObservability (through PlatformCluster)', () => {
  test('GIVEN a default cluster THEN a CMK-encrypted workspace publishes its ID where ServiceApps read it', () => {
    const { app, cluster } = build();
    const { tf } = synthAll(app);
    const [ws] = resources(tf.prod, 'aws_prometheus_workspace');
    expect(ws.alias).toBe('acme-prod');
    expect(ws.kms_key_arn).toMatch(/aws_kms_key\.cluster_Observability_Key_.*\.arn/);
    const param = byName(resources(tf.prod, 'aws_ssm_parameter'), '/acme/prod/observability/prometheus-workspace-id');
    expect(param.insecure_value).toMatch(/aws_prometheus_workspace\..*\.id/);
    const alias = byName(resources(tf.prod, 'aws_kms_alias'), 'alias/acme-prod/observability');
    expect(alias).toBeDefined();
    expect(cluster.observability).toBeInstanceOf(PlatformObservability);
  });

  test('GIVEN teams with subscribers THEN each team gets its encrypted topic and route, the platform topic its subscribers', () => {
    const { app, cluster } = build({ observability: { subscriptions: [{ protocol: AlertProtocol.EMAIL, endpoint: 'platform@acme.example.com' }] } });
    cluster.addTeam('shop', { alertSubscriptions: [{ protocol: AlertProtocol.HTTPS, endpoint: 'https://events.pagerduty.com/integration/abc/enqueue' }] });
    cluster.addTeam('payments');
    const { tf } = synthAll(app);
    expect(resources(tf.prod, 'aws_sns_topic').map((t) => t.name)).toEqual(['acme-prod-alerts', 'acme-prod-alerts-payments', 'acme-prod-alerts-shop']);
    expect(resources(tf.prod, 'aws_sns_topic').every((t) => /aws_kms_key\.cluster_Observability_Key_.*\.arn/.test(t.kms_master_key_id))).toBe(true);
    expect(resources(tf.prod, 'aws_sns_topic_subscription').map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'platform@acme.example.com'], ['https', 'https://events.pagerduty.com/integration/abc/enqueue'],
    ]);
    const [definition] = resources(tf.prod, 'aws_prometheus_alert_manager_definition');
    const config = yaml.parse(yaml.parse(definition.definition).alertmanager_config);
    expect(config.route.routes.map((r: any) => r.matchers[0])).toEqual(['team="payments"', 'team="shop"']);
  });

  test('GIVEN a production cluster THEN the Container Insights log groups exist with the class retention and the key, before the agent', () => {
    const { app } = build();
    const { tf } = synthAll(app);
    const groups = resources(tf.prod, 'aws_cloudwatch_log_group').filter((g) => g.name.startsWith('/aws/containerinsights/'));
    expect(groups.map((g) => g.name)).toEqual(['application', 'dataplane', 'host', 'performance'].map((k) => `/aws/containerinsights/acme-prod/${k}`));
    expect(groups.every((g) => g.retention_in_days === 365 && /aws_kms_key\.cluster_Observability_Key_/.test(g.kms_key_id))).toBe(true);
    const cw = byName(resources(tf.prod, 'aws_eks_addon'), 'amazon-cloudwatch-observability');
    expect(cw.addon_version).toMatch(/^v([89]|\d\d)\./);
    expect(cw.depends_on.filter((d: string) => d.startsWith('aws_cloudwatch_log_group.cluster_Observability_ContainerInsights'))).toHaveLength(4);
  });

  test('GIVEN a development cluster and logRetentionDays THEN the log groups keep logs that long', () => {
    const dev = build({}, { environmentClass: EnvironmentClass.DEVELOPMENT, environmentName: 'dev' });
    const groups = () => resources(synthAll(dev.app).tf.prod, 'aws_cloudwatch_log_group').filter((g) => g.name.startsWith('/aws/containerinsights/'));
    expect(groups().every((g) => g.retention_in_days === 30)).toBe(true);
    const tuned = build({ observability: { logRetentionDays: 14 } });
    const tunedGroups = resources(synthAll(tuned.app).tf.prod, 'aws_cloudwatch_log_group').filter((g) => g.name.startsWith('/aws/containerinsights/'));
    expect(tunedGroups.map((g) => g.retention_in_days)).toEqual([14, 14, 14, 14]);
  });

  test('GIVEN a default cluster THEN kube-state-metrics and node-exporter are EKS community add-ons that wait for the nodes', () => {
    const { tf } = synthAll(build().app);
    const addons = resources(tf.prod, 'aws_eks_addon');
    const ksm = byName(addons, 'kube-state-metrics');
    expect(ksm.addon_version).toMatch(/^v2\.\d+\.\d+-eksbuild\.\d+$/);
    expect(ksm.depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\.cluster_SystemPool_NodeGroup/)]);
    expect(byName(addons, 'prometheus-node-exporter')).toBeDefined();
  });

  test('GIVEN a default cluster THEN the managed collector scrapes the cluster from its private subnets into the workspace through a role pair', () => {
    const { app, cluster } = build();
    const { tf } = synthAll(app);
    const [scraper] = resources(tf.prod, 'aws_prometheus_scraper');
    const eks = scraper.source[0].eks[0];
    expect(eks.cluster_arn).toMatch(/aws_eks_cluster\..*\.arn/);
    expect(eks.subnet_ids).toHaveLength(3);
    expect(eks.subnet_ids.every((s: string) => /aws_subnet\.cluster_Network_Private/.test(s))).toBe(true);
    expect(eks.security_group_ids).toEqual([expect.stringMatching(/cluster_security_group_id/)]);
    expect(scraper.destination[0].amp[0].workspace_arn).toMatch(/aws_prometheus_workspace\..*\.arn/);
    expect(scraper.role_configuration[0].source_role_arn).toMatch(/aws_iam_role\.cluster_Observability_ScraperSourceRole.*\.arn/);
    expect(scraper.role_configuration[0].target_role_arn).toMatch(/aws_iam_role\.cluster_Observability_ScraperTargetRole.*\.arn/);
    const roles = resources(tf.prod, 'aws_iam_role');
    const source = JSON.parse(byName(roles, 'acme-prod-amp-scraper-source').assume_role_policy).Statement[0];
    expect(source).toMatchObject({
      Principal: { Service: 'scraper.aps.amazonaws.com' },
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:aps:eu-west-1:123456789012:scraper/*' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
    const policies = resources(tf.prod, 'aws_iam_role_policy').filter((p) => /ScraperTarget|ScraperSource/.test(JSON.stringify(p)));
    const statements = policies.map((p) => JSON.parse(p.policy).Statement[0]);
    expect(statements.map((s) => s.Action)).toEqual([['sts:AssumeRole'], ['aps:RemoteWrite']]);
    expect(statements[1].Resource).toMatch(/aws_prometheus_workspace\..*\.arn/);
    // API authentication mode: AMP creates the collector's access entry itself; one of ours would collide with it.
    expect(resources(tf.prod, 'aws_eks_cluster')[0].access_config.authentication_mode).toBe('API');
    expect(resources(tf.prod, 'aws_eks_access_entry').some((e) => /scraper/i.test(JSON.stringify(e)))).toBe(false);
    expect(scraper.scrape_configuration).toBe(cluster.observability!.scrapeConfiguration);
  });

  test('THEN the scrape configuration labels pods by namespace, pod and service, at the collector\'s 30 s minimum, and promtool accepts it', () => {
    const { cluster } = build();
    const config = yaml.parse(cluster.observability!.scrapeConfiguration!);
    expect(config.global.scrape_interval).toBe('30s');
    expect(config.global.external_labels).toEqual({ cluster: 'acme-prod' });
    expect(config.scrape_configs.map((j: any) => j.job_name)).toEqual(['kubernetes-apiservers', 'kubelet-cadvisor', 'kube-state-metrics', 'node-exporter', 'pods']);
    const pods = config.scrape_configs[4].relabel_configs;
    expect(pods[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
    expect(pods.find((r: any) => r.target_label === 'service').source_labels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_name']);
    expect(config.scrape_configs[2].relabel_configs[0].regex).toBe('kube-state-metrics');
    expect(config.scrape_configs[2].honor_labels).toBe(true);
    for (const job of config.scrape_configs) {
      // The only service discovery and the only credentials file a managed collector accepts.
      expect(Object.keys(job).filter((k) => k.endsWith('_sd_configs'))).toEqual(['kubernetes_sd_configs']);
      expect(job.authorization?.credentials_file ?? '/var/run/secrets/kubernetes.io/serviceaccount/token').toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
    }
    expect(cluster.observability!.scrapeConfiguration).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases
    // Debian's promtool is built without Kubernetes discovery: it checks everything else, with a static target in its place.
    const checkable = { ...config, scrape_configs: config.scrape_configs.map(({ kubernetes_sd_configs: _sd, ...job }: any) => ({ ...job, static_configs: [{ targets: ['10.0.0.1:9100'] }] })) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-'));
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), yaml.stringify(checkable));
    const run = spawnSync('promtool', ['check', 'config', '--syntax-only', 'prometheus.yml'], { cwd: dir, encoding: 'utf-8' });
    expect(run.stderr + run.stdout).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  test('GIVEN a ServiceApp of a team THEN its rules reach the workspace by the parameter and its alerts the team\'s topic', () => {
    const { app, stack, cluster } = build();
    cluster.addTeam('shop');
    new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1.0.0', cluster });
    const { tf } = synthAll(app);
    // In the workspace's own stack the rules name it directly: a data source would be read before the parameter exists.
    expect(Object.values<any>(tf.prod.data?.aws_ssm_parameter ?? {}).filter((d) => d.name === '/acme/prod/observability/prometheus-workspace-id')).toEqual([]);
    const [rules] = resources(tf.prod, 'aws_prometheus_rule_group_namespace');
    expect(rules.workspace_id).toMatch(/aws_prometheus_workspace\.cluster_Observability_Workspace_.*\.id/);
    const alerts = yaml.parse(rules.data).groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((r: any) => r.labels.team === 'shop')).toBe(true);
    const config = yaml.parse(yaml.parse(resources(tf.prod, 'aws_prometheus_alert_manager_definition')[0].definition).alertmanager_config);
    const route = config.route.routes.find((r: any) => r.matchers.includes('team="shop"'));
    expect(config.receivers.find((r: any) => r.name === route.receiver).sns_configs[0].topic_arn).toBe('arn:aws:sns:eu-west-1:123456789012:acme-prod-alerts-shop');
  });

  test('GIVEN scraper and clusterMetrics off THEN neither is made; GIVEN enabled false THEN nothing of it is', () => {
    const partial = build({ observability: { scraper: false, clusterMetrics: false } });
    const tf = synthAll(partial.app).tf.prod;
    expect(resources(tf, 'aws_prometheus_scraper')).toHaveLength(0);
    expect(byName(resources(tf, 'aws_eks_addon'), 'kube-state-metrics')).toBeUndefined();
    expect(resources(tf, 'aws_prometheus_workspace')).toHaveLength(1);
    const off = build({ observability: { enabled: false } });
    const offTf = synthAll(off.app).tf.prod;
    expect(resources(offTf, 'aws_prometheus_workspace')).toHaveLength(0);
    expect(resources(offTf, 'aws_sns_topic')).toHaveLength(0);
    expect(off.cluster.observability).toBeUndefined();
    off.cluster.addTeam('shop');
  });

  test('GIVEN no grafana THEN no Managed Grafana; GIVEN grafana THEN a workspace with Identity Center login querying only this workspace', () => {
    expect(resources(synthAll(build().app).tf.prod, 'aws_grafana_workspace')).toHaveLength(0);
    const { app, cluster } = build({ observability: { grafana: { adminGroupIds: ['g-admins'], viewerGroupIds: ['g-viewers'] } } });
    const tf = synthAll(app).tf.prod;
    const [grafana] = resources(tf, 'aws_grafana_workspace');
    expect(grafana).toMatchObject({
      name: 'acme-prod', account_access_type: 'CURRENT_ACCOUNT', authentication_providers: ['AWS_SSO'], permission_type: 'CUSTOMER_MANAGED', data_sources: ['PROMETHEUS'],
    });
    expect(grafana.role_arn).toMatch(/aws_iam_role\.cluster_Observability_GrafanaRole_.*\.arn/);
    const trust = JSON.parse(byName(resources(tf, 'aws_iam_role'), 'acme-prod-grafana').assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: 'grafana.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
    const policy = resources(tf, 'aws_iam_role_policy').find((p) => p.policy.includes('aps:QueryMetrics'));
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements[0].Resource).toMatch(/aws_prometheus_workspace\..*\.arn/);
    expect(statements.flatMap((s: any) => s.Action).filter((a: string) => a.includes('*'))).toEqual([]);
    expect(resources(tf, 'aws_grafana_role_association').map((r) => [r.role, r.group_ids])).toEqual([['ADMIN', ['g-admins']], ['VIEWER', ['g-viewers']]]);
    expect(cluster.observability!.grafana).toBeDefined();
  });

  test('GIVEN a default cluster THEN the in-cluster Grafana may query only the workspace, and finds its URL through a secret the External Secrets Operator may read', () => {
    const { app, cluster } = build();
    const { tf, k8s } = synthAll(app);
    const role = byName(resources(tf.prod, 'aws_iam_role'), 'acme-prod-grafana-in-cluster');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    const policy = byName(resources(tf.prod, 'aws_iam_role_policy'), 'query-prometheus-workspace');
    expect(JSON.parse(policy.policy).Statement).toEqual([{
      Effect: 'Allow',
      Action: ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'],
      Resource: expect.stringMatching(/aws_prometheus_workspace\..*\.arn/),
    }]);
    const association = resources(tf.prod, 'aws_eks_pod_identity_association').find((a) => a.namespace === 'grafana');
    expect(association).toMatchObject({ service_account: 'grafana', role_arn: expect.stringMatching(/InClusterGrafanaRole/) });
    const secret = byName(resources(tf.prod, 'aws_secretsmanager_secret'), 'acme/prod/observability/prometheus-query');
    expect(secret.kms_key_id).toMatch(/aws_kms_key\.cluster_Observability_Key_.*\.arn/);
    const [value] = resources(tf.prod, 'aws_secretsmanager_secret_version').filter((v) => v.secret_id.includes('PrometheusQuerySecret'));
    expect(JSON.parse(value.secret_string)).toEqual({ queryUrl: expect.stringMatching(/^\$\{aws_prometheus_workspace\..*\.prometheus_endpoint\}$/) });
    expect(cluster.observability!.prometheusQuerySecretName).toBe('acme/prod/observability/prometheus-query');
    // The platform YAML installs the Grafana that reads it (InClusterGrafana), with no Terraform value in it.
    const es = k8s.find((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === 'grafana');
    expect(es.spec.data[0].remoteRef).toEqual({ key: 'acme/prod/observability/prometheus-query', property: 'queryUrl' });
    expect(k8s.find((o) => o.kind === 'Application' && o.metadata.name === 'grafana').spec.source.helm.valuesObject.datasources['datasources.yaml'].datasources[0].jsonData.sigV4Region).toBe('eu-west-1');
  });

  test('GIVEN inClusterGrafana false THEN neither its AWS access nor its YAML is made', () => {
    const { app, cluster } = build({ observability: { inClusterGrafana: false } });
    const { tf, k8s } = synthAll(app);
    expect(byName(resources(tf.prod, 'aws_iam_role'), 'acme-prod-grafana-in-cluster')).toBeUndefined();
    expect(byName(resources(tf.prod, 'aws_secretsmanager_secret'), 'acme/prod/observability/prometheus-query')).toBeUndefined();
    expect(k8s.filter((o) => o.metadata?.namespace === 'grafana' || o.metadata?.name === 'grafana')).toEqual([]);
    expect(cluster.observability!.prometheusQuerySecretName).toBeUndefined();
  });

  test('GIVEN a bad retention or subscriber THEN it fails naming the observability prop, before anything is made', () => {
    expect(() => build({ observability: { logRetentionDays: 100 } }))
      .toThrow(/PlatformObservability 'prod\/cluster\/Observability': 'logRetentionDays' \(100\) is not a retention period CloudWatch Logs accepts; use one of 1, 3/);
    expect(() => build({ observability: { subscriptions: [{ protocol: AlertProtocol.EMAIL, endpoint: 'not-an-address' }] } }))
      .toThrow(/PlatformObservability 'prod\/cluster\/Observability': 'subscriptions.endpoint' \('not-an-address'\) is not a valid email endpoint/);
    const { cluster } = build();
    expect(() => cluster.addTeam('shop', { alertSubscriptions: [{ protocol: AlertProtocol.HTTPS, endpoint: 'http://pager.example.com' }] }))
      .toThrow(/PlatformObservability 'prod\/cluster\/Observability': 'alertSubscriptions.endpoint' \('http:\/\/pager.example.com'\) is not a valid https endpoint/);
  });

  test('GIVEN fewer than two subnets THEN it fails naming the prop', () => {
    const { stack } = prodStack();
    expect(() => new PlatformObservability(stack, 'Observability', {
      clusterName: 'acme-prod',
      clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/acme-prod',
      subnetIds: ['subnet-1'],
      clusterSecurityGroupId: 'sg-1',
      defaultLogRetentionDays: 30,
    })).toThrow(/PlatformObservability 'prod\/Observability': 'subnetIds' \(1\) gives the managed collector fewer than two subnets; give private subnets in at least two availability zones/);
  });
});
