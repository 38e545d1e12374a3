// A platform team's main.ts: the production and development platforms of "acme", their CI
// identities and the platform repository's workflow, which deploys development, then production.
import * as path from 'path';
import { devCluster, devPlatformStack } from '../dev-platform/platform';
import {
  AlertProtocol, AppDeliveryWorkflow, CiIdentity, EnvironmentClass, PlatformApp, PlatformCluster, PlatformDeliveryWorkflow, PlatformStack,
  StateBackend,
} from 'cdk-paved-road';

const app = new PlatformApp();
const prod = new PlatformStack(app, 'platform-prod', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
  stateBackend: StateBackend.s3({ bucket: 'acme-terraform-state', keyPrefix: 'platform' }),
});

const cluster = new PlatformCluster(prod, 'cluster', {
  adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admins'],
  spotPool: { instanceTypes: ['m7i.large', 'm6i.large', 'm5.large'], maxSize: 10 },
  // Metrics (Prometheus workspace + managed collector), alert routing and Container Insights log
  // groups are on by default; alerts of no registered team go to the platform's topic.
  // Managed Grafana (off by default) over the Prometheus workspace, login through IAM Identity Center.
  observability: {
    subscriptions: [{ protocol: AlertProtocol.EMAIL, endpoint: 'platform-oncall@acme.example.com' }],
    grafana: { adminGroupIds: ['9a6710c8-2081-70a1-3c44-2f6b1a2e5d01'], viewerGroupIds: ['9a6710c8-2081-70a1-3c44-2f6b1a2e5d02'] },
  },
  // Argo CD as the EKS capability: it syncs prod/platform/ and each team's prod/<team>/ folder
  // of the GitOps repository (manual sync in production), login through IAM Identity Center.
  gitops: {
    repoUrl: 'https://github.com/acme/gitops.git',
    // A private repository: Argo CD reads it with a GitHub App whose credentials the platform team puts
    // in the secret acme/prod/gitops/repository; an ExternalSecret hands them to Argo CD.
    privateRepository: true,
    identityCenter: {
      instanceArn: 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
      adminGroupIds: ['9a6710c8-2081-70a1-3c44-2f6b1a2e5d01'],
      viewerGroupIds: ['9a6710c8-2081-70a1-3c44-2f6b1a2e5d02'],
    },
  },
});
// Each team's alerts (its services' SLO and baseline alerts, its databases' alarms) go to its own
// SNS topic, acme-prod-alerts-<team>; subscribe the on-call tools there.
cluster.addTeam('shop', {
  principalArns: ['arn:aws:iam::123456789012:role/team-shop'],
  alertSubscriptions: [{ protocol: AlertProtocol.HTTPS, endpoint: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue' }],
});
cluster.addTeam('payments', {
  principalArns: ['arn:aws:iam::123456789012:role/team-payments'],
  quotaCpuCores: 20,
  quotaMemoryGib: 40,
  alertSubscriptions: [{ protocol: AlertProtocol.EMAIL, endpoint: 'payments-oncall@acme.example.com' }],
});

// From commit to production (README): releases land in a development environment first, in its
// own account; production gets them by reviewed pull requests to the GitOps repository. The
// development platform (examples/dev-platform/platform.ts: its cluster, which also hosts the
// pull-request previews) is part of this program, so that one workflow deploys both in order.
const dev = devPlatformStack(app);

// CI identity per environment: GitHub's OIDC provider, a role per repository trusted only for its
// GitHub environment (the platform's plan role: its pull requests), ECR push only to the team's
// services. The workflows below name exactly these roles.
const delivery = [[dev, 'acme-dev-terraform-state', 'dev'], [prod, 'acme-terraform-state', 'production']] as const;
const stages = delivery.map(([stack, stateBucket, githubEnvironment]) => {
  const ci = new CiIdentity(stack, 'ci');
  if (stack === dev) {
    // Pull-request previews run on the development cluster: the shop repository's preview workflow
    // (examples/preview/github-workflow.yml) assumes this role, and the cluster lets it deploy the
    // team's preview namespaces.
    const previews = ci.addPreviewRepository('shop', {
      repository: 'acme/shop',
      team: 'shop',
      services: ['orders', 'checkout'],
      deployPolicyArns: [`arn:aws:iam::${stack.context.account}:policy/acme-app-deployer`],
      stateBucket,
    });
    devCluster(dev, [previews.role.roleArn]);
  }
  return {
    // The shop repository applies its own Terraform (registries, roles, databases) with the policy
    // the account grants app deployers, then pushes images and delivers its YAML.
    shop: ci.addAppRepository('shop', {
      repository: 'acme/shop',
      team: 'shop',
      services: ['orders', 'checkout'],
      githubEnvironment,
      deployPolicyArns: [`arn:aws:iam::${stack.context.account}:policy/acme-app-deployer`],
      stateBucket,
      stateKeyPrefix: 'apps',
    }).stage,
    platform: ci.addPlatformRepository('platform', {
      repository: 'acme/platform',
      githubEnvironment,
      deployPolicyArns: [`arn:aws:iam::${stack.context.account}:policy/acme-platform-deployer`],
      stateBucket,
      stateKeyPrefix: 'platform',
    }).stage,
  };
});

app.synth();

// The workflows, generated from the same stages as the roles: copy each to .github/workflows/
// of the repository its folder names (a test checks these files are current).
const workflows = process.env.WORKFLOW_OUTDIR ?? path.join(__dirname, 'workflows');
new PlatformDeliveryWorkflow({ stages: stages.map((s) => s.platform), gitopsRepository: 'acme/gitops' }).writeFile(`${workflows}/acme-platform`);
new AppDeliveryWorkflow({ stages: stages.map((s) => s.shop), gitopsRepository: 'acme/gitops' }).writeFile(`${workflows}/acme-shop`);
