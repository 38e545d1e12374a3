/**
 * Scenario 1's baseline C (a child process of scripts/bench.ts): baseline A's chart plus each
 * service's ECR repository and lifecycle policy written by hand in one cdktf stack with deep
 * imports: the same work as the library's ServiceApps with their own repository, minus its checks
 * and its file per service. Loads cdk8s, cdk8s-plus-27, cdktf and three provider modules.
 * Usage: node -r ts-node/register/transpile-only scripts/bench/baseline-k8s-ecr.ts <N> <outdir>
 */
import * as path from 'path';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { addServices } from './baseline-k8s';
import { constructionDone, report, startClock } from './measure';

startClock();
const [nArg, outdir] = process.argv.slice(2);
const n = Number(nArg);
const tfApp = new TfApp({ outdir: path.join(outdir, 'cdktf.out') });
const tfStack = new TerraformStack(tfApp, 'bench');
new AwsProvider(tfStack, 'aws', { region: 'eu-west-1', allowedAccountIds: ['123456789012'] });
const app = new App({ outdir: path.join(outdir, 'dist') });
addServices(app, n);
for (let i = 0; i < n; i++) {
  const name = `svc-${i}`;
  const repo = new EcrRepository(tfStack, `${name}-repo`, {
    name: `acme/prod/${name}`,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'KMS' }],
    forceDelete: false,
  });
  new EcrLifecyclePolicy(tfStack, `${name}-lifecycle`, {
    repository: repo.name,
    policy: JSON.stringify({
      rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } }],
    }),
  });
}
constructionDone();
app.synth();
tfApp.synth();
report();
