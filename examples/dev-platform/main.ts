// The development platform of "acme" alone (platform.ts): the platform repository deploys it from
// examples/platform/main.ts, with production and the CI identities; this program synthesizes the
// development cluster's Terraform and YAML by themselves. Do not deploy it apart: it is the same
// stack (and state) as examples/platform's platform-dev, without the CI identities.
import { devCluster, devPlatformStack } from './platform';
import { PlatformApp } from 'cdk-paved-road';

const app = new PlatformApp();
// The role examples/platform creates for the shop repository's previews, by its name.
devCluster(devPlatformStack(app), ['arn:aws:iam::210987654321:role/acme-dev-gha-preview-shop']);
app.synth();
