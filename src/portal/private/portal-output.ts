import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { BACKSTAGE_API_VERSION, CATALOG_FILE, CATALOG_GROUP_NAMESPACE, DEFAULT_CATALOG_FOLDER, DIAGRAM_FILE } from './names';
import { Catalog } from '../catalog';
import { renderEnvironmentDiagram } from './environment-diagram';
import { stringifyYaml } from '../../private/engine/yaml';
import { PortalOptions } from '../portal-options';

/** The portal files of one synthesis, gathered before anything is written. @internal */
export class PortalOutput {
  /**
   * Gathers the catalog from the trees. Problems (invalid or clashing entity names) are returned,
   * not thrown, so that synthesis lists them with the others and writes nothing.
   */
  public static prepare(roots: IConstruct[], options: PortalOptions): PortalOutput {
    const outdir = options.outdir ?? DEFAULT_CATALOG_FOLDER;
    if (options.enabled === false) {
      return new PortalOutput(outdir, new Map(), []);
    }
    try {
      return new PortalOutput(outdir, PortalOutput.render(Catalog.gather(roots, { platformTeam: options.platformTeam })), []);
    } catch (e) {
      return new PortalOutput(outdir, new Map(), [(e as Error).message]);
    }
  }

  /** Every file (path relative to the catalog folder) and its content. */
  public static render(catalog: Catalog): Map<string, string> {
    const files = new Map<string, string>();
    const envs = catalog.environmentList;
    const root = catalog.toEntities();
    if (envs.length > 0) {
      root.push({
        apiVersion: BACKSTAGE_API_VERSION,
        kind: 'Location',
        metadata: { name: `${catalog.platformTeam}-environments`, namespace: CATALOG_GROUP_NAMESPACE, description: 'Catalog files of each environment, written by cdk-paved-road' },
        spec: { targets: envs.map((e) => `./${e.folder}/${CATALOG_FILE}`) },
      });
    }
    files.set(CATALOG_FILE, stringifyYaml(root));
    for (const env of envs) {
      files.set(`${env.folder}/${CATALOG_FILE}`, stringifyYaml(catalog.toEntities(env)));
      files.set(`${env.folder}/${DIAGRAM_FILE}`, renderEnvironmentDiagram(catalog, env));
    }
    return files;
  }

  private constructor(
    /** Folder the files go to. */
    public readonly outdir: string,
    /** Files by path relative to `outdir`. */
    public readonly files: Map<string, string>,
    /** Problems found while gathering. */
    public readonly problems: string[]) {
  }

  /** Writes the files, into `outdir` (PlatformApp stages them in a temporary folder first). */
  public write(outdir: string = this.outdir): void {
    for (const [file, content] of this.files) {
      const target = path.join(outdir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
}
