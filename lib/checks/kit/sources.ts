// Citations shared by several rules and by the README table. A source names the kernel commit or
// version, the QEMU constraint or the libvirt documentation a rule rests on.

export const LIBVIRT_RNG_DOC = 'https://libvirt.org/formatdomain.html#random-number-generator-device';
export const LIBVIRT_DISK_DOC = 'https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms';
export const LIBVIRT_GENID_DOC = 'https://libvirt.org/formatdomain.html#general-metadata';

export const LINUX_5_6 =
  'Linux 5.6, commit 30c08efec888 "random: make /dev/random be almost like /dev/urandom" (Andy Lutomirski): ' +
  '/dev/random blocks only until the CRNG is initialised, never again after';

export const LINUX_5_18 =
  'Linux 5.18 random.c rework by Jason A. Donenfeld (BLAKE2s extraction, a 256-bit input pool: poolsize ' +
  'reads 256 and entropy_avail reaches 256 when the CRNG is ready), backported to 5.10.119 and Ubuntu 5.15.0-47';

export const LINUX_3_17_HWRNG =
  'Linux 3.17, "hwrng: create filler thread" (Torsten Duwe): the kernel itself feeds hardware RNG output ' +
  'into the input pool; before 3.17 only a user-space rngd did';

export const LINUX_6_2_HWRNG_QUALITY =
  'Linux 6.2, commit 16bdbae39428 "hwrng: core - treat default_quality as a maximum and default to 1024" ' +
  '(Jason A. Donenfeld): before it, a hwrng with quality 0 is not credited by the kernel filler thread';

export const LINUX_4_19_TRUST_CPU =
  'Linux 4.19: random.trust_cpu= boot parameter (CONFIG_RANDOM_TRUST_CPU) lets RDRAND/RDSEED initialise the CRNG';

export const QEMU_AIO_NATIVE =
  'QEMU 2.6 (2016), block/raw-posix.c raw_open_common (now file-posix.c): Linux native AIO works only on ' +
  'O_DIRECT files, so QEMU refuses to start: "aio=native was specified, but it requires cache.direct=on, ' +
  'which was not specified." cache=none and cache=directsync are the modes with cache.direct=on';

export const QEMU_CACHE_UNSAFE =
  'QEMU block layer: cache=unsafe ignores guest flush requests (cache.no-flush=on), documented as ' +
  '"only for temporary data"; ' +
  LIBVIRT_DISK_DOC;
