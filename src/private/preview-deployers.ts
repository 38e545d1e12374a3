import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  MANAGED_BY_LABELS, PREVIEW_DEPLOYER_CLUSTER_ROLE, PREVIEW_EXPIRY_LABEL, PREVIEW_LABEL, podSecurityLabels, previewDeployerGroup,
  previewNamespacePrefix,
} from './contract';

/*
 * What the CI roles that deploy a team's previews (`CiIdentity.addPreviewRepository()`) may do in
 * the cluster that hosts previews (`TeamOptions.previewDeployerArns`): write everything a preview's
 * YAML holds, in the team's preview namespaces `preview-<team>-pr-<n>`, and nothing elsewhere (the
 * ClusterRole's kinds may be read in every namespace).
 *
 * - EKS access policy `AmazonEKSAdminPolicy`, scoped to the namespaces `preview-<team>-pr-*` (EKS
 *   allows a trailing wildcard in a namespace scope): the built-in kinds, read and written there only.
 *   https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
 * - Kubernetes RBAC for what that policy leaves out (it has the permissions of the `admin` role):
 *   the Namespace itself, its ResourceQuota and LimitRange, the team's Role with its binding
 *   (RBAC's escalation check counts RBAC rules only, not EKS access policies), and the custom
 *   resources a preview holds (ExternalSecret, the Password generator, ServiceMonitor). A
 *   namespace name cannot scope a ClusterRole, so
 * - a ValidatingAdmissionPolicy refuses every write of the group outside the team's preview
 *   namespaces, and a preview namespace without the labels the janitor deletes by or without the
 *   restricted Pod Security labels (the role writes its namespaces' labels itself).
 */

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * EKS access entries of a team's preview deployers: each principal mapped to the team's preview
 * group, with `AmazonEKSAdminPolicy` in the team's preview namespaces.
 */
export function previewDeployerAccess(scope: Construct, props: {
  readonly clusterName: string;
  readonly team: string;
  readonly principalArns: string[];
  readonly partition: string;
}): void {
  props.principalArns.forEach((principalArn, i) => {
    const entry = new EksAccessEntry(scope, `PreviewDeployer-${props.team}-${i}`, {
      clusterName: props.clusterName,
      principalArn,
      type: 'STANDARD',
      kubernetesGroups: [previewDeployerGroup(props.team)],
    });
    new EksAccessPolicyAssociation(scope, `PreviewDeployer-${props.team}-${i}-Policy`, {
      clusterName: props.clusterName,
      principalArn: entry.principalArn,
      policyArn: `arn:${props.partition}:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy`,
      accessScope: { type: 'namespace', namespaces: [`${previewNamespacePrefix(props.team)}*`] },
    });
  });
}

/**
 * The cluster's Kubernetes side of a team's preview deployers: the shared ClusterRole (once per
 * chart), the team's ClusterRoleBinding, and the admission policy that confines the team's group
 * to its preview namespaces.
 */
export function previewDeployerRbac(chart: Chart, team: string, labels: { [key: string]: string }): void {
  const meta = (name: string) => ({ name, labels: { ...MANAGED_BY_LABELS, ...labels } });
  if (!chart.node.tryFindChild('PreviewDeployerRole')) {
    new ApiObject(chart, 'PreviewDeployerRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(PREVIEW_DEPLOYER_CLUSTER_ROLE),
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'resourcequotas', 'limitranges'], verbs: WRITE },
        // escalate and bind: the preview's Role grants what only the EKS access policy gives the deployer.
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: [...WRITE, 'escalate', 'bind'] },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: WRITE },
        { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: WRITE },
        { apiGroups: ['generators.external-secrets.io'], resources: ['passwords'], verbs: WRITE },
        { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: WRITE },
      ],
    });
  }
  const group = previewDeployerGroup(team);
  const prefix = previewNamespacePrefix(team);
  new ApiObject(chart, `PreviewDeployers-${team}`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(`${PREVIEW_DEPLOYER_CLUSTER_ROLE}:${team}`),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PREVIEW_DEPLOYER_CLUSTER_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  });
  const policy = `paved-road-previews-${team}`;
  new ApiObject(chart, `PreviewDeployerPolicy-${team}`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: meta(policy),
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        // '*/*' is every resource and subresource (the API server refuses it beside other entries).
        resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*/*'] }],
      },
      matchConditions: [{ name: 'preview-deployer', expression: `'${group}' in request.userInfo.groups` }],
      validations: [
        {
          expression: `(request.resource.group == '' && request.resource.resource == 'namespaces' ? request.name : request.namespace).matches('^${prefix}[0-9]+$')`,
          message: `team ${team}'s preview deployers may change only the namespaces ${prefix}<n> and what is in them`,
        },
        {
          expression: 'request.resource.group != \'\' || request.resource.resource != \'namespaces\' || request.operation == \'DELETE\' || '
            + `(has(object.metadata.labels) && ${namespaceLabelChecks()})`,
          message: `a preview namespace carries the labels the janitor deletes it by (${PREVIEW_LABEL}: "true", ${PREVIEW_EXPIRY_LABEL}) `
            + 'and the restricted Pod Security labels',
        },
      ],
    },
  });
  new ApiObject(chart, `PreviewDeployerPolicyBinding-${team}`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: meta(policy),
    spec: { policyName: policy, validationActions: ['Deny'] },
  });
}

/** CEL: the labels every preview namespace must carry, on `object.metadata.labels`. */
function namespaceLabelChecks(): string {
  const labels = 'object.metadata.labels';
  const equal = Object.entries({ [PREVIEW_LABEL]: 'true', ...podSecurityLabels() })
    .map(([key, value]) => `'${key}' in ${labels} && ${labels}['${key}'] == '${value}'`);
  return [...equal, `'${PREVIEW_EXPIRY_LABEL}' in ${labels}`].join(' && ');
}
