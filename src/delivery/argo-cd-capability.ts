import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCapability } from '@cdktf/provider-aws/lib/eks-capability';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../private/contract';
import { ARGOCD_CAPABILITY_PROPS } from '../private/delivery-prop-types';
import { propError } from '../private/errors';
import { policyDocument } from '../private/iam';
import { checkProps } from '../private/prop-types';
import { isUnresolved } from '../private/validate';

const KIND = 'ArgoCdCapability';
/** Service principal EKS capabilities assume their role with. */
const CAPABILITY_PRINCIPAL = 'capabilities.eks.amazonaws.com';
const IDC_INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
/** Identity Center group IDs are UUIDs, optionally prefixed by the identity store ID. */
const IDC_GROUP_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Properties for `ArgoCdCapability`.
 */
export interface ArgoCdCapabilityProps {
  /** Name of the EKS cluster (a token orders the capability after the cluster). */
  readonly clusterName: string;
  /** ARN of the IAM Identity Center instance people log in to Argo CD with, `arn:aws:sso:::instance/ssoins-...`. */
  readonly identityCenterInstanceArn: string;
  /**
   * Region of the Identity Center instance.
   * @default - the provider's region
   */
  readonly identityCenterRegion?: string;
  /** Name of the capability's IAM role. */
  readonly roleName: string;
  /**
   * Identity Center group IDs given Argo CD's ADMIN role (projects, clusters, repositories, settings).
   * @default - none: add them later, or use the EKS console
   */
  readonly adminGroupIds?: string[];
  /**
   * Identity Center group IDs given Argo CD's EDITOR role (Applications, sync).
   * @default - none
   */
  readonly editorGroupIds?: string[];
  /**
   * Identity Center group IDs given Argo CD's VIEWER role (read-only).
   * @default - none
   */
  readonly viewerGroupIds?: string[];
  /**
   * Give the capability cluster-admin on its own cluster (an access policy association of
   * `AmazonEKSClusterAdminPolicy` for the access entry EKS creates for the capability role), so
   * that it can apply the platform's own YAML, cluster-scoped objects included. Without it, the
   * capability can deploy nothing to its cluster until you grant it access yourself.
   * @default true
   */
  readonly localClusterAdmin?: boolean;
  /**
   * The AWS partition, for the access policy's ARN.
   * @default 'aws'
   */
  readonly partition?: string;
}

/**
 * The EKS Argo CD capability (`aws_eks_capability` of type `ARGOCD`): Argo CD run and upgraded by
 * AWS outside the cluster, with login through IAM Identity Center and its three RBAC roles mapped
 * to Identity Center groups. It keeps Applications in the cluster's `argocd` namespace and
 * reaches the cluster through an EKS access entry, so it works with a private API endpoint and
 * needs no node capacity. Its IAM role trusts `capabilities.eks.amazonaws.com`; it gets no IAM
 * policy (none is needed to sync from Git; add one for CodeConnections or Secrets Manager
 * repository credentials). Deleting the capability keeps what it deployed (`RETAIN`).
 *
 * The capability does not register its own cluster: the platform's YAML carries the cluster
 * Secret that does (`PlatformGitOps`). Usable alone in any `TerraformStack`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-argocd-capability.html
 */
export class ArgoCdCapability extends Construct {
  /** The capability. */
  public readonly capability: EksCapability;
  /** The capability's IAM role. */
  public readonly role: IamRole;

  public constructor(scope: Construct, id: string, props: ArgoCdCapabilityProps) {
    super(scope, id);
    checkProps(this, KIND, props, ARGOCD_CAPABILITY_PROPS);
    if (!isUnresolved(props.identityCenterInstanceArn) && !IDC_INSTANCE_ARN.test(props.identityCenterInstanceArn)) {
      throw propError(this, KIND, 'identityCenterInstanceArn', props.identityCenterInstanceArn, 'is not the ARN of an IAM Identity Center instance',
        'give it as "arn:aws:sso:::instance/ssoins-<16 characters>" (aws sso-admin list-instances)');
    }
    const mappings: Array<{ role: string; identity: Array<{ id: string; type: string }> }> = [];
    for (const [role, prop, ids] of [
      ['ADMIN', 'adminGroupIds', props.adminGroupIds],
      ['EDITOR', 'editorGroupIds', props.editorGroupIds],
      ['VIEWER', 'viewerGroupIds', props.viewerGroupIds],
    ] as const) {
      for (const groupId of ids ?? []) {
        if (!isUnresolved(groupId) && !IDC_GROUP_ID.test(groupId)) {
          throw propError(this, KIND, prop, groupId, 'is not an Identity Center group ID', 'give the group\'s ID, a UUID (aws identitystore list-groups), not its name');
        }
      }
      if ((ids ?? []).length > 0) {
        mappings.push({ role, identity: [...new Set(ids)].sort().map((groupId) => ({ id: groupId, type: 'SSO_GROUP' })) });
      }
    }
    // Trust and actions as the EKS user guide gives them for a capability role.
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: 'EKS Argo CD capability',
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: CAPABILITY_PRINCIPAL },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      }]),
    });
    this.capability = new EksCapability(this, 'Capability', {
      clusterName: props.clusterName,
      capabilityName: 'argocd',
      type: 'ARGOCD',
      roleArn: this.role.arn,
      // Deleting the capability must not delete every application it deployed.
      deletePropagationPolicy: 'RETAIN',
      configuration: [{
        argoCd: [{
          namespace: ARGOCD_NAMESPACE,
          awsIdc: [{ idcInstanceArn: props.identityCenterInstanceArn, idcRegion: props.identityCenterRegion }],
          rbacRoleMapping: mappings.length > 0 ? mappings : undefined,
        }],
      }],
    });
    if (props.localClusterAdmin ?? true) {
      new EksAccessPolicyAssociation(this, 'LocalClusterAccess', {
        clusterName: props.clusterName,
        principalArn: this.role.arn,
        policyArn: `arn:${props.partition ?? 'aws'}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
        // EKS creates the capability role's access entry with the capability.
        dependsOn: [this.capability],
      });
    }
  }
}
