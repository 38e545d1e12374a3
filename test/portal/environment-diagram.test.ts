import * as fs from 'fs';
import * as path from 'path';
import { Catalog, PlatformCluster, PostgresDatabase, ServiceApp } from '../../src';
import { renderEnvironmentDiagram } from '../../src/portal/private/environment-diagram';
import { prodStack } from '../util';

/** The Mermaid block of a diagram. */
function mermaid(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  if (!match) {
    throw new Error('no mermaid block');
  }
  return match[1];
}

describe('environment diagram', () => {
  // GIVEN an environment with a cluster, two teams, three services, a connection, a database and one exposed service
  const { app, stack, dir } = prodStack();
  const cluster = new PlatformCluster(stack, 'cluster');
  cluster.addTeam('shop');
  cluster.addTeam('payments');
  const db = new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster });
  const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1.0.0', cluster });
  orders.connectDatabase(db);
  const checkout = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.0.0', cluster, exposure: {} });
  const pay = new ServiceApp(stack, 'pay', { team: 'payments', imageTag: '1.0.0', cluster, dependencies: ['orders'] });
  checkout.connect(pay);
  // WHEN synthesized
  app.synth();
  const markdown = fs.readFileSync(path.join(dir, 'catalog', 'acme-prod', 'diagram.md'), 'utf-8');
  const chart = mermaid(markdown);

  test('names every service, inside its team\'s subgraph', () => {
    for (const service of ['orders', 'checkout', 'pay']) {
      expect(chart).toContain(`["${service}<br/>service"]`);
    }
    const shop = chart.slice(chart.indexOf('["Team shop"]'), chart.indexOf('end', chart.indexOf('["Team shop"]')));
    expect(shop).toContain('checkout<br/>service');
    expect(shop).toContain('orders<br/>service');
    expect(shop).toContain('[("orders-postgres<br/>database")]');
    expect(shop).not.toContain('pay<br/>service');
    expect(markdown).toContain('Services (3): `checkout`, `orders`, `pay`.');
  });

  test('draws connections, the database, the cluster and the exposure; leaves the image repositories out', () => {
    const id = (label: string) => new RegExp(`(n\\d+)\\[?\\(?\\{?\\{?"?\\(?"?${label}<br/>`).exec(chart)![1];
    expect(chart).toContain(`${id('checkout')} --> ${id('pay')}`);
    expect(chart).toContain(`${id('pay')} --> ${id('orders')}`);
    expect(chart).toContain(`${id('orders')} --> ${id('orders-postgres')}`);
    expect(chart).toContain('internet -->|"checkout.prod.acme.example.com"| ' + id('checkout'));
    expect(chart).toContain('{{"acme-prod-eks<br/>kubernetes-cluster"}}');
    expect(chart).toContain('["Team platform"]');
    expect(chart).not.toContain('-ecr');
    expect(chart).not.toContain('vpc((');
  });

  test('an internal load balancer is drawn from the VPC, not the internet', () => {
    const other = prodStack();
    const attrs = PlatformCluster.fromAttributes({
      clusterName: 'acme-prod', vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
    });
    new ServiceApp(other.stack, 'admin', { team: 'shop', imageTag: '1.0.0', cluster: attrs, exposure: { internetFacing: false } });
    const c = Catalog.gather([other.stack]);
    const text = mermaid(renderEnvironmentDiagram(c, c.environmentList[0]));
    expect(text).toContain('vpc(("VPC (internal load balancer)"))');
    expect(text).toMatch(/vpc -->\|"admin.prod.acme.example.com"\| n1/);
    expect(text).not.toContain('internet');
    expect(c.toEntities(c.environmentList[0]).find((e) => e.metadata.name === 'admin').metadata.links[0].title).toBe('Internal endpoint');
  });

  test('is the same text on every synthesis, and escapes what Mermaid would read as syntax', () => {
    const catalog = Catalog.gather([stack]);
    expect(renderEnvironmentDiagram(catalog, catalog.environmentList[0])).toBe(markdown);
    const other = prodStack().stack;
    const quoted = new (class extends PlatformCluster {
      public addToCatalog(c: Catalog) {
        c.addResource(this, { name: 'x', type: 'a"b<c>' });
      }
    })(other, 'cluster');
    expect(quoted.clusterName).toBe('acme-prod');
    const c2 = Catalog.gather([other]);
    expect(renderEnvironmentDiagram(c2, c2.environmentList[0])).toContain('x<br/>a#quot;b#lt;c#gt;');
  });
});
