import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ServiceRepository } from '../../src';
import { resources, tfSynth } from '../util';

describe('ServiceRepository (alone in a plain TerraformStack)', () => {
  test('scan on push, immutable tags, KMS, lifecycle; grantPull collects principals in one policy', () => {
    const stack = new TerraformStack(new App(), 's');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const repo = new ServiceRepository(stack, 'repo', { repositoryName: 'team/web', imagesKept: 10 });
    const grant = repo.grantPull('arn:aws:iam::123456789012:role/a');
    expect(grant).toEqual({
      principalArn: 'arn:aws:iam::123456789012:role/a',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resourceArns: [expect.any(String)],
    });
    new TerraformOutput(stack, 'granted', { value: grant.resourceArns[0] });
    repo.grantPull('arn:aws:iam::123456789012:role/b');
    const json = tfSynth(stack);
    expect(resources(json, 'aws_ecr_repository')[0]).toMatchObject({ image_tag_mutability: 'IMMUTABLE', force_delete: false });
    const rules = JSON.parse(resources(json, 'aws_ecr_lifecycle_policy')[0].policy).rules;
    // Preview images are expired by age under their own rule, before the count of release images.
    expect(rules[0]).toMatchObject({ rulePriority: 1, selection: { tagStatus: 'tagged', tagPrefixList: ['pr-'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 } });
    expect(rules[1]).toMatchObject({ rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 } });
    expect(resources(json, 'aws_ecr_repository')[0].encryption_configuration).toEqual([{ encryption_type: 'KMS' }]);
    const policies = resources(json, 'aws_ecr_repository_policy');
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0].policy).Statement[0].Principal.AWS).toEqual(['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b']);
    expect(JSON.parse(policies[0].policy).Statement[0].Action).toEqual(grant.actions);
    expect(json.output.granted.value).toMatch(/^\$\{aws_ecr_repository\.repo_.*\.arn\}$/);
  });

  test.each([
    [{ repositoryName: 'Team/Web' }, /ServiceRepository 's\/repo': 'repositoryName' \('Team\/Web'\) is not a valid ECR repository name/],
    [{ repositoryName: 'web', imagesKept: 0 }, /'imagesKept' \(0\) must be a whole number from 1 to 1000/],
    [{ repositoryName: 'web', encryptionKeyArn: 'alias/aws/ecr' }, /ServiceRepository 's\/repo': 'encryptionKeyArn' \('alias\/aws\/ecr'\) is not the ARN of a KMS key/],
  ])('%j fails', (props, message) => {
    const stack = new TerraformStack(new App(), 's');
    expect(() => new ServiceRepository(stack, 'repo', props)).toThrow(message);
  });
});
