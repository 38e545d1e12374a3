/**
 * Scenario 1's library programs (a child process of scripts/bench.ts): N ServiceApps in one
 * PlatformStack, synthesized by PlatformApp.synth() (one YAML file per service, the guardrails and
 * the token checks). Loads the compiled library (lib/, as a consumer's `cdk-paved-road`), nothing
 * else by name.
 * Usage: node -r ts-node/register/transpile-only scripts/bench/workloads.ts <mode> <N> <outdir>
 * Modes:
 *   library-image  ServiceApps deploying an image from an existing registry (`image`): baseline A's
 *                  Kubernetes objects (scripts/bench/baseline-k8s.ts), one file per service
 *   library        ServiceApps with their own ECR repository (`imageTag`, the default): the work
 *                  of baseline C (scripts/bench/baseline-k8s-ecr.ts)
 */
import * as path from 'path';
import { constructionDone, report, startClock } from './measure';

// The classes are read before the clock starts, as a program's named imports are: the package root
// loads its modules on first use.
/* eslint-disable @typescript-eslint/no-require-imports */
const { EnvironmentClass, PlatformApp, PlatformStack, ServiceApp } = require(process.env.BENCH_LIB ?? '../../lib');
/* eslint-enable @typescript-eslint/no-require-imports */
startClock();

const [mode, nArg, outdir] = process.argv.slice(2);
const n = Number(nArg);
const app = new PlatformApp({ terraformOutdir: path.join(outdir, 'cdktf.out'), kubernetesOutdir: path.join(outdir, 'dist'), quiet: true });
const stack = new PlatformStack(app, 'bench', {
  platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'bench.example.com',
});
for (let i = 0; i < n; i++) {
  const name = `svc-${i}`;
  const image = mode === 'library' ? { imageTag: '1.0.0' } : { image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/${name}:1.0.0` };
  // monitoring off: alert rules and the Grafana dashboard ConfigMap are not part of the baselines.
  new ServiceApp(stack, name, { team: 'bench', ...image, env: [{ name: 'LOG_LEVEL', value: 'info' }], monitoring: false });
}
constructionDone();
app.synth();
report();
