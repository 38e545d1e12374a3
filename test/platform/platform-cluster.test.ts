import { EnvironmentClass, KubernetesVersion, PlatformCluster, PlatformStack, ServiceApp, TaintEffect } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find, PROD_PROPS, prodStack, resources, synthAll } from '../util';

function build(overrides: any = {}, props: any = {}) {
  const { app, stack } = prodStack(overrides);
  const cluster = new PlatformCluster(stack, 'cluster', props);
  return { app, stack, cluster };
}

describe('PlatformCluster', () => {
  test('production defaults: 3 AZs, NAT per AZ, flow logs, private endpoint, 5 log types, KMS secrets, API auth', () => {
    const { app } = build();
    const { tf } = synthAll(app);
    const prod = tf.prod;
    expect(resources(prod, 'aws_subnet')).toHaveLength(9);
    expect(resources(prod, 'aws_subnet').every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(resources(prod, 'aws_nat_gateway')).toHaveLength(3);
    expect(resources(prod, 'aws_flow_log')[0]).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    const eks = resources(prod, 'aws_eks_cluster')[0];
    expect(eks.version).toBe('1.34');
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(eks.encryption_config.resources).toEqual(['secrets']);
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(resources(prod, 'aws_kms_key').every((k) => k.enable_key_rotation === true)).toBe(true);
    // Flow logs, control plane, and the four Container Insights groups of PlatformObservability.
    expect(resources(prod, 'aws_cloudwatch_log_group').map((g) => g.retention_in_days)).toEqual([365, 365, 365, 365, 365, 365]);
    expect(resources(prod, 'aws_cloudwatch_log_group').every((g) => typeof g.kms_key_id === 'string')).toBe(true);
    expect(resources(prod, 'aws_iam_openid_connect_provider')[0].client_id_list).toEqual(['sts.amazonaws.com']);
  });

  test('public and private subnet CIDRs are known at synth time and are those of the Terraform subnets', () => {
    const { app, cluster } = build();
    const { tf } = synthAll(app);
    const blocks = (tier: string) => Object.entries<any>(tf.prod.resource.aws_subnet).filter(([k]) => k.includes(`Network_${tier}`)).map(([, s]) => s.cidr_block);
    expect(cluster.publicSubnetCidrs).toEqual(['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22']);
    expect(blocks('Public')).toEqual(cluster.publicSubnetCidrs);
    expect(blocks('Private')).toEqual(cluster.privateSubnetCidrs);
  });

  test('the default security group and NACL are closed and database subnets have no internet route', () => {
    const { tf } = synthAll(build().app);
    expect(resources(tf.prod, 'aws_default_security_group')[0].ingress).toBeUndefined();
    expect(resources(tf.prod, 'aws_default_security_group')[0].egress).toBeUndefined();
    expect(resources(tf.prod, 'aws_default_network_acl')[0].ingress).toBeUndefined();
    const dbRoutes = tf.prod.resource.aws_route_table.cluster_Network_DatabaseRoutes_F5A3C2C4 ?? Object.entries<any>(tf.prod.resource.aws_route_table).find(([k]) => k.includes('DatabaseRoutes'))![1];
    expect(dbRoutes.route).toBeUndefined();
    const dbAcl = Object.entries<any>(tf.prod.resource.aws_network_acl).find(([k]) => k.includes('DatabaseAcl'))![1];
    expect(dbAcl.ingress[0].cidr_block).toBe('10.0.0.0/16');
  });

  test('subnets carry the load balancer and Karpenter discovery tags', () => {
    const { tf } = synthAll(build().app);
    const subnets = resources(tf.prod, 'aws_subnet');
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/elb'] === '1')).toHaveLength(3);
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1' && s.tags['karpenter.sh/discovery'] === 'acme-prod')).toHaveLength(3);
  });

  test('lower environments get a single NAT gateway and shorter retention', () => {
    const { tf } = synthAll(build({ environmentClass: EnvironmentClass.DEVELOPMENT, environmentName: 'dev' }).app);
    expect(resources(tf.prod, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(tf.prod, 'aws_cloudwatch_log_group').map((g) => g.retention_in_days)).toEqual([30, 30, 30, 30, 30, 30]); // flow logs, control plane, 4 Container Insights groups
    expect(resources(tf.prod, 'aws_eks_node_group')[0].scaling_config).toEqual({ min_size: 2, desired_size: 2, max_size: 3 });
  });

  test('nodes: AL2023, IMDSv2 with hop limit 1, encrypted gp3, no SSH; optional tainted spot pool', () => {
    const { tf } = synthAll(build({}, { spotPool: { maxSize: 5 } }).app);
    const groups = resources(tf.prod, 'aws_eks_node_group').sort((a, b) => a.node_group_name.localeCompare(b.node_group_name));
    expect(groups.map((g) => [g.node_group_name, g.capacity_type, g.ami_type])).toEqual([
      ['spot', 'SPOT', 'AL2023_x86_64_STANDARD'], ['system', 'ON_DEMAND', 'AL2023_x86_64_STANDARD'],
    ]);
    expect(groups.every((g) => g.remote_access === undefined)).toBe(true);
    expect(groups[0].taint).toEqual([{ key: 'paved-road.dev/spot', value: 'true', effect: 'NO_SCHEDULE' }]);
    // The label workloads with `spot: true` prefer, the same as an Auto Mode spot pool's.
    expect(groups[0].labels).toEqual({ 'paved-road.dev/pool': 'spot' });
    for (const lt of resources(tf.prod, 'aws_launch_template')) {
      expect(lt.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(lt.block_device_mappings[0].ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true' });
      // Cost tags on what the template launches (provider default tags do not reach it).
      expect(lt.tag_specifications.map((t: any) => t.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
      for (const spec of lt.tag_specifications) {
        expect(spec.tags).toMatchObject({ 'paved-road:platform': 'acme', 'paved-road:environment': 'prod', 'paved-road:environment-class': 'production' });
        expect(spec.tags.Name).toMatch(/-(system|spot)$/);
      }
    }
  });

  test('managed add-ons are pinned from the version table', () => {
    const { tf } = synthAll(build({}, { kubernetesVersion: KubernetesVersion.V1_33 }).app);
    const addons = Object.fromEntries(resources(tf.prod, 'aws_eks_addon').map((a) => [a.addon_name, a.addon_version]));
    const v = KubernetesVersion.V1_33.addons;
    expect(addons).toEqual({
      'eks-pod-identity-agent': v.podIdentityAgent,
      'vpc-cni': v.vpcCni,
      'coredns': v.coredns,
      'kube-proxy': v.kubeProxy,
      'aws-ebs-csi-driver': v.ebsCsiDriver,
      'metrics-server': v.metricsServer,
      'amazon-cloudwatch-observability': v.cloudwatchObservability,
      'external-dns': 'v0.19.0-eksbuild.2', // a community add-on, the same for every Kubernetes version
      'kube-state-metrics': 'v2.14.0-eksbuild.1', // community add-ons of PlatformObservability
      'prometheus-node-exporter': undefined, // no version read yet: EKS's default (src/private/versions.ts)
    });
  });

  test('the VPC CNI enforces NetworkPolicies (off in EKS unless enabled), so namespaces\' default deny holds', () => {
    const { tf } = synthAll(build().app);
    const cni = resources(tf.prod, 'aws_eks_addon').find((a) => a.addon_name === 'vpc-cni');
    expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(resources(tf.prod, 'aws_eks_addon').filter((a) => a.configuration_values !== undefined).map((a) => a.addon_name)).toEqual(['external-dns', 'vpc-cni']);
  });

  test('every supported version pins every add-on', () => {
    for (const version of KubernetesVersion.supported()) {
      expect(Object.values(version.addons).every((a) => /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(a))).toBe(true);
    }
  });

  test('IAM policies name no wildcard action', () => {
    const { tf } = synthAll(build().app);
    for (const p of resources(tf.prod, 'aws_iam_role_policy')) {
      for (const s of JSON.parse(p.policy).Statement) {
        expect(s.Action.some((a: string) => a === '*' || a.endsWith(':*'))).toBe(false);
      }
    }
  });

  test('admin principals get cluster-admin access entries; outputs are declared', () => {
    const { tf } = synthAll(build({}, { adminPrincipalArns: ['arn:aws:iam::123456789012:role/admins'] }).app);
    expect(resources(tf.prod, 'aws_eks_access_entry')[0].principal_arn).toBe('arn:aws:iam::123456789012:role/admins');
    expect(resources(tf.prod, 'aws_eks_access_policy_association')[0].policy_arn).toMatch(/AmazonEKSClusterAdminPolicy$/);
    expect(Object.keys(tf.prod.output)).toEqual(expect.arrayContaining(['cluster_name', 'cluster_endpoint', 'oidc_issuer', 'vpc_id', 'private_subnet_ids']));
  });

  test('baseline and teams: default encrypted gp3, priority classes, restricted namespaces with quota, limits, deny and RBAC', () => {
    const { app, cluster } = build();
    cluster.addTeam('shop', { principalArns: ['arn:aws:iam::123456789012:role/shop'] });
    const { tf, k8s } = synthAll(app);
    expect(find(k8s, 'StorageClass').parameters).toEqual({ type: 'gp3', encrypted: 'true' });
    expect(k8s.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name)).toEqual(['platform-critical', 'workload-high', 'workload-default', 'preview-low']);
    expect(find(k8s, 'Namespace', 'shop').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(k8s, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '40', 'requests.memory': '80Gi', 'pods': '200' });
    expect(find(k8s, 'LimitRange').spec.limits[0].type).toBe('Container');
    expect(find(k8s, 'NetworkPolicy', 'default-deny').spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(find(k8s, 'NetworkPolicy', 'default-deny').spec.ingress).toBeUndefined(); // not the VPC, not the namespace
    expect(find(k8s, 'RoleBinding').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team:shop' }]);
    expect(JSON.stringify(find(k8s, 'Role').rules)).not.toMatch(/exec|attach|portforward/);
    expect(resources(tf.prod, 'aws_eks_access_entry').find((e) => e.type === 'STANDARD').kubernetes_groups).toEqual(['team:shop']);
    expect(schemaErrors(k8s)).toEqual([]);
  });

  describe('add-ons', () => {
    const statementsOf = (tf: any, id: string) =>
      JSON.parse(Object.entries<any>(tf.prod.resource.aws_iam_role_policy).find(([k]) => k.includes(id))![1].policy).Statement;

    test('GIVEN defaults THEN the hosted zone, the wildcard certificate and its validation exist, and their outputs', () => {
      const { tf } = synthAll(build().app);
      expect(resources(tf.prod, 'aws_route53_zone')[0].name).toBe('prod.acme.example.com');
      expect(resources(tf.prod, 'aws_acm_certificate')[0].domain_name).toBe('*.prod.acme.example.com');
      expect(resources(tf.prod, 'aws_acm_certificate_validation')).toHaveLength(1);
      expect(Object.keys(tf.prod.output)).toEqual(expect.arrayContaining(['hosted_zone_id', 'hosted_zone_name_servers', 'certificate_arn']));
    });

    test('GIVEN existingHostedZone THEN the zone is looked up by name', () => {
      const { tf } = synthAll(build({}, { existingHostedZone: true }).app);
      expect(resources(tf.prod, 'aws_route53_zone')).toEqual([]);
      expect(Object.values<any>(tf.prod.data.aws_route53_zone)[0].name).toBe('prod.acme.example.com');
    });

    test('GIVEN managed nodes THEN the AWS Load Balancer Controller: the chart, and the upstream IAM policy through Pod Identity', () => {
      const { tf, k8s } = synthAll(build().app);
      const app = find(k8s, 'Application', 'aws-load-balancer-controller');
      expect(app.spec.source.helm.valuesObject).toMatchObject({ clusterName: 'acme-prod', vpcTags: { Name: 'acme-prod-vpc' } });
      // The VPC really carries that Name tag.
      expect(resources(tf.prod, 'aws_vpc')[0].tags.Name).toBe('acme-prod-vpc');
      const statements = statementsOf(tf, 'LoadBalancerControllerPolicy');
      expect(statements).toHaveLength(16); // docs/install/iam_policy.json at v3.5.0
      expect(statements.flatMap((st: any) => [st.Action].flat())).toEqual(expect.arrayContaining(['elasticloadbalancing:CreateLoadBalancer', 'acm:DescribeCertificate']));
      const identity = resources(tf.prod, 'aws_eks_pod_identity_association').find((a) => a.namespace === 'aws-load-balancer-controller');
      expect(identity.service_account).toBe(app.spec.source.helm.valuesObject.serviceAccount.name);
    });

    test('GIVEN defaults THEN ExternalDNS is the EKS community add-on, scoped to the zone: domain and zone ID filters, TXT owner per cluster, IAM on that zone only', () => {
      const { tf, k8s } = synthAll(build().app);
      const addon = resources(tf.prod, 'aws_eks_addon').find((a) => a.addon_name === 'external-dns');
      const values = JSON.parse(addon.configuration_values);
      expect(values).toMatchObject({ domainFilters: ['prod.acme.example.com'], txtOwnerId: 'acme-prod', policy: 'sync', registry: 'txt' });
      expect(values.extraArgs).toContainEqual(expect.stringMatching(/^--zone-id-filter=\$\{aws_route53_zone\..*\.zone_id\}$/));
      expect(addon.pod_identity_association[0].service_account).toBe('external-dns');
      const change = statementsOf(tf, 'ExternalDnsPolicy').find((st: any) => st.Action.includes('route53:ChangeResourceRecordSets'));
      expect(change.Resource).toEqual([expect.stringMatching(/^\$\{aws_route53_zone\..*\.arn\}$/)]);
      // Its namespace is covered by a NetworkPolicy in the platform YAML.
      expect(find(k8s, 'NetworkPolicy', 'external-dns').metadata.namespace).toBe('external-dns');
    });

    test('GIVEN managed nodes and spotPool THEN Karpenter: queue with SSE, the 5 upstream EventBridge rules, node role with an EC2_LINUX entry, and spot + general NodePools', () => {
      const { tf, k8s } = synthAll(build({}, { spotPool: { maxVcpus: 48 } }).app);
      const queue = resources(tf.prod, 'aws_sqs_queue')[0];
      expect(queue).toMatchObject({ name: 'acme-prod-karpenter', sqs_managed_sse_enabled: true, message_retention_seconds: 300 });
      const rules = resources(tf.prod, 'aws_cloudwatch_event_rule').map((r) => JSON.parse(r.event_pattern)['detail-type'][0]);
      expect(rules.sort()).toEqual(['AWS Health Event', 'EC2 Capacity Reservation Instance Interruption Warning', 'EC2 Instance Rebalance Recommendation',
        'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
      expect(resources(tf.prod, 'aws_cloudwatch_event_target').every((t) => /aws_sqs_queue\..*\.arn/.test(t.arn))).toBe(true);
      const nodeRole = resources(tf.prod, 'aws_iam_role').find((r) => r.name === 'acme-prod-karpenter-node');
      expect(nodeRole).toBeDefined();
      expect(resources(tf.prod, 'aws_eks_access_entry').find((e) => e.type === 'EC2_LINUX').principal_arn).toMatch(/aws_iam_role\.cluster_Karpenter_NodeRole/);
      const passRole = statementsOf(tf, 'ControllerPolicy').find((st: any) => st.Sid === 'AllowPassingInstanceRole');
      expect(passRole.Resource).toMatch(/aws_iam_role\.cluster_Karpenter_NodeRole.*\.arn/);
      expect(find(k8s, 'EC2NodeClass', 'default').spec.role).toBe('acme-prod-karpenter-node');
      const spot = find(k8s, 'NodePool', 'spot');
      expect(spot.spec.limits).toEqual({ cpu: '48' });
      expect(spot.spec.template.spec.taints).toEqual([{ key: 'paved-road.dev/spot', value: 'true', effect: 'NoSchedule' }]);
      expect(find(k8s, 'NodePool', 'general').spec.template.spec.requirements[0]).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
      // The managed spot node group keeps its address (and stays at 0 nodes).
      expect(resources(tf.prod, 'aws_eks_node_group').find((g) => g.capacity_type === 'SPOT').scaling_config.desired_size).toBe(0);
    });

    test('GIVEN every Helm add-on THEN each Application is in the platform project, whose destinations are exactly their namespaces', () => {
      const { k8s } = synthAll(build().app);
      const apps = k8s.filter((o) => o.kind === 'Application');
      expect(apps.map((a) => a.metadata.name).sort()).toEqual(['aws-load-balancer-controller', 'external-secrets', 'grafana', 'karpenter']);
      const project = find(k8s, 'AppProject', 'platform');
      expect(project.spec.destinations.map((d: any) => d.namespace).sort()).toEqual(apps.map((a) => a.spec.destination.namespace).sort());
      for (const app of apps) {
        expect(project.spec.sourceRepos).toContain(app.spec.source.repoURL);
        const ns = find(k8s, 'Namespace', app.spec.destination.namespace);
        expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
        expect(find(k8s, 'NetworkPolicy', app.spec.destination.namespace).metadata.namespace).toBe(app.spec.destination.namespace);
        expect(app.spec.source.helm.valuesObject.priorityClassName).toBe('platform-critical');
      }
    });

    test('GIVEN autoMode THEN the Auto Mode alb IngressClass, no Load Balancer Controller and no Karpenter', () => {
      const { tf, k8s } = synthAll(build({}, { autoMode: true }).app);
      expect(find(k8s, 'IngressClass', 'alb').spec.controller).toBe('eks.amazonaws.com/alb');
      expect(k8s.filter((o) => o.kind === 'Application').map((a) => a.metadata.name)).toEqual(['external-secrets', 'grafana']);
      expect(resources(tf.prod, 'aws_sqs_queue')).toEqual([]);
      expect(resources(tf.prod, 'aws_iam_role').map((r) => r.name)).not.toContain('acme-prod-lb-controller');
    });

    test('GIVEN autoMode and addons.karpenter true THEN it throws', () => {
      expect(() => build({}, { autoMode: true, addons: { karpenter: true } }))
        .toThrow("PlatformCluster 'prod/cluster': 'addons.karpenter' (true) installs Karpenter, and with autoMode AWS runs Karpenter itself; leave addons.karpenter unset");
    });

    test('GIVEN every add-on off (and the in-cluster Grafana, an observability part) THEN none of their objects or roles, and no AppProject', () => {
      const off = { externalSecrets: false, loadBalancerController: false, externalDns: false, karpenter: false };
      const { tf, k8s } = synthAll(build({}, { addons: off, observability: { inClusterGrafana: false } }).app);
      expect(k8s.filter((o) => ['Application', 'AppProject', 'EC2NodeClass', 'NodePool', 'IngressClass'].includes(o.kind))).toEqual([]);
      expect(resources(tf.prod, 'aws_eks_addon').map((a) => a.addon_name)).not.toContain('external-dns');
      expect(resources(tf.prod, 'aws_sqs_queue')).toEqual([]);
    });

    test('GIVEN defaults THEN the External Secrets Operator is installed (Argo CD Application in project platform) with its namespace, and the platform AppProject admits it', () => {
      const { k8s, tf } = synthAll(build().app);
      const app = find(k8s, 'Application', 'external-secrets');
      expect(app.spec.project).toBe('platform');
      const project = find(k8s, 'AppProject', app.spec.project);
      expect(project.spec.sourceRepos).toContain(app.spec.source.repoURL);
      expect(project.spec.destinations).toContainEqual(app.spec.destination);
      // The Pod Identity association names the service account and namespace the chart creates.
      const identity = resources(tf.prod, 'aws_eks_pod_identity_association').find((a) => a.namespace === 'external-secrets');
      expect(identity.service_account).toBe(app.spec.source.helm.valuesObject.serviceAccount.name);
      expect(find(k8s, 'Namespace', 'external-secrets').metadata.labels['paved-road.dev/environment']).toBe('prod');
      expect(find(k8s, 'NetworkPolicy', 'external-secrets').metadata.namespace).toBe('external-secrets');
      // The ClusterSecretStore waits for the operator's CRD instead of failing Argo CD's dry run.
      expect(find(k8s, 'ClusterSecretStore').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    });

    test('GIVEN externalSecrets: false THEN no operator and no namespace of it; the IAM role stays for an operator run by the user', () => {
      const { k8s, tf } = synthAll(build({}, { addons: { externalSecrets: false } }).app);
      expect(k8s.filter((o) => o.kind === 'Application').map((a) => a.metadata.name)).not.toContain('external-secrets');
      expect(find(k8s, 'AppProject', 'platform').spec.destinations.map((d: any) => d.namespace)).not.toContain('external-secrets');
      expect(k8s.find((o) => o.kind === 'Namespace' && o.metadata.name === 'external-secrets')).toBeUndefined();
      expect(resources(tf.prod, 'aws_iam_role').map((r) => r.name)).toContain('acme-prod-external-secrets');
    });
  });

  test('fromAttributes gives a cluster for a service repository', () => {
    const c = PlatformCluster.fromAttributes({ clusterName: 'acme-prod', vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::1:role/n' });
    expect(c).toMatchObject({ clusterName: 'acme-prod', vpcCidr: '10.0.0.0/16', databaseSubnetIds: [], publicSubnetCidrs: ['10.0.192.0/19'] });
    expect(() => PlatformCluster.fromAttributes({ clusterName: 'acme-prod', vpcId: 'vpc-1', vpcCidr: '10.0.0.0', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::1:role/n' }))
      .toThrow(/PlatformCluster 'PlatformCluster.fromAttributes': 'vpcCidr' \('10\.0\.0\.0'\) is not a valid IPv4 CIDR block/);
  });

  describe('bad input', () => {
    test.each([
      // Errors of the inner constructs name the PlatformCluster and its prop, not 'prod/cluster/Network' or 'serviceCidr'.
      [{ availabilityZones: ['eu-west-1a'] }, /^PlatformCluster 'prod\/cluster': 'availabilityZones' \(\["eu-west-1a"\]\) must name 2 to 6/],
      [{ availabilityZones: ['eu-west-1a', 'us-east-1b'] }, /^PlatformCluster 'prod\/cluster': 'availabilityZones' \('us-east-1b'\) is not an availability zone of the region 'eu-west-1'/],
      [{ vpcCidr: '11.0.0.0/16' }, /^PlatformCluster 'prod\/cluster': 'vpcCidr' \('11\.0\.0\.0\/16'\) is not inside a private range/],
      [{ logRetentionDays: 100 }, /^PlatformCluster 'prod\/cluster': 'logRetentionDays' \(100\) is not a retention period CloudWatch Logs accepts; use one of 1, 3, 5/],
      [{ publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }, /^PlatformCluster 'prod\/cluster': 'publicAccessCidrs' \(\["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\]\) together cover every IPv4 address/],
      [{ adminPrincipalArns: ['arn:aws:iam::123456789012:group/admins'] }, /^PlatformCluster 'prod\/cluster': 'adminPrincipalArns\[0\]' \('arn:aws:iam::123456789012:group\/admins'\) is not the ARN of an IAM role or user/],
      [{ systemPool: { instanceTypes: ['large'] } }, /^PlatformCluster 'prod\/cluster': 'systemPool.instanceTypes\[0\]' \('large'\) is not an EC2 instance type/],
      [{ vpcCidr: '10.0.0.1/16' }, /'vpcCidr' \('10\.0\.0\.1\/16'\) is not a valid IPv4 CIDR/],
      [{ vpcCidr: '10.0.0.0/24' }, /'vpcCidr' \('10\.0\.0\.0\/24'\) is too small for the subnets/],
      [{ vpcCidr: '172.20.0.0/16' }, /^PlatformCluster 'prod\/cluster': 'vpcCidr' \('172\.20\.0\.0\/16'\) overlaps the Kubernetes service CIDR 172\.20\.0\.0\/16/],
      [{ systemPool: { minSize: 5, maxSize: 2 } }, /^PlatformCluster 'prod\/cluster': 'systemPool.minSize' \(5\) must be <= 'systemPool.maxSize' \(2\); raise maxSize or lower minSize/],
      [{ publicAccessCidrs: ['0.0.0.0/0'] }, /'publicAccessCidrs' \('0\.0\.0\.0\/0'\) opens the API to the whole internet/],
    ])('%j fails', (props, message) => {
      expect(() => build({}, props)).toThrow(message);
    });

    test('an untested Kubernetes version fails', () => {
      expect(() => build({}, { kubernetesVersion: { version: '1.20', addons: KubernetesVersion.V1_34.addons } })).toThrow(/'kubernetesVersion' \('1\.20'\) is not a version this library is tested with; use one of 1\.33, 1\.34/);
    });

    test('team names must be DNS labels and unique', () => {
      const { cluster } = build();
      expect(() => cluster.addTeam('Shop_Team')).toThrow(/PlatformCluster 'prod\/cluster': 'addTeam name' \('Shop_Team'\) is not a DNS-1123 label/);
      cluster.addTeam('shop');
      expect(() => cluster.addTeam('shop2', { name: 'shop' })).toThrow(/team 'shop' is added twice; give each team its own name/);
    });

    test('addTeam: a reserved namespace, a principal that is not a role or user ARN, a bad quota name the cluster and the option', () => {
      const { cluster } = build();
      expect(() => cluster.addTeam('kube-system')).toThrow(/^PlatformCluster 'prod\/cluster': 'addTeam name' \('kube-system'\) is reserved for Kubernetes or the platform's add-ons/);
      expect(() => cluster.addTeam('argocd')).toThrow(/'addTeam name' \('argocd'\) is reserved/);
      expect(() => cluster.addTeam('shop', { principalArns: ['arn:aws:iam::123456789012:role/*'] }))
        .toThrow(/^PlatformCluster 'prod\/cluster': 'addTeam principalArns\[0\]' \('arn:aws:iam::123456789012:role\/\*'\) is not the ARN of an IAM role or user/);
      expect(() => cluster.addTeam('data', { quotaCpuCores: 0 })).toThrow(/^PlatformCluster 'prod\/cluster': 'addTeam quotaCpuCores' \(0\) must be a whole number from 1 to 100000/);
    });

    test('under Auto Mode, the spot pool\'s errors name spotPool too', () => {
      expect(() => build({}, { autoMode: true, spotPool: { instanceTypes: ['xlarge'] } }))
        .toThrow(/^PlatformCluster 'prod\/cluster': 'spotPool.instanceTypes\[0\]' \('xlarge'\) is not an EC2 instance type/);
    });

    test('two stacks of one platform and environment that each make the cluster fail, naming both', () => {
      const { app } = build();
      const again = new PlatformStack(app, 'prod-again', PROD_PROPS);
      expect(() => new PlatformCluster(again, 'cluster'))
        .toThrow("PlatformCluster 'prod-again/cluster': the cluster 'acme-prod' of environment 'prod' is made twice: here and by 'prod/cluster'");
    });

    test('an invalid domain fails', () => {
      expect(() => build({ domain: 'not a domain' })).toThrow(/PlatformContext 'prod': 'domain' \('not a domain'\) is not a valid DNS domain/);
    });
  });
});

describe('PlatformCluster autoMode', () => {
  test('EKS Auto Mode runs the nodes: no node groups, only the add-ons Auto Mode lacks, its EBS provisioner, its node role as node_role_arn', () => {
    const { app, stack, cluster } = build({}, { autoMode: true });
    cluster.addTeam('shop');
    new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0', cluster }).grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:orders');
    // Synthesis runs the guardrails: an Auto Mode platform passes them as the default one does.
    const { tf, k8s } = synthAll(app);
    expect(resources(tf.prod, 'aws_eks_node_group')).toEqual([]);
    expect(resources(tf.prod, 'aws_launch_template')).toEqual([]);
    expect(resources(tf.prod, 'aws_eks_cluster')[0].compute_config).toMatchObject({ enabled: true, node_pools: ['general-purpose', 'system'] });
    const addons = resources(tf.prod, 'aws_eks_addon');
    expect(addons.map((a) => a.addon_name).sort()).toEqual(['amazon-cloudwatch-observability', 'external-dns', 'kube-state-metrics', 'metrics-server', 'prometheus-node-exporter']);
    // No node group to wait for; the CloudWatch agent waits only for its log groups.
    expect(addons.filter((a) => a.addon_name !== 'amazon-cloudwatch-observability').every((a) => a.depends_on === undefined)).toBe(true);
    expect(addons.find((a) => a.addon_name === 'amazon-cloudwatch-observability').depends_on.every((d: string) => d.startsWith('aws_cloudwatch_log_group.'))).toBe(true);
    expect(addons.find((a) => a.addon_name === 'amazon-cloudwatch-observability').pod_identity_association[0]).toMatchObject({ service_account: 'cloudwatch-agent' });
    expect(resources(tf.prod, 'aws_iam_role').map((r) => r.name)).not.toContain('acme-prod-ebs-csi');
    expect(find(k8s, 'StorageClass').provisioner).toBe('ebs.csi.eks.amazonaws.com');
    // Auto Mode enforces NetworkPolicies only once this ConfigMap turns its controller on.
    expect(find(k8s, 'ConfigMap', 'amazon-vpc-cni')).toMatchObject({ metadata: { namespace: 'kube-system' }, data: { 'enable-network-policy-controller': 'true' } });
    expect(tf.prod.output.node_role_arn.value).toMatch(/^\$\{aws_iam_role\.cluster_ControlPlane_AutoModeNodeRole_[A-F0-9]+\.arn\}$/);
    expect(cluster.autoMode).toBe(true);
    expect(cluster.systemPool).toBeUndefined();
    // A service on it gets its Pod Identity association as on any cluster (Auto Mode runs the agent).
    expect(resources(tf.prod, 'aws_eks_pod_identity_association').map((a) => a.service_account)).toEqual(expect.arrayContaining(['web']));
    expect(find(k8s, 'Deployment', 'web')).toBeDefined();
    expect(schemaErrors(k8s)).toEqual([]);
  });

  test('off by default: the system pool, every pinned add-on and the EBS CSI driver\'s provisioner', () => {
    const { app, cluster } = build();
    const { tf, k8s } = synthAll(app);
    expect(cluster.autoMode).toBe(false);
    expect(cluster.systemPool).toBeDefined();
    expect(resources(tf.prod, 'aws_eks_cluster')[0].compute_config).toBeUndefined();
    expect(resources(tf.prod, 'aws_eks_addon')).toHaveLength(10); // the 7 pinned ones and the community add-ons ExternalDNS, kube-state-metrics, node-exporter
    expect(find(k8s, 'StorageClass').provisioner).toBe('ebs.csi.aws.com');
    // The vpc-cni add-on owns the network policy ConfigMap here; the platform does not write one.
    expect(k8s.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'amazon-vpc-cni')).toEqual([]);
  });

  test('autoMode with systemPool fails: the system pool is a managed node group', () => {
    expect(() => build({}, { autoMode: true, systemPool: { minSize: 3 } })).toThrow(
      'PlatformCluster \'prod/cluster\': \'systemPool\' (\'{"minSize":3}\') configures a managed node group, and with autoMode EKS Auto Mode runs the nodes; '
      + 'leave systemPool unset (Auto Mode sizes its built-in node pools to the pods\' requests), or set autoMode: false');
  });

  test('spotPool under autoMode: an Auto Mode NodePool in the platform chart, spot only, labelled and tainted as the managed spot pool is', () => {
    const { app, stack, cluster } = build({}, { autoMode: true, spotPool: { maxVcpus: 200, labels: { tier: 'batch' } } });
    cluster.addTeam('shop');
    new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0', cluster, spot: true });
    const { tf, k8s } = synthAll(app);
    expect(resources(tf.prod, 'aws_eks_node_group')).toEqual([]);
    expect(cluster.spotPool).toBeUndefined();
    expect(cluster.autoModeSpotPool!.maxVcpus).toBe(200);
    const pool = find(k8s, 'NodePool', 'spot');
    expect(pool.apiVersion).toBe('karpenter.sh/v1');
    expect(pool.spec.template.metadata.labels).toEqual({ 'tier': 'batch', 'paved-road.dev/pool': 'spot' });
    expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' });
    expect(pool.spec.template.spec.requirements[0]).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] });
    expect(pool.spec.template.spec.taints).toEqual([{ key: 'paved-road.dev/spot', value: 'true', effect: 'NoSchedule' }]);
    expect(pool.spec.limits).toEqual({ cpu: '200' });
    // The service's pods tolerate that taint and prefer that label.
    const podSpec = find(k8s, 'Deployment', 'web').spec.template.spec;
    expect(podSpec.tolerations).toEqual([{ key: 'paved-road.dev/spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(podSpec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions)
      .toEqual([{ key: 'paved-road.dev/pool', operator: 'In', values: ['spot'] }]);
  });

  test.each([
    ['maxSize', 5, 'bound the pool with spotPool.maxVcpus instead'],
    ['minSize', 1, 'leave spotPool.minSize unset'],
    ['desiredSize', 2, 'leave spotPool.desiredSize unset'],
    ['diskSizeGib', 100, 'leave spotPool.diskSizeGib unset'],
  ])('autoMode with spotPool.%s fails: it sizes a managed node group', (prop, value, fix) => {
    expect(() => build({}, { autoMode: true, spotPool: { [prop]: value } })).toThrow(
      `PlatformCluster 'prod/cluster': 'spotPool.${prop}' (${value}) sizes a managed node group, and with autoMode the spot pool is an Auto Mode NodePool `
      + `sized to the pods' requests; ${fix}`);
  });

  test('a managed pool\'s taint effect is the EKS API\'s spelling; the pool label cannot be overridden', () => {
    expect(() => build({}, { spotPool: { taints: [{ key: 'a', value: 'b', effect: 'NoSchedule' as unknown as TaintEffect }] } })).toThrow(
      'PlatformCluster \'prod/cluster\': \'spotPool.taints.effect\' (\'NoSchedule\') is not a taint effect; use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE');
    const { tf } = synthAll(build({}, { spotPool: { labels: { 'paved-road.dev/pool': 'other', 'tier': 'batch' } } }).app);
    const spot = resources(tf.prod, 'aws_eks_node_group').find((g) => g.node_group_name === 'spot');
    expect(spot.labels).toEqual({ 'tier': 'batch', 'paved-road.dev/pool': 'spot' });
  });

  test('maxVcpus on a managed spot pool without Karpenter fails: node groups are bounded by maxSize', () => {
    expect(() => build({}, { spotPool: { maxVcpus: 64 }, addons: { karpenter: false } })).toThrow(
      'PlatformCluster \'prod/cluster\': \'spotPool.maxVcpus\' (64) bounds a node pool of EKS Auto Mode, and a managed node group is bounded by its node count; set maxSize instead');
  });
});

describe('PlatformCluster previewJanitor', () => {
  test('off by default; on, the baseline chart runs the janitor', () => {
    const off = build();
    expect(synthAll(off.app).k8s.filter((o) => o.kind === 'CronJob')).toEqual([]);
    const on = build({}, { previewJanitor: true });
    const k8s = synthAll(on.app).k8s;
    expect(find(k8s, 'CronJob', 'preview-janitor').metadata.namespace).toBe('preview-system');
    expect(find(k8s, 'ValidatingAdmissionPolicy', 'preview-janitor')).toBeDefined();
  });
});


describe('PlatformCluster team previewDeployerArns', () => {
  test.each(['preview-shop', 'shop-pr-x'])('a team named %s fails: its namespaces would fall among previews\' namespaces (preview-<team>-pr-<n>)', (name) => {
    const { cluster } = build();
    expect(() => cluster.addTeam(name)).toThrow(new RegExp(`^PlatformCluster 'prod/cluster': 'addTeam name' \\('${name}'\\) starts with "preview-" or holds "-pr-", which name pull-request previews' namespaces`));
  });

  const DEPLOYER = 'arn:aws:iam::123456789012:role/acme-dev-gha-preview-shop';
  const devCluster = (props: any = {}) => build({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, { previewJanitor: true, ...props });

  test('each role gets an access entry in the team\'s preview group with AmazonEKSAdminPolicy on preview-<team>-pr-* only, and the cluster confines the group to those namespaces', () => {
    // GIVEN the cluster that hosts previews, and team shop's preview role
    const { app, cluster } = devCluster();
    cluster.addTeam('shop', { previewDeployerArns: [DEPLOYER] });
    cluster.addTeam('payments');

    // WHEN
    const { tf, k8s, result } = synthAll(app);

    // THEN Terraform: the access entry maps the role to the group; the EKS policy covers the team's previews only
    expect(result.findings.filter((f) => f.severity === 'error' && !f.suppressed)).toEqual([]);
    const entry = resources(tf.prod, 'aws_eks_access_entry').find((e) => e.principal_arn === DEPLOYER);
    expect(entry).toMatchObject({ type: 'STANDARD', kubernetes_groups: ['previews:shop'] });
    const [association] = resources(tf.prod, 'aws_eks_access_policy_association').filter((a) => a.policy_arn.endsWith('/AmazonEKSAdminPolicy'));
    expect(association).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
      access_scope: { type: 'namespace', namespaces: ['preview-shop-pr-*'] },
    });
    expect(association.principal_arn).toMatch(/^\$\{aws_eks_access_entry\./); // after the entry
    // AND Kubernetes: the group is bound to the deployer ClusterRole, whose writes the admission policy confines
    expect(schemaErrors(k8s)).toEqual([]);
    const role = find(k8s, 'ClusterRole', 'paved-road:preview-deployer');
    expect(role.rules.flatMap((r: any) => r.resources)).toEqual(expect.arrayContaining(['namespaces', 'resourcequotas', 'limitranges', 'roles', 'rolebindings', 'externalsecrets', 'passwords']));
    expect(role.rules.flatMap((r: any) => r.resources)).not.toContain('secrets');
    expect(find(k8s, 'ClusterRoleBinding', 'paved-road:preview-deployer:shop')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'paved-road:preview-deployer' },
      subjects: [{ kind: 'Group', name: 'previews:shop' }],
    });
    const policy = find(k8s, 'ValidatingAdmissionPolicy', 'paved-road-previews-shop');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConditions).toEqual([{ name: 'preview-deployer', expression: '\'previews:shop\' in request.userInfo.groups' }]);
    // '*/*' alone: the API server refuses '*/*' beside other entries (admissionregistration validation)
    expect(policy.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*/*'] }]);
    expect(policy.spec.validations[0].expression).toContain('.matches(\'^preview-shop-pr-[0-9]+$\')');
    // A preview namespace the role writes keeps what the janitor deletes it by and the restricted Pod Security level
    for (const check of [
      'object.metadata.labels[\'paved-road.dev/preview\'] == \'true\'',
      '\'paved-road.dev/expires-at\' in object.metadata.labels',
      'object.metadata.labels[\'pod-security.kubernetes.io/enforce\'] == \'restricted\'',
    ]) {
      expect(policy.spec.validations[1].expression).toContain(check);
    }
    expect(find(k8s, 'ValidatingAdmissionPolicyBinding', 'paved-road-previews-shop').spec).toEqual({ policyName: 'paved-road-previews-shop', validationActions: ['Deny'] });
    // AND a team without preview roles gets none of it
    expect(k8s.filter((o) => o.metadata?.name?.includes('previews-payments') || o.metadata?.name?.includes('preview-deployer:payments'))).toEqual([]);
  });

  test.each([
    ['on a cluster that hosts no previews', {}, { previewDeployerArns: [DEPLOYER] },
      /^PlatformCluster 'prod\/cluster': 'addTeam previewDeployerArns' \(\["arn:aws:iam::123456789012:role\/acme-dev-gha-preview-shop"\]\) is given, but this cluster does not host previews; set previewJanitor: true/],
    ['for a team whose name is too long for its preview namespaces', { previewJanitor: true }, { name: 'a'.repeat(45), previewDeployerArns: [DEPLOYER] },
      /^PlatformCluster 'prod\/cluster': 'addTeam name' \('a{45}'\) is too long for preview namespaces preview-a{45}-pr-<n> within 63 characters/],
    ['that is not a principal ARN', { previewJanitor: true }, { previewDeployerArns: ['acme-dev-gha-preview-shop'] },
      /^PlatformCluster 'prod\/cluster': 'addTeam previewDeployerArns\[0\]' \('acme-dev-gha-preview-shop'\) is not/],
  ])('a preview deployer %s fails', (_name, clusterProps, teamOptions, message) => {
    const { cluster } = build({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, clusterProps);
    expect(() => cluster.addTeam('shop', teamOptions)).toThrow(message);
  });
});
