// A platform team's main.ts for a development environment: the cluster of "acme" that hosts the
// pull-request previews (examples/preview), with the preview janitor that removes expired ones.
// In your own repository, import from 'cdk-paved-road' instead of '../../src'.
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, StateBackend } from '../../src';

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
});
cluster.addTeam('shop', { principalArns: ['arn:aws:iam::210987654321:role/team-shop'] });

app.synth();
