import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { INGRESS_CLASS, MANAGED_BY_LABELS } from '../private/contract';
import { checkProps, propTypes, T } from '../private/prop-types';

/**
 * Properties for `AutoModeIngressClass`.
 */
export interface AutoModeIngressClassProps {
  /**
   * Labels on both objects.
   * @default - `app.kubernetes.io/managed-by: cdk-paved-road`
   */
  readonly labels?: { [key: string]: string };
}

/** Runtime types of `AutoModeIngressClassProps` (src/private/prop-types.ts). */
const AUTO_MODE_INGRESS_CLASS_PROPS = propTypes('AutoModeIngressClassProps', {
  labels: T.stringMap,
});

/**
 * The `alb` IngressClass on an EKS Auto Mode cluster, whose built-in load balancing serves it:
 * an `IngressClass` with controller `eks.amazonaws.com/alb` and its (empty) `IngressClassParams`
 * (`eks.amazonaws.com/v1`), so each Ingress's own annotations (scheme, group, listen ports) apply.
 * Usable alone in a cdk8s Chart applied to an Auto Mode cluster.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html
 */
export class AutoModeIngressClass extends Construct {
  /** The IngressClass's name. */
  public readonly ingressClassName: string = INGRESS_CLASS;

  public constructor(scope: Construct, id: string, props: AutoModeIngressClassProps = {}) {
    super(scope, id);
    checkProps(this, 'AutoModeIngressClass', props, AUTO_MODE_INGRESS_CLASS_PROPS);
    const labels = props.labels ?? { ...MANAGED_BY_LABELS };
    new ApiObject(this, 'Params', {
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'IngressClassParams',
      metadata: { name: this.ingressClassName, labels },
      spec: {},
    });
    new ApiObject(this, 'IngressClass', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: this.ingressClassName, labels },
      spec: {
        controller: 'eks.amazonaws.com/alb',
        parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: this.ingressClassName },
      },
    });
  }
}
