import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { propError } from './errors';

const CPU = /^(\d+(\.\d+)?)(m?)$/;

/**
 * Millicores of a CPU quantity; throws for a quantity Kubernetes would reject
 * (zero or negative, or finer than one millicore).
 *
 * @internal
 */
export function cpuMillis(scope: IConstruct, kind: string, prop: string, cpu: Cpu): number {
  const match = CPU.exec(cpu.amount);
  const millis = match ? Number(match[1]) * (match[3] === 'm' ? 1 : 1000) : NaN;
  if (!match || !Number.isInteger(millis) || millis <= 0) {
    throw propError(scope, kind, prop, cpu.amount, 'is not a CPU quantity Kubernetes accepts (a positive whole number of millicores)',
      'use Cpu.millis(250) or Cpu.units(1)');
  }
  return millis;
}

/**
 * Bytes of a memory quantity; throws for zero, negative or fractional-byte sizes.
 *
 * @internal
 */
export function memoryBytes(scope: IConstruct, kind: string, prop: string, size: Size): number {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  const bytes = kib * 1024;
  if (!(bytes > 0) || !Number.isInteger(bytes)) {
    throw propError(scope, kind, prop, size.asString(), 'is not a memory quantity Kubernetes accepts (a positive whole number of bytes)',
      'use Size.mebibytes(256) or Size.gibibytes(1)');
  }
  return bytes;
}

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * Checks an image reference and returns its tag (or the digest's first 12 hex digits).
 * Refuses a missing tag and the tag `latest`: a Deployment must always name the same image.
 *
 * @internal
 */
export function validateImage(scope: IConstruct | string, kind: string, prop: string, image: string): string {
  if (!IMAGE.test(image)) {
    throw propError(scope, kind, prop, image, 'is not a valid image reference', 'use <registry>/<repository>:<tag> or <registry>/<repository>@sha256:<digest>');
  }
  const digest = /@sha256:([a-f0-9]{64})$/.exec(image);
  const lastSegment = image.replace(/@sha256:[a-f0-9]{64}$/, '').split('/').pop()!;
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop()! : undefined;
  if (tag === 'latest') {
    throw propError(scope, kind, prop, image, "uses the tag 'latest', which names a different image over time", 'pin an explicit version tag such as :1.4.2 or a digest');
  }
  if (!tag && !digest) {
    throw propError(scope, kind, prop, image, 'has no tag or digest', 'pin an explicit version tag such as :1.4.2 or a digest');
  }
  return tag ?? digest![1].slice(0, 12);
}
