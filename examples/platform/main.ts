// A platform team's main.ts: the production platform of "acme" with two teams.
// In your own repository, import from 'cdk-paved-road' instead of '../../src'.
import { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, StateBackend } from '../../src';

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
  spotNodes: { instanceTypes: ['m7i.large', 'm6i.large', 'm5.large'], maxSize: 10 },
});
cluster.addTeam('shop', { principalArns: ['arn:aws:iam::123456789012:role/team-shop'] });
cluster.addTeam('payments', { principalArns: ['arn:aws:iam::123456789012:role/team-payments'], cpuCores: 20, memoryGibibytes: 40 });

app.synth();
