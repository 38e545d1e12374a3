import * as fs from 'fs';
import * as path from 'path';
// ajv 6 (JSON Schema draft-07, the schema's draft) is installed with eslint, a dev dependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import Ajv from 'ajv';
import * as yaml from 'yaml';

/**
 * The GitHub workflow JSON schema of SchemaStore (https://json.schemastore.org/github-workflow.json),
 * copied unchanged from github.com/SchemaStore/schemastore at commit
 * 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e, src/schemas/json/github-workflow.json (Apache-2.0).
 * It is the schema editors and `check-jsonschema --builtin-schema github-workflows` validate
 * workflows with.
 */
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, 'github-workflow.schema.json'), 'utf-8'));
const validate = new Ajv({ allErrors: true, schemaId: 'auto', extendRefs: 'ignore', logger: false }).compile(SCHEMA);

/** The schema's errors for a workflow's YAML (empty when it is valid). */
export function workflowSchemaErrors(text: string): string[] {
  const doc = yaml.parse(text);
  if (validate(doc)) {
    return [];
  }
  return (validate.errors ?? []).map((e) => `${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every `uses:` of a workflow's steps. */
export function actionsUsed(text: string): string[] {
  const doc = yaml.parse(text);
  return Object.values<any>(doc.jobs).flatMap((job) => (job.steps ?? []).map((s: any) => s.uses).filter(Boolean));
}
