/**
 * Fetch (once) Debian trixie's riscv64 Linux kernel, its modules and a static
 * busybox into the HyperStep cache, and print the paths. For humans and CI:
 *   npx tsx scripts/fetchLinux.ts [--cache DIR] [--offline] [--initramfs OUT]
 * Independent of the hyperstep CLI; see docs/linux.md and cli/linuxImages.ts.
 */
import { writeFileSync } from 'fs';
import { buildInitramfs, defaultCacheDir, ensureLinuxImages, LinuxImageError } from '../emulator/host/nodeLinuxImages';

async function main(argv: string[]): Promise<number> {
  let cacheDir = defaultCacheDir();
  let offline = false;
  let initramfs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cache' && i + 1 < argv.length) cacheDir = argv[++i];
    else if (a === '--initramfs' && i + 1 < argv.length) initramfs = argv[++i];
    else if (a === '--offline') offline = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npx tsx scripts/fetchLinux.ts [--cache DIR] [--offline] [--initramfs OUT.cpio]');
      return 0;
    } else {
      console.error(`fetchLinux: unknown argument "${a}" (try --help)`);
      return 2;
    }
  }
  const t0 = Date.now();
  try {
    const images = await ensureLinuxImages({ cacheDir, offline, log: (line) => console.error(`fetchLinux: ${line}`) });
    console.log(`version    ${images.version}`);
    console.log(`kernel     ${images.kernel}`);
    console.log(`busybox    ${images.busybox}`);
    console.log(`modulesDir ${images.modulesDir}`);
    if (initramfs) {
      writeFileSync(initramfs, buildInitramfs({ images }));
      console.log(`initramfs  ${initramfs}`);
    }
    console.error(`fetchLinux: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } catch (e) {
    if (e instanceof LinuxImageError) {
      console.error(`fetchLinux: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
