import { Fn, Lazy, TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import * as contract from '../../src/private/contract';
import { RESERVED_NAMESPACES } from '../../src/private/contract';
import {
  claimName, requireAlbGroupName, requireCertificateArn, requireDatabaseInstanceClass, requireHostname, requireHttpPath, requireIamActions,
  requireInstanceType, requireLabelValue, requireLogRetentionDays, requireNotWholeInternet, requirePrincipalArn, requirePrivateCidr,
  requireRegion, requireResourceArn, requireUnreservedNamespace, requireZonesOfRegion,
} from '../../src/private/validate';

const S = 'app/thing';
const K = 'Thing';
const token = () => Token.asString(Lazy.stringValue({ produce: () => 'x' }));

describe('general checks (src/private/validate.ts)', () => {
  describe('requirePrivateCidr', () => {
    test.each(['10.0.0.0/16', '172.16.0.0/12', '172.31.255.0/24', '192.168.10.0/24', '100.64.0.0/16'])('%s is private', (cidr) => {
      expect(requirePrivateCidr(S, K, 'vpcCidr', cidr)).toBe(cidr);
    });
    test.each(['11.0.0.0/16', '172.32.0.0/16', '8.0.0.0/8', '0.0.0.0/0', '100.128.0.0/16', '192.169.0.0/16'])('%s is refused', (cidr) => {
      expect(() => requirePrivateCidr(S, K, 'vpcCidr', cidr)).toThrow(
        `Thing 'app/thing': 'vpcCidr' ('${cidr}') is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); use a private block`);
    });
    test('a block straddling a private range is refused, an invalid one says so', () => {
      expect(() => requirePrivateCidr(S, K, 'vpcCidr', '10.0.0.0/7')).toThrow(/is not inside a private range/);
      expect(() => requirePrivateCidr(S, K, 'vpcCidr', '10.0.0.1/16')).toThrow(/'vpcCidr' \('10\.0\.0\.1\/16'\) is not a valid IPv4 CIDR block/);
    });
  });

  describe('requireNotWholeInternet', () => {
    test.each([
      [['0.0.0.0/0']],
      [['0.0.0.0/1', '128.0.0.0/1']],
      [['128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2']],
      [['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/2', '10.0.0.0/8']],
    ])('%j covers every address and is refused', (cidrs) => {
      expect(() => requireNotWholeInternet(S, K, 'publicAccessCidrs', cidrs)).toThrow(
        `Thing 'app/thing': 'publicAccessCidrs' (${JSON.stringify(cidrs)}) together cover every IPv4 address, which opens the endpoint to the whole internet; list only`);
    });
    test.each([[[]], [['203.0.113.0/24']], [['0.0.0.0/1', '128.0.0.0/2']], [['0.0.0.0/1', '128.0.0.1/32']]])('%j is an allow-list', (cidrs) => {
      expect(() => requireNotWholeInternet(S, K, 'publicAccessCidrs', cidrs)).not.toThrow();
    });
  });

  test('requireHostname: DNS names of two labels or more', () => {
    expect(requireHostname(S, K, 'host', 'shop.example.com')).toBe('shop.example.com');
    for (const bad of ['shop', 'Shop.example.com', '*.example.com', 'shop_1.example.com', 'https://shop.example.com', 'shop.example.com.']) {
      expect(() => requireHostname(S, K, 'host', bad)).toThrow(`Thing 'app/thing': 'host' ('${bad}') is not a DNS host name; use lower-case labels`);
    }
  });

  test('requireLabelValue: Kubernetes label value rules', () => {
    for (const ok of ['', 'web-shop', 'Web_Shop.v2', 'a'.repeat(63)]) {
      expect(requireLabelValue(S, K, 'partOf', ok)).toBe(ok);
    }
    for (const bad of ['web shop', '-web', 'web-', 'a'.repeat(64), 'shop/web']) {
      expect(() => requireLabelValue(S, K, 'partOf', bad)).toThrow(`Thing 'app/thing': 'partOf' ('${bad}') is not a Kubernetes label value (at most 63`);
    }
  });

  test('requireHttpPath: a leading "/"', () => {
    expect(requireHttpPath(S, K, 'path', '/healthz')).toBe('/healthz');
    for (const bad of ['healthz', '', '/health z', '/metrics?x=1']) {
      expect(() => requireHttpPath(S, K, 'path', bad)).toThrow(`Thing 'app/thing': 'path' ('${bad}') is not an HTTP path (it must start with "/"`);
    }
  });

  test('requireUnreservedNamespace: Kubernetes\' and the add-ons\' namespaces are reserved', () => {
    expect(RESERVED_NAMESPACES).toEqual(expect.arrayContaining(['kube-system', 'kube-public', 'kube-node-lease', 'default', 'external-secrets', 'karpenter', 'argocd']));
    // every add-on namespace of the contract is reserved (a new one is, the day it is added)
    const addonNamespaces = Object.entries(contract).filter(([name, value]) => name.endsWith('_NAMESPACE') && typeof value === 'string').map(([, v]) => v);
    expect(addonNamespaces.length).toBeGreaterThan(8);
    expect(RESERVED_NAMESPACES).toEqual(expect.arrayContaining(addonNamespaces));
    expect(requireUnreservedNamespace(S, K, 'namespace', 'shop')).toBe('shop');
    for (const ns of RESERVED_NAMESPACES) {
      expect(() => requireUnreservedNamespace(S, K, 'namespace', ns)).toThrow(`Thing 'app/thing': 'namespace' ('${ns}') is reserved for Kubernetes or the platform's add-ons; use the team's own namespace`);
    }
  });

  test('requireAlbGroupName', () => {
    expect(requireAlbGroupName(S, K, 'groupName', 'acme-prod.public')).toBe('acme-prod.public');
    for (const bad of ['Acme', 'acme_prod', '-acme', 'a'.repeat(64)]) {
      expect(() => requireAlbGroupName(S, K, 'groupName', bad)).toThrow(`Thing 'app/thing': 'groupName' ('${bad}') is not an ALB group name`);
    }
  });

  test('requireRegion and requireZonesOfRegion', () => {
    expect(requireRegion(S, K, 'region', 'us-gov-west-1')).toBe('us-gov-west-1');
    expect(() => requireRegion(S, K, 'region', 'eu-west')).toThrow("Thing 'app/thing': 'region' ('eu-west') is not an AWS region name");
    expect(() => requireZonesOfRegion(S, K, 'availabilityZones', ['eu-west-1a', 'eu-west-1b', 'us-west-2-lax-1a'], 'eu-west-1')).toThrow(
      "Thing 'app/thing': 'availabilityZones' ('us-west-2-lax-1a') is not an availability zone of the region 'eu-west-1'; name zones of eu-west-1, e.g. \"eu-west-1a\"");
    expect(() => requireZonesOfRegion(S, K, 'availabilityZones', ['eu-west-1a', 'eu-west-12a'], 'eu-west-1')).toThrow(/'eu-west-12a'\) is not an availability zone/);
    expect(() => requireZonesOfRegion(S, K, 'availabilityZones', ['us-west-2a', 'us-west-2-lax-1a'], 'us-west-2')).not.toThrow();
  });

  test('requireInstanceType and requireDatabaseInstanceClass: the shape of a type', () => {
    for (const ok of ['m7i.large', 'c6gn.16xlarge', 'm7i-flex.large', 'u-6tb1.metal']) {
      expect(requireInstanceType(S, K, 'instanceTypes[0]', ok)).toBe(ok);
    }
    for (const bad of ['large', 'M7i.large', 'm7i large', 'db.m7g.large']) {
      expect(() => requireInstanceType(S, K, 'instanceTypes[0]', bad)).toThrow(`Thing 'app/thing': 'instanceTypes[0]' ('${bad}') is not an EC2 instance type`);
    }
    expect(requireDatabaseInstanceClass(S, K, 'instanceClass', 'db.t4g.micro')).toBe('db.t4g.micro');
    expect(() => requireDatabaseInstanceClass(S, K, 'instanceClass', 't4g.micro')).toThrow("Thing 'app/thing': 'instanceClass' ('t4g.micro') is not an RDS instance class");
  });

  test('requireLogRetentionDays: only what CloudWatch Logs accepts', () => {
    expect(requireLogRetentionDays(S, K, 'logRetentionDays', 3653)).toBe(3653);
    for (const bad of [0, 2, 100, 366, 3654, 7.5]) {
      expect(() => requireLogRetentionDays(S, K, 'logRetentionDays', bad)).toThrow(
        `Thing 'app/thing': 'logRetentionDays' (${bad}) is not a retention period CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`);
    }
  });

  test('ARNs: ACM certificates, IAM principals, resources', () => {
    const cert = 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    expect(requireCertificateArn(S, K, 'certificateArn', cert)).toBe(cert);
    expect(() => requireCertificateArn(S, K, 'certificateArn', 'arn:aws:iam::123456789012:server-certificate/x')).toThrow(/is not the ARN of an ACM certificate/);

    expect(requirePrincipalArn(S, K, 'principalArns[0]', 'arn:aws:iam::123456789012:role/team/shop')).toBeDefined();
    for (const bad of ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:group/admins', 'team-shop', 'arn:aws:sts::123456789012:assumed-role/a/b']) {
      expect(() => requirePrincipalArn(S, K, 'principalArns[0]', bad)).toThrow(`Thing 'app/thing': 'principalArns[0]' ('${bad}') is not the ARN of an IAM role or user`);
    }

    for (const ok of ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*', 'arn:aws:sqs:eu-west-1:123456789012:orders', 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t/index/*']) {
      expect(requireResourceArn(S, K, 'resourceArns[0]', ok)).toBe(ok);
    }
    for (const bad of ['*', 'orders', 'arn:aws:sqs:eu-west-1:*:orders', 'arn:aws:sqs:eu-west-1:123456789012:']) {
      expect(() => requireResourceArn(S, K, 'resourceArns[0]', bad)).toThrow(`Thing 'app/thing': 'resourceArns[0]' ('${bad}') is not a resource ARN`);
    }
  });

  test('requireIamActions: named actions only, no wildcard anywhere', () => {
    expect(() => requireIamActions(S, K, 'actions', ['s3:GetObject', 'sqs:SendMessage'])).not.toThrow();
    for (const bad of ['*', 's3:*', 's3:Get*', 's3:*Object', 's3:Get?bject'.replace('?', '*')]) {
      expect(() => requireIamActions(S, K, 'actions', ['s3:PutObject', bad])).toThrow(
        `Thing 'app/thing': 'actions' ('${bad}') is a wildcard action; name the individual actions the service needs`);
    }
    for (const bad of ['GetObject', 's3 GetObject', 's3:Get-Object']) {
      expect(() => requireIamActions(S, K, 'actions', [bad])).toThrow(`Thing 'app/thing': 'actions' ('${bad}') is not an IAM action`);
    }
  });

  test('values that are still tokens pass every check (judged at apply, not at synth)', () => {
    const t = token();
    const joined = Fn.join(',', ['a']);
    expect(() => {
      requirePrivateCidr(S, K, 'p', t);
      requireHostname(S, K, 'p', t);
      requireLabelValue(S, K, 'p', t);
      requireHttpPath(S, K, 'p', t);
      requireAlbGroupName(S, K, 'p', t);
      requireRegion(S, K, 'p', t);
      requireZonesOfRegion(S, K, 'p', [t], 'eu-west-1');
      requireZonesOfRegion(S, K, 'p', ['x'], t);
      requireInstanceType(S, K, 'p', t);
      requireDatabaseInstanceClass(S, K, 'p', t);
      requireLogRetentionDays(S, K, 'p', Token.asNumber(Lazy.numberValue({ produce: () => 2 })));
      requireCertificateArn(S, K, 'p', t);
      requirePrincipalArn(S, K, 'p', `arn:aws:iam::123456789012:role/${joined}`);
      requireResourceArn(S, K, 'p', t);
      requireIamActions(S, K, 'p', [t]);
      requireNotWholeInternet(S, K, 'p', ['0.0.0.0/1', t]);
    }).not.toThrow();
  });

  describe('claimName', () => {
    test('a name claimed twice in one app fails naming both construct paths; another app is separate', () => {
      // GIVEN two stacks of one app
      const app = Testing.app();
      const a = new Construct(new TerraformStack(app, 'a'), 'cluster');
      const b = new Construct(new TerraformStack(app, 'b'), 'cluster');
      claimName(a, K, 'cluster:acme-prod', "the cluster 'acme-prod'");
      // THEN
      expect(() => claimName(b, K, 'cluster:acme-prod', "the cluster 'acme-prod'")).toThrow(
        "Thing 'b/cluster': the cluster 'acme-prod' is made twice: here and by 'a/cluster' (each would write the same cloud resources); make it once per platform and environment");
      expect(() => claimName(a, K, 'cluster:acme-prod', 'same construct again')).not.toThrow();
      expect(() => claimName(new Construct(new TerraformStack(Testing.app(), 'a'), 'cluster'), K, 'cluster:acme-prod', 'x')).not.toThrow();
    });
  });
});
