/**
 * Runs an example's main.ts (a child process of differential.test.ts) so that its one
 * `PlatformApp.synth()` writes the library's outputs, and then the upstream synthesizers write the
 * same two trees again: cdk8s `App.synth()` and cdktf `App.synth()`, each into its own folder.
 * Usage: node -r ts-node/register/transpile-only upstream-synth.ts <example dir> <outdir>
 *   <outdir>/library/{cdktf.out,dist}   PlatformApp.synth()
 *   <outdir>/upstream/{cdktf.out,dist}  cdktf App.synth(), cdk8s App.synth()
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PlatformApp as PlatformAppType } from '../../../src';

const [example, outdir] = process.argv.slice(2).map((p) => path.resolve(p));
// The PlatformApp the example loads: 'cdk-paved-road' as resolved from the example (the compiled lib/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PlatformApp }: { PlatformApp: typeof PlatformAppType } = require(require.resolve('cdk-paved-road', { paths: [example] }));
process.env.CDKTF_OUTDIR = path.join(outdir, 'library', 'cdktf.out');
process.env.CDK8S_OUTDIR = path.join(outdir, 'library', 'dist');

const synth = PlatformApp.prototype.synth;
PlatformApp.prototype.synth = function upstreamToo(this: PlatformAppType) {
  const result = synth.call(this);
  // The same trees, synthesized by the libraries themselves (outdir is fixed at construction).
  const upstream = path.join(outdir, 'upstream');
  (this.kubernetes as { outdir: string }).outdir = path.join(upstream, 'dist');
  this.kubernetes.synth();
  (this.terraform as { outdir: string }).outdir = path.join(upstream, 'cdktf.out');
  (this.terraform.manifest as { outdir: string }).outdir = path.join(upstream, 'cdktf.out');
  fs.mkdirSync(path.join(upstream, 'cdktf.out', 'stacks'), { recursive: true });
  this.terraform.synth();
  return result;
};

process.chdir(example);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.join(example, 'main.ts'));
