/**
 * What a `grant*()` call gave: who may now do what on which resources. Every grant method of the
 * library returns one (as aws-cdk's `grant*()` return a `Grant`), so a caller can see, test or pass
 * on the permission it just added. It describes the statements the call added to a policy; it adds
 * nothing by itself.
 */
export interface Grant {
  /**
   * ARN of the principal given the permissions: the role of a `ServiceApp` or `GithubDeployRole`
   * (known at synth time for a `ServiceApp`), or the principal a repository policy names.
   */
  readonly principalArn: string;
  /** The IAM actions allowed, in the order of the policy statements. */
  readonly actions: string[];
  /**
   * ARNs of the resources the actions apply to (`*` only for actions that have no resource-level
   * scoping, such as `ecr:GetAuthorizationToken`).
   */
  readonly resourceArns: string[];
}
