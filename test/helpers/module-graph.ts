/**
 * The module graph esbuild sees when it bundles `entryPoints` with every package left external: what
 * the layering tests read (which project files and packages a module reaches, through any other).
 */
import { build, type Metafile } from 'esbuild';
import { PROJECT_ROOT } from '../../infra/constructs/function';

export const moduleGraph = async (entryPoints: string[]): Promise<Metafile> => {
  const { metafile } = await build({
    entryPoints,
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'error',
  });
  return metafile;
};
