import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { podIdentityTrust } from './iam';

/** Options of `addonIdentity()`. @internal */
export interface AddonIdentityOptions {
  /** The EKS cluster (a token, so the association waits for the cluster). */
  readonly clusterName: string;
  /** IAM role name. */
  readonly roleName: string;
  /** Name of the role's inline policy. */
  readonly policyName: string;
  /** The policy document (JSON). */
  readonly policy: string;
  /** Namespace and service account the role is bound to through EKS Pod Identity. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Whether to create the Pod Identity association (an EKS add-on makes its own). Default true. */
  readonly associate?: boolean;
}

/**
 * An add-on's AWS identity: an IAM role trusted by EKS Pod Identity, its inline policy and the Pod
 * Identity association, as `<idPrefix>Role`, `<idPrefix>Policy` and `<idPrefix>Identity` in `scope`.
 * @internal
 */
export function addonIdentity(scope: Construct, idPrefix: string, options: AddonIdentityOptions): IamRole {
  const role = new IamRole(scope, `${idPrefix}Role`, { name: options.roleName, assumeRolePolicy: podIdentityTrust() });
  new IamRolePolicy(scope, `${idPrefix}Policy`, { role: role.name, name: options.policyName, policy: options.policy });
  if (options.associate ?? true) {
    new EksPodIdentityAssociation(scope, `${idPrefix}Identity`, {
      clusterName: options.clusterName, namespace: options.namespace, serviceAccount: options.serviceAccount, roleArn: role.arn,
    });
  }
  return role;
}
