import { CatalogEnvironment, CatalogLink } from '../catalog';

/**
 * Links to the AWS console pages of an environment's resources, for the catalog's `metadata.links`.
 * Only for the commercial partition (the China and GovCloud consoles live elsewhere).
 *
 * @internal
 */
export class ConsoleLinks {
  /** Links of an environment, or none when it is unknown or outside the commercial partition. */
  public static of(env: CatalogEnvironment | undefined): ConsoleLinks {
    return new ConsoleLinks(env && !/^(cn|us-gov)-/.test(env.region) ? env : undefined);
  }

  private constructor(private readonly env?: CatalogEnvironment) {}

  /** The ECR repository's page (images, scan findings). */
  public ecrRepository(repositoryName: string): CatalogLink[] {
    return this.link('ECR repository', 'cloud', (r, a) => `ecr/repositories/private/${a}/${repositoryName}?region=${r}`);
  }

  /** The RDS instance's page. */
  public rdsInstance(identifier: string): CatalogLink[] {
    return this.link('RDS instance', 'cloud', (r) => `rds/home?region=${r}#database:id=${identifier};is-cluster=false`);
  }

  /** The EKS cluster's page. */
  public eksCluster(clusterName: string): CatalogLink[] {
    return this.link('EKS cluster', 'cloud', (r) => `eks/home?region=${r}#/clusters/${clusterName}`);
  }

  private link(title: string, icon: string, page: (region: string, account: string) => string): CatalogLink[] {
    if (!this.env) {
      return [];
    }
    return [{ title, icon, url: `https://${this.env.region}.console.aws.amazon.com/${page(this.env.region, this.env.account)}` }];
  }
}
