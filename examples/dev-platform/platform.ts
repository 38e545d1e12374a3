// The development platform of "acme": the cluster that runs the teams' dev services (delivered by
// Argo CD from dev/ of the GitOps repository) and hosts the pull-request previews
// (examples/preview), with the preview janitor that removes expired ones. The platform
// repository's program (examples/platform/main.ts) builds it beside production and deploys both;
// examples/dev-platform/main.ts synthesizes it alone, to show and check one cluster's output.
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, StateBackend } from 'cdk-paved-road';

/** The development environment's stack. */
export function devPlatformStack(app: PlatformApp): PlatformStack {
  return new PlatformStack(app, 'platform-dev', {
    platformName: 'acme',
    environmentName: 'dev',
    environmentClass: EnvironmentClass.DEVELOPMENT,
    account: '210987654321',
    region: 'eu-west-1',
    domain: 'dev.acme.example.com',
    stateBackend: StateBackend.s3({ bucket: 'acme-dev-terraform-state', keyPrefix: 'platform' }),
  });
}

/**
 * The development cluster and its team.
 * @param shopPreviewDeployers the roles that deploy team shop's previews here (the role of
 * `CiIdentity.addPreviewRepository()`: its `role.roleArn` in the same stack, so that Terraform
 * creates the role before the cluster's access entry for it)
 */
export function devCluster(stack: PlatformStack, shopPreviewDeployers: string[]): PlatformCluster {
  const cluster = new PlatformCluster(stack, 'cluster', {
    vpcCidr: '10.20.0.0/16', // the CIDR examples/preview names for the dev cluster
    adminPrincipalArns: ['arn:aws:iam::210987654321:role/platform-admins'],
    // Previews of pull requests run here; the janitor deletes those whose expiry has passed, even
    // when CI never ran destroy.
    previewJanitor: true,
    // The dev cluster syncs dev/ of the GitOps repository (dev/platform/ and each team's dev/<team>/,
    // where the app workflow commits). Self-managed Argo CD here (installed once with helm, then managing
    // itself), the EKS Argo CD capability in production: both ways, one each.
    gitops: { repoUrl: 'https://github.com/acme/gitops.git', privateRepository: true },
  });
  cluster.addTeam('shop', {
    principalArns: ['arn:aws:iam::210987654321:role/team-shop'],
    // They may create and delete the namespaces preview-shop-pr-* and nothing else.
    previewDeployerArns: shopPreviewDeployers,
  });
  return cluster;
}
