/** One IAM policy statement, in the JSON shape IAM reads. @internal */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource?: string[] | string;
  readonly Principal?: Record<string, unknown> | '*';
  readonly Condition?: Record<string, unknown>;
}

/** An IAM policy document as the JSON string Terraform takes; tokens inside resolve at synth. @internal */
export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy for EKS Pod Identity (`pods.eks.amazonaws.com`). @internal */
export function podIdentityTrust(): string {
  return policyDocument([{
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
  }]);
}

/** Trust policy for an AWS service principal, e.g. `eks.amazonaws.com`. @internal */
export function serviceTrust(service: string): string {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole'] }]);
}

/** ARN of an AWS managed policy. @internal */
export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}
