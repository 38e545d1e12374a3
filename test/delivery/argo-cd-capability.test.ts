import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ArgoCdCapability } from '../../src';
import { resources, tfSynth } from '../util';

const IDC = 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6';
const GROUP = '9a6710c8-2081-70a1-3c44-2f6b1a2e5d01';

function plainStack(): TerraformStack {
  const stack = new TerraformStack(new App(), 's');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

describe('ArgoCdCapability (alone in a plain TerraformStack)', () => {
  test('an ARGOCD capability with Identity Center, group role mappings, a role EKS capabilities assume, cluster access', () => {
    const stack = plainStack();
    new ArgoCdCapability(stack, 'argocd', {
      clusterName: 'acme-prod', roleName: 'acme-prod-argocd', identityCenterInstanceArn: IDC, adminGroupIds: [GROUP], viewerGroupIds: [GROUP],
    });
    const json = tfSynth(stack);
    const [capability] = resources(json, 'aws_eks_capability');
    expect(capability).toMatchObject({ cluster_name: 'acme-prod', capability_name: 'argocd', type: 'ARGOCD', delete_propagation_policy: 'RETAIN' });
    expect(capability.configuration[0].argo_cd[0]).toEqual({
      namespace: 'argocd',
      aws_idc: [{ idc_instance_arn: IDC }],
      rbac_role_mapping: [
        { role: 'ADMIN', identity: [{ id: GROUP, type: 'SSO_GROUP' }] },
        { role: 'VIEWER', identity: [{ id: GROUP, type: 'SSO_GROUP' }] },
      ],
    });
    const [role] = resources(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'capabilities.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
    expect(resources(json, 'aws_iam_role_policy')).toHaveLength(0);
    const [access] = resources(json, 'aws_eks_access_policy_association');
    expect(access).toMatchObject({
      cluster_name: 'acme-prod',
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
    expect(access.depends_on).toEqual([expect.stringMatching(/^aws_eks_capability\./)]);
  });

  test('no role mappings and no cluster access when not asked', () => {
    const stack = plainStack();
    new ArgoCdCapability(stack, 'argocd', { clusterName: 'c', roleName: 'r', identityCenterInstanceArn: IDC, localClusterAdmin: false });
    const json = tfSynth(stack);
    expect(resources(json, 'aws_eks_capability')[0].configuration[0].argo_cd[0].rbac_role_mapping).toBeUndefined();
    expect(resources(json, 'aws_eks_access_policy_association')).toHaveLength(0);
  });

  test.each([
    [{ identityCenterInstanceArn: 'ssoins-123' }, /ArgoCdCapability 's\/argocd': 'identityCenterInstanceArn' \('ssoins-123'\) is not the ARN of an IAM Identity Center instance/],
    [{ identityCenterInstanceArn: IDC, adminGroupIds: ['platform-admins'] }, /'adminGroupIds' \('platform-admins'\) is not an Identity Center group ID; give the group's ID, a UUID/],
  ])('%j fails', (props, message) => {
    expect(() => new ArgoCdCapability(plainStack(), 'argocd', { clusterName: 'c', roleName: 'r', ...props })).toThrow(message);
  });
});
