// A platform team's main.ts for a development environment: the cluster of "acme" that runs the
// teams' dev services (delivered by Argo CD from dev/ of the GitOps repository) and hosts the
// pull-request previews (examples/preview), with the preview janitor that removes expired ones.
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, StateBackend } from 'cdk-paved-road';

const app = new PlatformApp();
const dev = new PlatformStack(app, 'platform-dev', {
  platformName: 'acme',
  environmentName: 'dev',
  environmentClass: EnvironmentClass.DEVELOPMENT,
  account: '210987654321',
  region: 'eu-west-1',
  domain: 'dev.acme.example.com',
  stateBackend: StateBackend.s3({ bucket: 'acme-dev-terraform-state', keyPrefix: 'platform' }),
});

const cluster = new PlatformCluster(dev, 'cluster', {
  vpcCidr: '10.20.0.0/16', // the CIDR examples/preview names for the dev cluster
  adminPrincipalArns: ['arn:aws:iam::210987654321:role/platform-admins'],
  // Previews of pull requests run here; the janitor deletes those whose expiry has passed, even
  // when CI never ran destroy.
  previewJanitor: true,
  // The dev cluster syncs dev/ of the GitOps repository (dev/platform/ and each team's dev/<team>/,
  // where the app workflow commits). Self-managed Argo CD here (installed once with helm, then managing
  // itself), the EKS Argo CD capability in examples/platform: both ways, one each.
  gitops: { repoUrl: 'https://github.com/acme/gitops.git', privateRepository: true },
});
cluster.addTeam('shop', {
  principalArns: ['arn:aws:iam::210987654321:role/team-shop'],
  // The role of the shop repository's preview workflow (CiIdentity.addPreviewRepository() in
  // examples/platform, applied first): it may create and delete the namespaces preview-shop-pr-*.
  previewDeployerArns: ['arn:aws:iam::210987654321:role/acme-dev-gha-preview-shop'],
});

app.synth();
