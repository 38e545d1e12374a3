import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Options of `generatedPasswordSecret()`. @internal */
export interface GeneratedPasswordOptions {
  /** Name of the Secret (and of the ExternalSecret that writes it). */
  readonly name: string;
  /** Name of the `Password` generator. */
  readonly generatorName: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** The Secret's keys; `{{ .password }}` in a value is the generated password. */
  readonly data: { [key: string]: string };
}

/**
 * A Secret with a password made once in the cluster: an External Secrets `Password` generator and
 * the ExternalSecret (refresh interval 0) that writes the Secret from it, under construct IDs the
 * caller gives (so existing objects keep theirs). A new password on every refresh would lock out
 * whoever uses it.
 * @internal
 */
export function generatedPasswordSecret(scope: Construct, generatorId: string, secretId: string, options: GeneratedPasswordOptions): void {
  const metadata = (name: string) => ({ name, namespace: options.namespace, labels: options.labels });
  const generator = options.generatorName;
  new ApiObject(scope, generatorId, {
    apiVersion: 'generators.external-secrets.io/v1alpha1',
    kind: 'Password',
    metadata: metadata(generator),
    spec: { length: 32, digits: 8, symbols: 0, noUpper: false, allowRepeat: true },
  });
  new ApiObject(scope, secretId, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: metadata(options.name),
    spec: {
      refreshInterval: '0', // generate once
      target: { name: options.name, creationPolicy: 'Owner', template: { engineVersion: 'v2', data: options.data } },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: generator } } }],
    },
  });
}
