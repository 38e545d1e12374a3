import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

/** Probe. */
export class Probe extends Construct {
  /** The repository. */
  public readonly repo: EcrRepository;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.repo = new EcrRepository(this, 'r', { name: 'x' });
  }
}
