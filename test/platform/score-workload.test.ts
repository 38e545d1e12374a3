import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PlatformCluster, PostgresDatabase, ScoreWorkload, ServiceApp } from '../../src';
import { JsonSchemaValidator, jsonPath } from '../../src/score/private/json-schema';
import { SCORE_V1B1_SCHEMA } from '../../src/score/private/score-v1b1-schema';
import { parseYamlDocuments } from '../../src/score/private/yaml-documents';
import { schemaErrors } from '../k8s-schema';
import { find, prodStack, synthAll } from '../util';

const CLUSTER = PlatformCluster.fromAttributes({
  clusterName: 'acme-prod',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  vpcCidr: '10.0.0.0/16',
  databaseSubnetIds: ['subnet-1', 'subnet-2'],
  databaseSubnetCidrs: ['10.0.192.0/21', '10.0.200.0/21'],
  clusterSecurityGroupId: 'sg-0c0c0c0c0c0c0c0c0',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/acme-prod-nodes',
});

/** Writes a Score file (and optional neighbours) into a fresh folder; returns its path. */
function scoreFile(text: string, neighbours: { [name: string]: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'score-'));
  for (const [name, content] of Object.entries(neighbours)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
  const file = path.join(dir, 'score.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/**
 * samples/score-full.yaml of the Score specification, verbatim: https://github.com/score-spec/spec
 * (commit 94e31675bf90dd412b674f0f95935bad1060a685; Apache License 2.0).
 */
const SCORE_FULL_SAMPLE = `apiVersion: score.dev/v1b1
metadata:
  name: example-workload-name123
  extra-key: extra-value
  annotations:
    prefix.com/Another-Key_Annotation.2: something else
service:
  ports:
    port-one:
      port: 1000
      protocol: TCP
      targetPort: 10000
    port-two2:
      port: 8000
containers:
  container-one1:
    image: localhost:4000/repo/my-image:tag
    command: ["/bin/sh", "-c"]
    args: ["hello", "world"]
    resources:
      requests:
        cpu: 1000m
        memory: 10Gi
      limits:
        cpu: "0.24"
        memory: 128M
    variables:
      SOME_VAR: some content here
    files:
      /my/file:
        mode: "0600"
        source: file.txt
      /my/other/file:
        content: |
          some multiline
          content
      /my/other/binaryfile:
        binaryContent: ADBgwpA=
    volumes:
      /mnt/something:
        source: volume-name
        path: /sub/path
        readOnly: false
      /mnt/something-else:
        source: volume-two
    livenessProbe:
      httpGet:
        port: 8080
        path: /livez
      exec:
        command:
        - /bin/curl
        - -f
        - "http://localhost:8080/livez"
    readinessProbe:
      httpGet:
        host: 127.0.0.1
        port: 80
        scheme: HTTP
        path: /readyz
        httpHeaders:
        - name: SOME_HEADER
          value: some-value-here
  container-two2:
    image: .
resources:
  resource-one1:
    metadata:
      annotations:
        Default-Annotation: this is my annotation
        prefix.com/Another-Key_Annotation.2: something else
      extra-key: extra-value
    type: Resource-One
    class: default
    params:
      extra:
        data: here
  resource-two2:
    type: Resource-Two
  resource-three:
    type: Type-Three
    id: shared-type-three
`;

const MINIMAL = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
`;

const FULL = `apiVersion: score.dev/v1b1
metadata:
  name: catalog
  annotations:
    example.com/owner: shop
containers:
  main:
    image: .
    command: ["/app/catalog"]
    args: ["--listen", ":8080", "--name", "\${metadata.name}", "--literal", "$(NOT_A_VAR)"]
    variables:
      LOG_LEVEL: info
      PRICE: "$$5"
      SERVICE_NAME: \${metadata.name}
      DATABASE_URL: postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
      RAW: \${resources.db.password}
      LIBPQ: host=\${resources.db.host} password=\${resources.db.password}
      PUBLIC_URL: https://\${resources.dns.host}
    files:
      /etc/catalog/config.yaml:
        mode: "0440"
        content: |
          service: \${metadata.name}
          database: \${resources.db.name}
      /etc/catalog/raw.txt:
        content: "\${metadata.name}"
        noExpand: true
      /etc/catalog/banner.txt:
        source: banner.txt
    resources:
      requests: { cpu: 250m, memory: 256Mi }
      limits: { cpu: "1", memory: 1Gi }
    livenessProbe:
      httpGet: { path: /live, port: 8080 }
    readinessProbe:
      exec:
        command: ["/app/ready"]
service:
  ports:
    web: { port: 8000, targetPort: 8080 }
resources:
  db:
    type: postgres
  dns:
    type: dns
  route:
    type: route
    params: { host: "\${resources.dns.host}", path: /, port: 8000 }
`;

describe('ScoreWorkload', () => {
  describe('a full Score file', () => {
    // GIVEN a Score workload with every supported field, next to a ServiceApp
    const { app, stack } = prodStack();
    const file = scoreFile(FULL, { 'banner.txt': 'Welcome to ${metadata.name}\n' });
    const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.3.0', cluster: CLUSTER });
    const catalog = new ScoreWorkload(stack, 'catalog', { file, team: 'shop', imageTag: '1.0.0', cluster: CLUSTER });
    catalog.connect(orders);
    // WHEN synthesized
    const { tf, k8s } = synthAll(app);
    const objects = k8s.filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] === 'catalog' || o.metadata?.name?.startsWith('catalog'));
    const deployment = find(objects, 'Deployment', 'catalog');
    const container = deployment.spec.template.spec.containers[0];

    test('is a ServiceApp: the same kinds of objects, valid against the Kubernetes schema', () => {
      expect(catalog).toBeInstanceOf(ServiceApp);
      const kinds = (name: string) => [...new Set(k8s.filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] === name).map((o) => o.kind))].sort();
      for (const kind of kinds('orders')) {
        expect(kinds('catalog')).toContain(kind);
      }
      expect(kinds('catalog')).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Ingress', 'ConfigMap', 'ExternalSecret', 'NetworkPolicy']));
      expect(schemaErrors(objects)).toEqual([]);
    });

    test('image from its own repository, command and args with placeholders resolved and a literal $( escaped', () => {
      expect(container.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/catalog:1.0.0');
      expect(container.command).toEqual(['/app/catalog']);
      expect(container.args).toEqual(['--listen', ':8080', '--name', 'catalog', '--literal', '$$(NOT_A_VAR)']);
      expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    });

    test('plain variables in the ConfigMap, placeholders as container variables that Kubernetes expands', () => {
      expect(find(objects, 'ConfigMap', 'catalog-config').data).toEqual({ LOG_LEVEL: 'info', PRICE: '$5' });
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
      expect(env).toMatchObject({
        SERVICE_NAME: 'catalog',
        // In a URL's user part the password is the URL-escaped one (RDS passwords may hold '#', '?', '%', ':')
        DATABASE_URL: 'postgres://$(DB_USER):$(DB_PASSWORD_URLENCODED)@$(DB_HOST):5432/catalog_db',
        // Anywhere else (alone, or in a libpq connection string) the password is as it is
        RAW: '$(DB_PASSWORD)',
        LIBPQ: 'host=$(DB_HOST) password=$(DB_PASSWORD)',
        PUBLIC_URL: 'https://catalog.prod.acme.example.com',
      });
      // The connection variables come from the database's ExternalSecret, before the variables that use them.
      const secret = find(objects, 'ExternalSecret', 'catalog-db-catalog-db');
      expect(secret.spec.target.template.data).toMatchObject({
        DB_HOST: expect.any(String),
        DB_PASSWORD: '{{ (.master | fromJson).password }}',
        DB_PASSWORD_URLENCODED: '{{ (.master | fromJson).password | urlquery }}',
      });
      expect(container.envFrom).toContainEqual({ secretRef: { name: 'catalog-db-catalog-db' } });
    });

    test('a postgres resource becomes a PostgresDatabase connected to the service', () => {
      expect(Object.keys(catalog.databases)).toEqual(['db']);
      expect(catalog.databases.db.databaseName).toBe('catalog-db');
      expect(Object.values(tf.prod.resource.aws_db_instance).map((d: any) => d.identifier)).toEqual(['acme-prod-catalog-db']);
      const policy = find(objects, 'NetworkPolicy', 'catalog');
      expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.192.0/21' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    });

    test('files as a ConfigMap mounted file by file, expanded unless noExpand, source read beside the Score file', () => {
      const files = find(objects, 'ConfigMap', 'catalog-files');
      expect(files.data).toEqual({
        'file-0': 'service: catalog\ndatabase: catalog_db\n',
        'file-1': '${metadata.name}',
        'file-2': 'Welcome to catalog\n',
      });
      const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === 'score-files');
      expect(volume.configMap).toMatchObject({ name: 'catalog-files', items: expect.arrayContaining([{ key: 'file-0', path: 'file-0', mode: 0o440 }]) });
      expect(deployment.spec.template.metadata.annotations['paved-road.dev/files-checksum']).toMatch(/^[0-9a-f]{64}$/);
      expect(container.volumeMounts).toEqual(expect.arrayContaining([
        { name: 'score-files', mountPath: '/etc/catalog/config.yaml', subPath: 'file-0', readOnly: true },
        { name: 'score-files', mountPath: '/etc/catalog/banner.txt', subPath: 'file-2', readOnly: true },
      ]));
    });

    test('resources, probes and ports', () => {
      expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
      expect(container.livenessProbe.httpGet).toMatchObject({ path: '/live', port: 8080 });
      expect(container.startupProbe.httpGet).toMatchObject({ path: '/live', port: 8080 });
      expect(container.readinessProbe.exec).toEqual({ command: ['/app/ready'] });
      expect(container.readinessProbe.httpGet).toBeUndefined();
      expect(container.ports).toEqual([{ containerPort: 8080 }]);
      expect(find(objects, 'Service', 'catalog').spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }]);
    });

    test('dns and route become the Ingress at the service\'s host', () => {
      const ingress = find(objects, 'Ingress', 'catalog');
      expect(ingress.spec.rules[0].host).toBe('catalog.prod.acme.example.com');
      expect(ingress.spec.rules[0].http.paths[0].path).toBe('/');
    });
  });

  test('an image from another registry, one shared database by resource id, a bound database with its own prefix', () => {
    const { app, stack } = prodStack();
    const orders = new PostgresDatabase(stack, 'orders-db', { databaseName: 'orders', cluster: CLUSTER });
    const shared = (name: string) => scoreFile(`apiVersion: score.dev/v1b1
metadata: { name: ${name} }
containers:
  main:
    image: ghcr.io/acme/${name}:1.2.3
    variables: { ORDERS: "\${resources.orders.host}", CACHE: "\${resources.cache.port}" }
resources:
  orders: { type: postgres }
  cache: { type: postgres, id: shared-cache }
`);
    const a = new ScoreWorkload(stack, 'a', { file: shared('svc-a'), team: 'shop', cluster: CLUSTER, databases: [{ resource: 'orders', database: orders, envPrefix: 'PG' }] });
    const b = new ScoreWorkload(stack, 'b', { file: shared('svc-b'), team: 'shop', cluster: CLUSTER, databases: [{ resource: 'orders', database: orders }] });
    expect(a.databases.cache).toBe(b.databases.cache);
    expect(a.databases.orders).toBe(orders);
    const { k8s } = synthAll(app);
    const envOf = (name: string) => find(k8s, 'Deployment', name).spec.template.spec.containers[0].env;
    expect(envOf('svc-a')).toEqual(expect.arrayContaining([{ name: 'ORDERS', value: '$(PGHOST)' }, { name: 'CACHE', value: '5432' }]));
    expect(envOf('svc-b')).toContainEqual({ name: 'ORDERS', value: '$(ORDERS_HOST)' });
    expect(find(k8s, 'Deployment', 'svc-a').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/svc-a:1.2.3');
  });

  test('a minimal Score file gives a ServiceApp with its defaults (port 8080, /healthz and /readyz, Service port 80)', () => {
    const { app, stack } = prodStack();
    new ScoreWorkload(stack, 'web', { file: scoreFile(MINIMAL), team: 'shop', imageTag: '1.0.0' });
    const { k8s } = synthAll(app);
    const container = find(k8s, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ containerPort: 8080 }]);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(find(k8s, 'Service', 'web').spec.ports[0].port).toBe(80);
    expect(k8s.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  test('a limit alone: the request is the class default, or the limit when lower; decimal units round up to MiB', () => {
    const { app, stack } = prodStack();
    new ScoreWorkload(stack, 'web', {
      file: scoreFile(`${MINIMAL}    resources:\n      limits: { cpu: 100m, memory: 2G }\n`), team: 'shop', imageTag: '1.0.0',
    });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'Deployment', 'web').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { cpu: '100m', memory: '1908Mi' },
    });
  });

  describe('errors name the file and the JSON path', () => {
    const build = (text: string, props: any = {}, neighbours: { [name: string]: string } = {}) => {
      const { stack } = prodStack();
      const file = scoreFile(text, neighbours);
      return () => new ScoreWorkload(stack, 'w', { file, team: 'shop', imageTag: '1.0.0', cluster: CLUSTER, ...props });
    };
    const withContainer = (extra: string) => `${MINIMAL}${extra}`;

    test('a missing file, invalid YAML, several documents', () => {
      const { stack } = prodStack();
      expect(() => new ScoreWorkload(stack, 'w', { file: '/nonexistent/score.yaml', team: 'shop' }))
        .toThrow(/ScoreWorkload 'prod\/w': the Score file '\/nonexistent\/score.yaml' does not exist/);
      expect(build('apiVersion: [')).toThrow(/the Score file '.*score.yaml' is not valid YAML/);
      expect(build(`${MINIMAL}---\n${MINIMAL}`)).toThrow(/holds 2 documents; give one workload per file/);
    });

    test('schema violations, each with its path', () => {
      expect(build(MINIMAL.replace('score.dev/v1b1', 'score.dev/v1'))).toThrow(/does not match the Score schema \(score.dev\/v1b1\): 'apiVersion' \("score.dev\/v1"\) must match the pattern/);
      expect(build(`${MINIMAL}    colour: red\n`)).toThrow(/'containers.main.colour' is not a known field/);
      expect(build(withContainer('    resources:\n      limits: { cpu: "2 cores" }\n'))).toThrow(/'containers.main.resources.limits.cpu' \("2 cores"\) must match the pattern/);
      expect(build(withContainer('    files:\n      /etc/a: { mode: "0644" }\n')))
        .toThrow(/'containers.main.files\["\/etc\/a"\]' matches none of the allowed forms: .*is missing the required 'content'.*; or .*is missing the required 'binaryContent'.*; or .*'source'/);
      expect(build(MINIMAL.replace('name: web', 'name: Web'))).toThrow(/'metadata.name' \("Web"\) must match the pattern/);
      expect(build(`${MINIMAL}service:\n  ports:\n    web: { port: 99999 }\n`)).toThrow(/'service.ports.web.port' \(99999\) must be at most 65535/);
      expect(build(withContainer('    livenessProbe: {}\n'))).toThrow(/'containers.main.livenessProbe' matches none of the allowed forms/);
    });

    test('what a ServiceApp cannot run', () => {
      expect(build(`${MINIMAL}  side:\n    image: busybox:1.36\n`)).toThrow(/score.yaml: containers' has 2 containers \(main, side\); a ServiceApp runs one/);
      expect(build(withContainer('    volumes:\n      /data: { source: vol }\n'))).toThrow(/'.*score.yaml: containers.main.volumes' is not supported/);
      expect(build(withContainer('    before:\n      other: { ready: started }\n'))).toThrow(/'.*score.yaml: containers.main.before' is not supported/);
      expect(build(`${MINIMAL}service:\n  ports:\n    aa: { port: 80 }\n    bb: { port: 81 }\n`)).toThrow(/'.*score.yaml: service.ports' has 2 ports \(aa, bb\); a ServiceApp serves one/);
      expect(build(`${MINIMAL}service:\n  ports:\n    dns: { port: 53, protocol: UDP }\n`)).toThrow(/'.*score.yaml: service.ports.dns.protocol' is 'UDP'/);
    });

    test('a resource type it does not provision, named with its path', () => {
      expect(build(`${MINIMAL}resources:\n  cache:\n    type: redis\n`))
        .toThrow(/ScoreWorkload 'prod\/w': '.*score.yaml: resources.cache.type' is 'redis', a resource type ScoreWorkload does not provision \(it supports postgres, dns, route\)/);
    });

    test('images', () => {
      const { stack } = prodStack();
      const file = scoreFile(MINIMAL);
      expect(() => new ScoreWorkload(stack, 'w', { file, team: 'shop' })).toThrow(/'.*score.yaml: containers.main.image' is '.', the image built from this repository, and no imageTag is given/);
      expect(build(MINIMAL.replace('image: .', 'image: nginx:1.27'))).toThrow(/names the image 'nginx:1.27', and imageTag '1.0.0' is given too/);
      expect(build(MINIMAL.replace('image: .', 'image: nginx:latest'), { imageTag: undefined })).toThrow(/'.*score.yaml: containers.main.image' \('nginx:latest'\) uses the tag 'latest'/);
    });

    test('routes', () => {
      const route = (params: string) => `${MINIMAL}resources:\n  route:\n    type: route\n    params: ${params}\n`;
      expect(build(route('{ path: / }'))).toThrow(/'.*: resources.route.params.host' is missing/);
      expect(build(route('{ host: "${metadata.name}.example.com" }'))).toThrow(/resources.route.params.host' \(\$\{metadata.name\}.example.com\) is a placeholder other than a dns resource's host/);
      expect(build(route('{ host: a.example.com, path: /api }'))).toThrow(/resources.route.params.path' is '\/api'; the service is exposed at '\/' only/);
      expect(build(route('{ host: a.example.com, port: 81 }'))).toThrow(/resources.route.params.port' is 81, not the service port 80/);
    });

    test('placeholders', () => {
      const variable = (value: string, resources = '') => withContainer(`    variables:\n      X: "${value}"\n${resources}`);
      expect(build(variable('${nothing.here}'))).toThrow(/'.*: containers.main.variables.X' uses '\$\{nothing.here\}', which names nothing in the Score file/);
      expect(build(variable('${resources.db.secret}', 'resources:\n  db: { type: postgres }\n'))).toThrow(/uses '\$\{resources.db.secret\}', an output a 'postgres' resource does not have; use one of host, port/);
      expect(build(variable('${metadata.name'))).toThrow(/has an unterminated placeholder/);
      expect(build(withContainer('    variables:\n      "1X": "${metadata.name}"\n'))).toThrow(/'.*: containers.main.variables\["1X"\]' is not a valid environment variable name/);
      expect(build(withContainer('    files:\n      /etc/a:\n        content: "${resources.db.password}"\nresources:\n  db: { type: postgres }\n')))
        .toThrow(/'.*: containers.main.files\["\/etc\/a"\].content' uses '\$\{resources.db.password\}', which is known only in the pod/);
    });

    test('files', () => {
      expect(build(withContainer('    files:\n      - { target: etc/a, content: x }\n'))).toThrow(/'.*: containers.main.files\[0\]' has the target 'etc\/a', not an absolute path/);
      expect(build(withContainer('    files:\n      /etc/a: { source: missing.txt }\n'))).toThrow(/containers.main.files\["\/etc\/a"\].source' names 'missing.txt', and no file/);
    });

    test('database bindings', () => {
      const { stack } = prodStack();
      const db = new PostgresDatabase(stack, 'db', { databaseName: 'orders', cluster: CLUSTER });
      const file = scoreFile(`${MINIMAL}resources:\n  db: { type: postgres }\n`);
      expect(() => new ScoreWorkload(stack, 'w', { file, team: 'shop', imageTag: '1.0.0', databases: [{ resource: 'orders', database: db }] }))
        .toThrow(/ScoreWorkload 'prod\/w': 'databases' binds 'orders', which is no postgres resource of .*score.yaml; bind one of: db/);
      expect(() => new ScoreWorkload(prodStack().stack, 'v', { file, team: 'shop', imageTag: '1.0.0', databases: [{ resource: 'db', database: db, envPrefix: 'bad' }] }))
        .toThrow(/'envPrefix' \('bad'\) is not an environment variable prefix/);
    });
  });
});

describe('JsonSchemaValidator', () => {
  test('refuses a schema with a keyword it does not check', () => {
    expect(() => new JsonSchemaValidator({ type: 'object', patternProperties: {} })).toThrow(/keyword 'patternProperties' at # is not supported by this validator/);
    expect(() => new JsonSchemaValidator({ properties: { a: { $ref: 'https://example.com/s.json' } } }).validate({ a: 1 })).toThrow(/\$ref 'https:\/\/example.com\/s.json' is not a local/);
    expect(() => new JsonSchemaValidator({ type: 'date' }).validate(1)).toThrow(/type 'date' is not supported/);
    expect(() => new JsonSchemaValidator({ properties: { a: 3 } })).toThrow(/#\/properties\/a is not a schema/);
  });

  test('checks oneOf, not, minProperties, enum, minLength and integer types', () => {
    const v = new JsonSchemaValidator({
      type: 'object',
      minProperties: 1,
      properties: {
        one: { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] },
        not: { not: { required: ['x'] } },
        e: { enum: ['a', 'b'] },
        s: { type: 'string', minLength: 2, maxLength: 3 },
        i: { type: 'integer', minimum: 1 },
      },
    });
    expect(v.validate({})).toEqual([{ path: [], message: 'must have at least 1 entry' }]);
    expect(v.validate({ one: 'x', not: { x: 1 }, e: 'c', s: 'abcd', i: 1.5 }).map((p) => `${jsonPath(p.path)} ${p.message}`)).toEqual([
      'one matches 2 of the forms of which exactly one is allowed',
      'not is in a form that is not allowed here (it must not have \'x\')',
      'e ("c") must be one of "a", "b"',
      's ("abcd") must be at most 3 characters long',
      'i must be an integer, not number 1.5',
    ]);
    expect(jsonPath(['files', '/etc/a', 0, 'x'])).toBe('files["/etc/a"][0].x');
  });

  test('the Score schema passes the upstream sample workload, and the importer refuses what it does not run in it', () => {
    const sample = parseYamlDocuments(SCORE_FULL_SAMPLE);
    expect(sample.error).toBeUndefined();
    expect(new JsonSchemaValidator(SCORE_V1B1_SCHEMA).validate(sample.documents[0])).toEqual([]);
    expect(() => new ScoreWorkload(prodStack().stack, 'w', { file: scoreFile(SCORE_FULL_SAMPLE), team: 'shop' }))
      .toThrow(/score.yaml: containers' has 2 containers \(container-one1, container-two2\)/);
  });
});
