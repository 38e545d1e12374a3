import { TerraformStack } from 'cdktf';
import { EnvironmentClass } from '../../core/environment-class';
import { GuardrailSubject, GuardrailTarget } from '../../guardrails/guardrail';

/*
 * Adapters from the rendered outputs to guardrail subjects: each Terraform resource of a stack's
 * JSON (its construct path from cdktf's `//` metadata block, which cdktf's `TerraformResource`
 * writes) and each rendered Kubernetes object (its construct path from the ApiObject that made it).
 */

/** The resources of a stack's Terraform JSON as guardrail subjects. @internal */
export function terraformSubjects(stack: TerraformStack, config: any, environmentClass: EnvironmentClass | undefined): GuardrailSubject[] {
  const subjects: GuardrailSubject[] = [];
  for (const [type, byName] of Object.entries<any>(config.resource ?? {})) {
    for (const [name, body] of Object.entries<any>(byName)) {
      subjects.push({
        target: GuardrailTarget.TERRAFORM,
        type,
        address: `${type}.${name}`,
        constructPath: body?.['//']?.metadata?.path ?? stack.node.path,
        environmentClass,
        values: body,
      });
    }
  }
  return subjects;
}

/** A chart's rendered objects as guardrail subjects, each with the path of the ApiObject that made it. @internal */
export function kubernetesSubjects(objects: any[], paths: string[], environmentClass: EnvironmentClass | undefined): GuardrailSubject[] {
  return objects.map((obj, i) => ({
    target: GuardrailTarget.KUBERNETES,
    type: obj.kind,
    address: `${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}`,
    constructPath: paths[i],
    environmentClass,
    values: obj,
  }));
}
