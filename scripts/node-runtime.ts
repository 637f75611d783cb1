import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The current LTS line of Node, for the second pass of the unit and integration tests (issue 19:
 * Node 20, what Debian ships here, reached its end of life in April 2026; the site must run on
 * both). npm's `node-<platform>-<arch>` packages carry the official binary itself, with no
 * install script, so npm can fetch it wherever it can fetch the project's own dependencies.
 * Kept in node_modules/.cache, so a second run does not fetch it again.
 */
export const CURRENT_LTS = 24;

export function provideNode(root: string, major = CURRENT_LTS): { binary: string; version: string } {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = path.join(root, 'node_modules', '.cache', `masthead-node${major}`);
  const binary = path.join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(dir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${major}`], {
      encoding: 'utf8',
      timeout: 5 * 60_000,
    });
    if (install.status !== 0 || !fs.existsSync(binary))
      throw new Error(`npm could not fetch ${pkg}@${major}: ${(install.stderr || install.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${binary} is ${version || 'not runnable'}, not Node ${major}`);
  return { binary, version };
}
